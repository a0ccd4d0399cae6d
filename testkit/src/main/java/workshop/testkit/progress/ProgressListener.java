package workshop.testkit.progress;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.testkit.Manifest;

/**
 * Prints the {@link Progress progress table} after every test run of a learner's project.
 *
 * <p>A learner's generated project registers it in
 * {@code src/test/resources/META-INF/services/org.junit.platform.launcher.TestExecutionListener},
 * so it runs under Maven (Surefire) and in IDEs alike. The workshop's own build does not register
 * it, and the grader turns listener auto-registration off.
 *
 * <p>It reads the manifest ({@code workshop/info.toml}) from the test classpath. When the system
 * property {@value #PROGRESS_FILE} names a file, it remembers each exercise's status there, so that a
 * run of one exercise still shows how the others stood. To tell a whole exercise from a few of its
 * tests ({@code -Dtest=...}, {@code -Dgroups=...}, one test run from an IDE), it discovers the
 * exercise's test methods and compares them with those that ran.
 */
public final class ProgressListener implements TestExecutionListener {

    /** System property: the file that remembers each exercise's status between runs. */
    public static final String PROGRESS_FILE = "workshop.progress.file";

    /**
     * System property: a file to write the table to instead of printing it. The learner's pom sets it,
     * and Maven itself prints the file when it exits, so that the table is the last thing a run shows,
     * after Surefire's summary and Maven's own lines.
     */
    public static final String TABLE_FILE = "workshop.progress.table";

    /**
     * System property: the learner's project folder, where a passing exercise's walkthrough is written
     * ({@code walkthroughs/<id>.md}, from {@code .workshop/walkthroughs/<id>.md.b64}). The learner's pom
     * sets it; without it (an IDE) the working folder is used when it holds the encoded walkthroughs.
     */
    public static final String PROJECT = "workshop.project";

    private final Supplier<Manifest> manifest;
    private final PrintStream out;
    private final Path progressFile;
    /** The learner's project, or {@code null}: where walkthroughs are opened (see {@link #PROJECT}). */
    private final Path project;
    /** Where the table goes instead of {@link #out}, or {@code null}: see {@link #TABLE_FILE}. */
    private Path tableFile;
    private Manifest exercises;
    private Progress progress;
    /** The test methods ("class#method") that ran or were skipped, by exercise id. */
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Set<String> skippedClasses = new HashSet<>();

    /** The listener JUnit's service loader creates. */
    public ProgressListener() {
        this(ProgressListener::manifestOnClasspath, System.out, progressFileProperty(), projectProperty());
        this.tableFile = tableFileProperty();
    }

    /**
     * @param manifest the exercises (asked for when a test plan starts)
     * @param out where the table goes
     * @param progressFile where statuses are remembered between runs, or {@code null} for nowhere
     */
    public ProgressListener(Supplier<Manifest> manifest, PrintStream out, Path progressFile) {
        this(manifest, out, progressFile, null);
    }

    /**
     * @param manifest the exercises (asked for when a test plan starts)
     * @param out where the table goes
     * @param progressFile where statuses are remembered between runs, or {@code null} for nowhere
     * @param project the learner's project, where a passing exercise's walkthrough is opened, or {@code
     *     null} for none
     */
    public ProgressListener(Supplier<Manifest> manifest, PrintStream out, Path progressFile, Path project) {
        this.manifest = manifest;
        this.out = out;
        this.progressFile = progressFile;
        this.project = project;
    }

    /** What the last test plan said, or {@code null} before the first or outside a workshop project. */
    public Progress progress() {
        return progress;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        seen.clear();
        skippedClasses.clear();
        try {
            exercises = manifest.get();
            progress = new Progress(exercises, ProgressListener::instructionsOnClasspath);
        } catch (RuntimeException e) {
            progress = null; // no manifest on this classpath: not a workshop project, stay quiet
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (progress != null) {
            TestSource source = id.getSource().orElse(null);
            if (source instanceof ClassSource type) {
                skippedClasses.add(type.getClassName());
            }
            see(source);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (progress == null) {
            return;
        }
        TestSource source = id.getSource().orElse(null);
        see(source);
        String className = className(source);
        if (className == null || result.getStatus() == TestExecutionResult.Status.ABORTED) {
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
        for (Manifest.Exercise exercise : exercises.exercises()) {
            if (progress.ran(exercise.id()) && !ranAll(exercise)) {
                progress.partial(exercise.id());
            }
        }
        for (Map.Entry<String, Status> full : progress.statuses().entrySet()) {
            if (full.getValue() == Status.DONE) {
                String opened = openWalkthrough(project, full.getKey());
                if (opened != null) {
                    progress.walkthrough(full.getKey(), opened);
                }
            }
        }
        Map<String, Status> earlier = load();
        String table = progress.table(earlier, command());
        boolean written = false;
        if (tableFile != null) {
            try {
                Files.createDirectories(tableFile.toAbsolutePath().getParent());
                Files.writeString(tableFile, table);
                written = true;
            } catch (IOException e) {
                // print it here instead
            }
        }
        if (!written) {
            out.print(table);
            out.flush();
        }
        Map<String, Status> remembered = new LinkedHashMap<>(earlier);
        remembered.putAll(progress.statuses());
        save(remembered);
    }

    /**
     * Opens an exercise's walkthrough once it passes: decodes {@code .workshop/walkthroughs/<id>.md.b64}
     * into {@code walkthroughs/<id>.md}, over the page that stood in for it.
     *
     * @return where it is, relative to the project, or {@code null} when the project has none for it
     */
    public static String openWalkthrough(Path project, String exerciseId) {
        if (project == null) {
            return null;
        }
        String readable = "walkthroughs/" + exerciseId + ".md";
        Path encoded = project.resolve(".workshop/walkthroughs/" + exerciseId + ".md.b64");
        try {
            if (!Files.isRegularFile(encoded)) {
                return null;
            }
            byte[] text = Base64.getMimeDecoder().decode(Files.readAllBytes(encoded));
            Path file = project.resolve(readable);
            if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), text)) {
                Files.createDirectories(file.getParent());
                Files.write(file, text);
            }
            return readable;
        } catch (IOException | IllegalArgumentException e) {
            return null; // it stays closed; the exercise still counts as done
        }
    }

    private void see(TestSource source) {
        if (source instanceof MethodSource method) {
            exercises.owner(method.getClassName()).ifPresent(exercise ->
                    seen.computeIfAbsent(exercise.id(), id -> new HashSet<>()).add(key(method)));
        }
    }

    /** Whether every test method in the exercise's package ran (or was skipped) in this run. */
    private boolean ranAll(Manifest.Exercise exercise) {
        Set<String> ran = seen.getOrDefault(exercise.id(), Set.of());
        try {
            TestPlan all = LauncherFactory.create(LauncherConfig.builder()
                            .enableTestExecutionListenerAutoRegistration(false)
                            .build())
                    .discover(LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectPackage(exercise.javaPackage()))
                            .build());
            for (TestIdentifier root : all.getRoots()) {
                for (TestIdentifier id : all.getDescendants(root)) {
                    if (id.getSource().orElse(null) instanceof MethodSource method
                            && exercise.owns(method.getClassName())
                            && !ran.contains(key(method))
                            && !skippedClasses.contains(method.getClassName())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return true; // cannot tell: trust the run
        }
    }

    private static String key(MethodSource method) {
        return method.getClassName() + "#" + method.getMethodName() + "(" + method.getMethodParameterTypes() + ")";
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

    /** An exercise's instructions, which the learner's pom puts on the test classpath beside info.toml. */
    private static String instructionsOnClasspath(Manifest.Exercise exercise) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ProgressListener.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream("workshop/" + exercise.instructions())) {
            return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** How the learner runs the build here: {@code ./mvnw}, or {@code mvnw} on Windows. */
    public static String command() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "mvnw" : "./mvnw";
    }

    private static Path tableFileProperty() {
        String value = System.getProperty(TABLE_FILE);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static Path projectProperty() {
        String value = System.getProperty(PROJECT);
        if (value != null && !value.isBlank()) {
            return Path.of(value);
        }
        Path here = Path.of(System.getProperty("user.dir", "."));
        return Files.isDirectory(here.resolve(".workshop/walkthroughs")) ? here : null;
    }

    private static Path progressFileProperty() {
        String value = System.getProperty(PROGRESS_FILE);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private Map<String, Status> load() {
        return remembered(progressFile);
    }

    /**
     * Each exercise's status after its last full run, as {@code progressFile} remembers it (none when
     * it is {@code null}, missing or unreadable): the table's "last full run" column.
     */
    public static Map<String, Status> remembered(Path progressFile) {
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
