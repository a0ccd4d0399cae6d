package workshop.grader;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.testkit.Manifest;

/**
 * Runs the hidden tests against a set of compiled exercise classes and scores them, exercise by
 * exercise. The hidden tests and the classes under test are loaded in a fresh
 * {@link ExerciseClassLoader}, so a run never sees another run's implementation.
 *
 * <p>Every hidden test runs with a time limit on a thread of its own, so a deadlock or an endless
 * loop fails that test and the run goes on.
 */
public final class HiddenTestRunner {

    /** The time limit of a hidden test that names none itself. */
    public static final String DEFAULT_TIMEOUT = "30 s";

    private final Manifest manifest;
    private final Path hiddenTests;

    /** A runner for the hidden tests packaged with this class, and the manifest beside them. */
    public HiddenTestRunner() {
        this(Manifest.fromClasspath(), codeSource(HiddenTestRunner.class));
    }

    HiddenTestRunner(Manifest manifest, Path hiddenTests) {
        this.manifest = manifest;
        this.hiddenTests = hiddenTests;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Where {@code type}'s class file was loaded from: a class folder or a jar. */
    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }

    /** Grades every exercise in the manifest. */
    public ScoreReport grade(String label, List<Path> classRoots) {
        return grade(label, classRoots, manifest.exercises().stream().map(Manifest.Exercise::id).toList());
    }

    /**
     * Runs the hidden tests of the given exercises against the classes under {@code classRoots}.
     *
     * @param label what is being graded, for the report
     * @param classRoots class folders or jars holding the implementation under test
     * @param exerciseIds which exercises to grade, by manifest id
     */
    public ScoreReport grade(String label, List<Path> classRoots, Collection<String> exerciseIds) {
        return grade(label, classRoots, exerciseIds, testId -> true);
    }

    /**
     * Like {@link #grade(String, List, Collection)}, but runs only the hidden tests whose id
     * ({@code ClassName#method}) {@code tests} accepts.
     */
    public ScoreReport grade(String label, List<Path> classRoots, Collection<String> exerciseIds,
            java.util.function.Predicate<String> tests) {
        return grade(label, classRoots, exerciseIds, tests, Progress.NONE);
    }

    /**
     * Hears about each hidden test method as it starts and finishes, while a grading runs (the
     * grader's worker streams these to its parent, so a verdict survives the JVM that found it).
     */
    public interface Progress {

        /** Hears nothing. */
        Progress NONE = new Progress() {};

        /** A hidden test method is about to run. */
        default void started(String exerciseId, String testId) {}

        /**
         * A hidden test method finished, every invocation of it.
         *
         * @param failure what made it fail, as thrown (empty when it passed)
         */
        default void finished(TestResult result, Optional<Throwable> failure) {}
    }

    /**
     * Like {@link #grade(String, List, Collection, java.util.function.Predicate)}, telling
     * {@code progress} about each test method as it starts and finishes.
     */
    public ScoreReport grade(String label, List<Path> classRoots, Collection<String> exerciseIds,
            java.util.function.Predicate<String> tests, Progress progress) {
        List<Path> roots = new ArrayList<>();
        roots.add(hiddenTests); // first: a submission can never shadow a hidden test
        roots.addAll(classRoots);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (ExerciseClassLoader loader = new ExerciseClassLoader(roots, manifest, HiddenTestRunner.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            List<Manifest.Exercise> exercises = manifest.exercises().stream()
                    .filter(e -> exerciseIds.contains(e.id())).toList();
            List<Class<?>> testClasses = new ArrayList<>();
            for (String name : hiddenTestClassNames()) {
                if (exercises.stream().anyMatch(e -> e.owns(name))) {
                    testClasses.add(Class.forName(name, false, loader));
                }
            }
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (Class<?> testClass : testClasses) {
                for (Method method : testClass.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Points.class) && tests.test(testClass.getSimpleName() + "#" + method.getName())) {
                        selectors.add(selectMethod(testClass, method));
                    }
                }
            }
            Map<String, List<TestResult>> byExercise = run(selectors, loader, progress);
            List<ExerciseScore> scores = exercises.stream()
                    .map(e -> new ExerciseScore(e, byExercise.getOrDefault(e.id(), List.of())))
                    .toList();
            return new ScoreReport(label, scores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a hidden test class vanished: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * A hidden test method as listed before anything runs.
     *
     * @param test which test
     * @param leaderboard the Gradescope leaderboard column it measures ({@link Leaderboard}), or null
     * @param order that column's order, "asc" or "desc" (null without one)
     */
    public record PlannedTest(HiddenTest test, String leaderboard, String order) {

        public PlannedTest(HiddenTest test) {
            this(test, null, null);
        }

        /** This test's verdict when it failed, or was not run, for {@code reason}. */
        public TestResult failed(String reason) {
            return new TestResult(test, false, reason);
        }
    }

    /**
     * The hidden tests of the given exercises, read from their class files without loading any class,
     * so the list never depends on a submission; in the order they run (see {@link DeclarationOrder}).
     */
    public List<PlannedTest> plan(Collection<String> exerciseIds) throws IOException {
        List<PlannedTest> planned = new ArrayList<>();
        for (Manifest.Exercise exercise : manifest.exercises()) {
            if (exerciseIds.contains(exercise.id())) {
                planned.addAll(index(exercise).plan());
            }
        }
        return planned;
    }

    /**
     * Which hidden tests of the given exercises could not link to the classes under {@code classRoots},
     * and why: a class, method, constructor or field they use is missing or declared differently from
     * the stub. Tests that link fine are absent from the map.
     */
    public Map<String, List<String>> linkProblems(List<Path> classRoots, Collection<String> exerciseIds) throws IOException {
        List<Path> roots = new ArrayList<>();
        roots.add(hiddenTests);
        roots.addAll(classRoots);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        try (ExerciseClassLoader loader = new ExerciseClassLoader(roots, manifest, HiddenTestRunner.class.getClassLoader())) {
            for (Manifest.Exercise exercise : manifest.exercises()) {
                if (exerciseIds.contains(exercise.id())) {
                    problems.putAll(index(exercise).linkProblems(loader));
                }
            }
        }
        return problems;
    }

    private final Map<String, HiddenTestIndex> indexes = new ConcurrentHashMap<>();

    /** The hidden tests of {@code exercise} read as class files, once per runner. */
    private HiddenTestIndex index(Manifest.Exercise exercise) throws IOException {
        HiddenTestIndex index = indexes.get(exercise.id());
        if (index == null) {
            index = HiddenTestIndex.of(manifest, exercise, hiddenTests, hiddenTestClassNames());
            indexes.put(exercise.id(), index);
        }
        return index;
    }

    /**
     * Reads ahead what grading the given exercises will need (the hidden tests as class files, the
     * test engine's classes), so it can overlap with compiling a submission.
     */
    public void prepare(Collection<String> exerciseIds) throws IOException {
        plan(exerciseIds);
        LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
    }

    /** The hidden test classes packaged beside this runner: {@code *HiddenTest} in an exercise package. */
    public List<String> hiddenTestClassNames() throws IOException {
        List<String> entries;
        if (Files.isDirectory(hiddenTests)) {
            try (Stream<Path> files = Files.walk(hiddenTests)) {
                entries = files.map(f -> hiddenTests.relativize(f).toString().replace('\\', '/')).toList();
            }
        } else {
            try (JarFile jar = new JarFile(hiddenTests.toFile())) {
                entries = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            }
        }
        return entries.stream()
                .filter(e -> e.endsWith("HiddenTest.class"))
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                .filter(name -> manifest.owner(name).isPresent())
                .sorted()
                .toList();
    }

    private Map<String, List<TestResult>> run(List<DiscoverySelector> selectors, ClassLoader loader, Progress progress) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.execution.timeout.default", DEFAULT_TIMEOUT)
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .configurationParameter("junit.jupiter.execution.timeout.mode", "enabled")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                // The same order in every run, the order the tests are written in (see DeclarationOrder).
                .configurationParameter("junit.jupiter.testmethod.order.default", DeclarationOrder.class.getName())
                .configurationParameter("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$ClassName")
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
        TestPlan plan = launcher.discover(request);
        // What Leaderboard tests published in this run, by method key: the last number under Leaderboard.KEY.
        Map<String, Double> figures = new ConcurrentHashMap<>();
        Recorder recorder = new Recorder(plan, (id, failure) -> result(id, failure, loader, figures), progress, figures::put);
        launcher.execute(plan, recorder);

        // One graded unit per test method; a repeated or parameterized method passes only if all its
        // invocations pass. A method that never ran (its class failed to load or set up) fails with
        // the reason its class failed.
        Map<String, List<TestResult>> byExercise = new LinkedHashMap<>();
        Map<String, TestIdentifier> methods = new java.util.TreeMap<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).forEach(id -> {
            if (id.getSource().orElse(null) instanceof MethodSource m) {
                methods.putIfAbsent(key(m), plan.getParent(id).filter(p -> p.getSource().orElse(null) instanceof MethodSource).orElse(id));
            }
        }));
        // Report in the order JUnit ran the tests (deterministic), so "first failure" is stable.
        List<Map.Entry<String, TestIdentifier>> inRunOrder = new ArrayList<>(methods.entrySet());
        inRunOrder.sort(java.util.Comparator.comparingInt(e -> recorder.startOrder(e.getKey())));
        for (Map.Entry<String, TestIdentifier> entry : inRunOrder) {
            Optional<Throwable> failure = recorder.failureOf(entry.getKey())
                    .or(() -> recorder.ran(entry.getKey()) ? Optional.empty()
                            : Optional.of(recorder.containerFailure(plan, entry.getValue())));
            TestResult result = result(entry.getValue(), failure, loader, figures);
            byExercise.computeIfAbsent(result.test().exercise(), id -> new ArrayList<>()).add(result);
        }
        return byExercise;
    }

    /** The verdict of the test method {@code method} (its method-level identifier) given what it threw. */
    private TestResult result(TestIdentifier method, Optional<Throwable> failure, ClassLoader loader, Map<String, Double> figures) {
        MethodSource source = (MethodSource) method.getSource().orElseThrow();
        String exerciseId = manifest.owner(source.getClassName()).orElseThrow().id();
        String testId = simpleName(source.getClassName()) + "#" + source.getMethodName();
        return new TestResult(new HiddenTest(exerciseId, testId, method.getDisplayName(), points(source, loader)),
                failure.isEmpty(), failure.map(Messages::forLearner).orElse(""), figures.get(key(source)));
    }

    private static String key(MethodSource m) {
        return m.getClassName() + "#" + m.getMethodName() + "(" + m.getMethodParameterTypes() + ")";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static int points(MethodSource source, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(source.getClassName(), false, loader);
            return Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.getName().equals(source.getMethodName()))
                    .filter(m -> parameterNames(m).equals(source.getMethodParameterTypes()))
                    .findFirst()
                    .map(m -> m.getAnnotation(Points.class))
                    .map(Points::value)
                    .orElseThrow(() -> new IllegalStateException(source + " has no @Points: every hidden test must say what it is worth"));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String parameterNames(Method m) {
        return String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getName).toList());
    }

    /** Collects what happened to each test and container, and tells {@link Progress} as test methods end. */
    private static final class Recorder implements TestExecutionListener {
        private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
        private final Map<String, Boolean> ran = new ConcurrentHashMap<>();
        private final Map<String, Throwable> containerFailures = new ConcurrentHashMap<>();
        private final TestPlan plan;
        private final java.util.function.BiFunction<TestIdentifier, Optional<Throwable>, TestResult> verdict;
        private final Progress progress;

        private final java.util.function.BiConsumer<String, Double> figureSink;

        Recorder(TestPlan plan, java.util.function.BiFunction<TestIdentifier, Optional<Throwable>, TestResult> verdict,
                Progress progress, java.util.function.BiConsumer<String, Double> figureSink) {
            this.plan = plan;
            this.figureSink = figureSink;
            this.verdict = verdict;
            this.progress = progress;
        }

        /** Whether {@code id} is a test method as graded: a plain test, or the container of a repeated one. */
        private boolean isGradedMethod(TestIdentifier id) {
            return id.getSource().orElse(null) instanceof MethodSource
                    && !(plan.getParent(id).flatMap(TestIdentifier::getSource).orElse(null) instanceof MethodSource);
        }

        private final Map<String, Integer> startOrder = new ConcurrentHashMap<>();

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.getSource().orElse(null) instanceof MethodSource m) {
                startOrder.putIfAbsent(key(m), startOrder.size());
            }
            if (progress != Progress.NONE && isGradedMethod(id)) {
                TestResult planned = verdict.apply(id, Optional.empty());
                progress.started(planned.test().exercise(), planned.test().id());
            }
        }

        /** When the method first started, in the run; methods that never ran sort last. */
        int startOrder(String key) {
            return startOrder.getOrDefault(key, Integer.MAX_VALUE);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Throwable failure = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? null
                    : result.getThrowable().orElseGet(() -> new AssertionError("the test was aborted"));
            if (id.getSource().orElse(null) instanceof MethodSource m) {
                ran.put(key(m), true);
                if (failure != null) {
                    failures.putIfAbsent(key(m), failure);
                }
                if (progress != Progress.NONE && isGradedMethod(id)) {
                    Optional<Throwable> first = failureOf(key(m));
                    progress.finished(verdict.apply(id, first), first);
                }
            } else if (failure != null) {
                containerFailures.put(id.getUniqueId(), failure);
            }
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, org.junit.platform.engine.reporting.ReportEntry entry) {
            String value = entry.getKeyValuePairs().get(Leaderboard.KEY);
            if (value != null && id.getSource().orElse(null) instanceof MethodSource m) {
                try {
                    figureSink.accept(key(m), Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    // Not a number: no figure (the leaderboard shows none for this test).
                }
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.getSource().orElse(null) instanceof MethodSource m) {
                ran.put(key(m), true);
                failures.putIfAbsent(key(m), new AssertionError("skipped: " + reason));
                if (progress != Progress.NONE && isGradedMethod(id)) {
                    Optional<Throwable> first = failureOf(key(m));
                    progress.finished(verdict.apply(id, first), first);
                }
            }
        }

        Optional<Throwable> failureOf(String key) {
            return Optional.ofNullable(failures.get(key));
        }

        boolean ran(String key) {
            return ran.containsKey(key);
        }

        Throwable containerFailure(TestPlan plan, TestIdentifier id) {
            for (Optional<TestIdentifier> p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get())) {
                Throwable t = containerFailures.get(p.get().getUniqueId());
                if (t != null) {
                    return t;
                }
            }
            return new AssertionError("the test did not run");
        }
    }
}
