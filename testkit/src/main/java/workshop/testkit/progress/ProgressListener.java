package workshop.testkit.progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import workshop.testkit.Manifest;

/**
 * Prints the {@link Progress progress table} after every test run of a learner's project.
 *
 * <p>A learner's generated project registers it in
 * {@code src/test/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener},
 * so it runs under Maven (Surefire) and in IDEs alike. The workshop's own build does not register
 * it, and the grader turns listener auto-registration off.
 *
 * <p>It reads the manifest ({@code workshop/info.toml}) from the test classpath, and these system
 * properties, which the generated project's pom sets:
 *
 * <ul>
 *   <li>{@value #PROGRESS_FILE}: where to remember each exercise's status between runs, so a run of
 *       one exercise still shows the others as they were;
 *   <li>{@value #TEST_FILTER} and {@value #GROUPS_FILTER}: Surefire's {@code -Dtest} and
 *       {@code -Dgroups}; when either is set, only some tests of an exercise may have run.
 * </ul>
 */
public final class ProgressListener implements TestExecutionListener {

    /** System property: the file that remembers each exercise's status between runs. */
    public static final String PROGRESS_FILE = "workshop.progress.file";
    /** System property: the {@code -Dtest} filter of this run, if any. */
    public static final String TEST_FILTER = "workshop.filter.test";
    /** System property: the {@code -Dgroups} filter of this run, if any. */
    public static final String GROUPS_FILTER = "workshop.filter.groups";

    private final Supplier<Manifest> manifest;
    private final PrintStream out;
    private final Path progressFile;
    private final boolean partial;
    private Progress progress;

    /** The listener JUnit's service loader creates. */
    public ProgressListener() {
        this(ProgressListener::manifestOnClasspath, System.out, pathProperty(PROGRESS_FILE),
                isSet(System.getProperty(TEST_FILTER)) || isSet(System.getProperty(GROUPS_FILTER)));
    }

    /**
     * @param manifest the exercises (asked for when a test plan starts)
     * @param out where the table goes
     * @param progressFile where statuses are remembered between runs, or {@code null} for nowhere
     * @param partial whether a filter may have left out some tests of an exercise
     */
    public ProgressListener(Supplier<Manifest> manifest, PrintStream out, Path progressFile, boolean partial) {
        this.manifest = manifest;
        this.out = out;
        this.progressFile = progressFile;
        this.partial = partial;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            progress = new Progress(manifest.get(), partial);
        } catch (RuntimeException e) {
            progress = null; // no manifest on this classpath: not a workshop project, stay quiet
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (progress == null || result.getStatus() == TestExecutionResult.Status.ABORTED) {
            return;
        }
        String className = className(id.getSource().orElse(null));
        if (className == null) {
            return;
        }
        boolean failed = result.getStatus() == TestExecutionResult.Status.FAILED;
        Throwable failure = failed
                ? result.getThrowable().orElseGet(() -> new AssertionError("failed without an exception"))
                : null;
        if (id.isTest()) {
            progress.record(className, id.getDisplayName(), failure);
        } else if (failed) {
            // A test class that cannot start (a failing @BeforeAll, a class that does not link) runs none
            // of its tests: count it as one failure of its exercise.
            progress.record(className, id.getDisplayName(), failure);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (progress == null || !progress.ranAny()) {
            return;
        }
        Map<String, Status> earlier = load();
        out.print(progress.table(earlier, command()));
        out.flush();
        Map<String, Status> remembered = new LinkedHashMap<>(earlier);
        remembered.putAll(progress.statuses());
        save(remembered);
    }

    private static String className(TestSource source) {
        if (source instanceof MethodSource method) {
            return method.getClassName();
        }
        if (source instanceof ClassSource type) {
            return type.getClassName();
        }
        return null;
    }

    private static Manifest manifestOnClasspath() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == null) {
            thread.setContextClassLoader(ProgressListener.class.getClassLoader());
        }
        try {
            return Manifest.fromClasspath();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String command() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "mvnw" : "./mvnw";
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank() && !value.startsWith("${");
    }

    private static Path pathProperty(String name) {
        String value = System.getProperty(name);
        return isSet(value) ? Path.of(value) : null;
    }

    private Map<String, Status> load() {
        Map<String, Status> statuses = new LinkedHashMap<>();
        if (progressFile == null || !Files.isRegularFile(progressFile)) {
            return statuses;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(progressFile)) {
            properties.load(in);
        } catch (IOException e) {
            return statuses; // a lost memory only costs the "last full run" column
        }
        for (String id : properties.stringPropertyNames()) {
            try {
                statuses.put(id, Status.valueOf(properties.getProperty(id)));
            } catch (IllegalArgumentException e) {
                // written by another version: ignore the entry
            }
        }
        return statuses;
    }

    private void save(Map<String, Status> statuses) {
        if (progressFile == null) {
            return;
        }
        Properties properties = new Properties();
        statuses.forEach((id, status) -> properties.setProperty(id, status.name()));
        try {
            Files.createDirectories(progressFile.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(progressFile)) {
                properties.store(file, "Each exercise's status after its last full test run (see ProgressListener)");
            }
        } catch (IOException e) {
            out.println("(could not remember the progress in " + progressFile + ": " + e.getMessage() + ")");
        }
    }
}
