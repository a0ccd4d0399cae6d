package workshop.testkit.watch;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.testkit.Manifest;
import workshop.testkit.progress.ProgressListener;

/**
 * Runs the visible tests of one exercise through the JUnit Platform Launcher, in a fresh class loader
 * over watch mode's freshly compiled classes, with the same {@link ProgressListener} that
 * {@code ./mvnw test} uses: the same table, the same memory of each exercise's last full run.
 *
 * <p>The launcher, JUnit, AssertJ and Mockito stay loaded (and warm) in this JVM; only the learner's
 * classes, the exercise's tests and the test kit they use are loaded anew each time.
 */
final class TestRun {

    /** What one run said. */
    record Outcome(String table, ProgressListener listener, Map<String, String> timelines, double seconds) {}

    private final Manifest manifest;
    private final Path progressFile;
    private final Path project;
    private final Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false).build());

    /** @param project the learner's project, where a passing exercise's walkthrough is opened */
    TestRun(Manifest manifest, Path progressFile, Path project) {
        this.manifest = manifest;
        this.progressFile = progressFile;
        this.project = project;
        // Every SlowCall a test builds is kept for its timeline ('t'); the fresh loader's copy reads this.
        // (By name: watch mode itself is compiled without the test kit's SlowCall and the learner's classes.)
        System.setProperty("workshop.slowcall.keep", "true");
    }

    /**
     * Runs the test classes ({@code *Test}) of the exercise's package found in {@code testClasses}.
     *
     * @param classes the learner's compiled classes
     * @param testClasses the compiled tests and test kit
     */
    Outcome run(Manifest.Exercise exercise, Path classes, Path testClasses) {
        long start = System.nanoTime();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressListener progress = new ProgressListener(() -> manifest,
                new PrintStream(printed, true, StandardCharsets.UTF_8), progressFile, project);
        Thread me = Thread.currentThread();
        ClassLoader previous = me.getContextClassLoader();
        String classpath = System.getProperty("java.class.path");
        Map<String, String> timelines = new LinkedHashMap<>();
        try (Fresh loader = new Fresh(new URL[] {url(classes), url(testClasses)}, TestRun.class.getClassLoader())) {
            List<ClassSelector> selectors = new ArrayList<>();
            for (String name : testClassNames(testClasses, exercise)) {
                selectors.add(selectClass(loader.loadClass(name)));
            }
            me.setContextClassLoader(loader);
            // Child JVMs that a test starts with the running JVM's classpath (exercise 4) find the fresh classes first.
            System.setProperty("java.class.path", classes + File.pathSeparator + testClasses + File.pathSeparator + classpath);
            if (!selectors.isEmpty()) {
                launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), progress,
                        new Timelines(loader, timelines));
            }
        } catch (ClassNotFoundException | IOException e) {
            throw new IllegalStateException("cannot load the tests of " + exercise.id() + ": " + e, e);
        } finally {
            me.setContextClassLoader(previous);
            System.setProperty("java.class.path", classpath);
        }
        return new Outcome(printed.toString(StandardCharsets.UTF_8), progress, timelines, (System.nanoTime() - start) / 1e9);
    }

    /** The exercise's top-level test classes, as Surefire finds them ({@code **}{@code /*Test}), in name order. */
    static List<String> testClassNames(Path testClasses, Manifest.Exercise exercise) {
        Path folder = testClasses.resolve(exercise.javaPackage().replace('.', '/'));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Test.class") && !n.contains("$"))
                    .sorted()
                    .map(n -> exercise.javaPackage() + "." + n.substring(0, n.length() - ".class".length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Child first for the learner's classes, the tests and the test kit ({@code workshop.*}), so that a
     * stale copy on the JVM's own classpath (Maven's target/) never wins; parent first for the rest, and
     * for what watch mode itself uses (the progress table, the manifest).
     */
    static final class Fresh extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        Fresh(URL[] urls, ClassLoader parent) {
            super("watch-run", urls, parent);
        }

        static boolean fresh(String name) {
            return name.startsWith("workshop.") && !name.startsWith("workshop.testkit.watch.")
                    && !name.startsWith("workshop.testkit.progress.") && !name.startsWith("workshop.testkit.Manifest");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!fresh(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** After each test, the timeline of every SlowCall it built that says its ideal makespan (the overlap tests). */
    private static final class Timelines implements TestExecutionListener {
        private final Map<String, String> out;
        private final Method take;

        Timelines(ClassLoader loader, Map<String, String> out) {
            this.out = out;
            Method found;
            try {
                found = Class.forName("workshop.testkit.SlowCall", true, loader).getMethod("takeBuilt");
            } catch (ReflectiveOperationException | LinkageError e) {
                found = null; // a test kit without it: no timelines
            }
            this.take = found;
        }

        private List<?> taken() {
            try {
                return take == null ? List.of() : (List<?>) take.invoke(null);
            } catch (ReflectiveOperationException e) {
                return List.of();
            }
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                taken();
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, org.junit.platform.engine.TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            StringBuilder drawn = new StringBuilder();
            for (Object slow : taken()) {
                try {
                    Optional<?> ideal = (Optional<?>) slow.getClass().getMethod("ideal").invoke(slow);
                    if (ideal.isPresent()) {
                        drawn.append(slow.getClass().getMethod("timeline").invoke(slow));
                    }
                } catch (ReflectiveOperationException e) {
                    // not drawable
                }
            }
            if (!drawn.isEmpty()) {
                out.put(id.getDisplayName(), drawn.toString());
            }
        }
    }
}
