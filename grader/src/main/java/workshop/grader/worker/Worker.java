package workshop.grader.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import workshop.common.BlockingCall;
import workshop.grader.HiddenTestRunner;
import workshop.grader.ScoreReport;
import workshop.grader.TestResult;
import workshop.grader.cli.Grade;
import workshop.grader.isolation.FileMonitor;
import workshop.grader.protocol.Protocol;
import workshop.testkit.SlowCall;

/**
 * The grading JVM of one submission, started by {@link Grade} through {@link WorkerBoot} (never by
 * hand): compiles the submission (the first time), runs the hidden tests on it, and sends what
 * happens to the grader, signed, on {@link Channel}. It runs the tests its job does not skip, and
 * ends itself with {@link Protocol#EXIT_RESTART} when the JVM is no longer fit to grade fairly (a
 * test timed out and its code may still be spinning, or the submission left many threads behind):
 * the grader then starts a fresh one for the rest.
 *
 * <p>This class runs inside the worker's sealed module ({@link SealedLayer}): its package is neither
 * exported nor open, so the submission's code, which runs in the same JVM, can neither call it nor
 * read its fields by reflection. It starts once per JVM.
 */
public final class Worker implements Consumer<Object[]> {

    /** Live platform threads left behind by tests, beyond which the rest run in a fresh JVM. */
    static final int LEFTOVER_THREADS_LIMIT = 200;
    /** How long calls an exercise left running get to end before the next exercise moves to a fresh JVM. */
    static final Duration LEFTOVER_GRACE = Duration.ofSeconds(1);

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Protocol.Job job;
    private Channel.Writer log;
    private PrintStream console;
    private InputStream gate;
    private volatile String currentTest = "";
    private volatile String currentExercise = "";
    private volatile long testStart;
    private volatile FileMonitor files;
    private volatile boolean finished;
    private final Set<String> reported = new HashSet<>();
    private Set<Thread> before = Set.of();

    /** For the service loader (the sealed module provides this class as a {@code Consumer}). */
    public Worker() {}

    /**
     * Grades, then halts the JVM.
     *
     * @param start the header line the grader wrote first on stdin (key and job), the channel (the JVM's
     *     own stdout), the rest of stdin (the gate), and the console (stderr), from {@link WorkerBoot}
     */
    @Override
    public void accept(Object[] start) {
        if (!STARTED.compareAndSet(false, true)) {
            throw new IllegalStateException("the grading worker runs once per JVM");
        }
        console = (PrintStream) start[3];
        try {
            Protocol.Header header = Protocol.JSON.readValue((String) start[0], Protocol.Header.class);
            job = header.job();
            log = new Channel.Writer(java.util.HexFormat.of().parseHex(header.key()), (OutputStream) start[1]);
            gate = (InputStream) start[2];
            long startup = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            log.write(new Protocol.Ready(startup, Runtime.version().toString()));
            run();
        } catch (Throwable t) {
            console.println("internal error in the grading worker: " + t);
            t.printStackTrace(console);
            console.flush();
            Runtime.getRuntime().halt(Protocol.EXIT_INTERNAL);
        }
    }

    private void run() throws Exception {
        WorkerSupport.OutputCapture capture = WorkerSupport.OutputCapture.install(job.outputKeepBytes());
        Path classes = Path.of(job.classes());
        HiddenTestRunner runner = new HiddenTestRunner();

        // While the compiler works, start the recorder and read the hidden tests: each takes a while,
        // and there are cores to spare.
        CompletableFuture<FileMonitor> monitor = job.watchFiles()
                ? CompletableFuture.supplyAsync(() -> FileMonitor.start(allowedRoots(), this::isSubmissionClass))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> prepared = CompletableFuture.runAsync(() -> {
            try {
                runner.prepare(job.exercises());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> runnable = runnable(compile(runner, classes));
        prepared.join();
        Set<String> skip = skipped(runner, classes, runnable);
        files = monitor.join();
        if (job.waitForGo()) {
            // Ready: wait until the grader lets the tests start (it may be running another submission's).
            new java.io.BufferedReader(new java.io.InputStreamReader(gate, java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
        capture.take(); // what was printed before the tests is nobody's
        WorkerSupport.startWatchdog(job.maxThreads(), job.maxProcesses(), log, () -> currentTest);
        before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Runtime.getRuntime().addShutdownHook(new Thread(this::exiting, "grader-exit-hook"));

        long testsStart = System.nanoTime();
        ScoreReport report = runTests(runner, classes, runnable, skip, capture);
        // Tests that never started (their class could not be set up) still need a verdict.
        for (TestResult result : report.tests()) {
            if (!skip.contains(result.test().id()) && !reported.contains(result.test().id())) {
                log.write(new Protocol.Started(result.test().exercise(), result.test().id(), System.currentTimeMillis()));
                log.write(new Protocol.Finished(result, false, 0, Protocol.Output.NONE));
            }
        }
        List<String> leftover = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !ours(t))
                .map(Thread::getName).sorted().toList();
        if (!leftover.isEmpty()) {
            log.write(new Protocol.Leftover(leftover));
        }
        stopFileMonitor();
        finished = true;
        log.write(new Protocol.Done((System.nanoTime() - testsStart) / 1_000_000));
        console.flush();
        Runtime.getRuntime().halt(0); // not exit(): the submission's threads and shutdown hooks get no say
    }

    /** The submission compiled exercise by exercise (once per submission: a later JVM is handed the result). */
    private Protocol.Compilation compile(HiddenTestRunner runner, Path classes) throws IOException {
        if (job.compilation() != null) {
            return job.compilation();
        }
        Path graderCode = HiddenTestRunner.codeSource(HiddenTestRunner.class);
        Protocol.Compilation compilation;
        try (ProvidedClasses provided = new ProvidedClasses(List.of(graderCode, HiddenTestRunner.codeSource(BlockingCall.class)))) {
            compilation = PartialCompiler.compile(Path.of(job.sources()), classes,
                    List.of(HiddenTestRunner.codeSource(BlockingCall.class)), runner.manifest(), provided::contains);
        }
        log.write(new Protocol.Compiled(compilation));
        return compilation;
    }

    /** The exercises of the job that compiled, at least in part. */
    private List<String> runnable(Protocol.Compilation compilation) {
        List<String> runnable = new ArrayList<>();
        for (String id : job.exercises()) {
            Optional<Protocol.Unit> unit = compilation.unit(id);
            if (unit.isPresent() && !unit.get().nothingCompiled()) {
                runnable.add(id);
            }
        }
        return runnable;
    }

    /** The tests not to run: decided already, or whose classes do not link against the submission. */
    private Set<String> skipped(HiddenTestRunner runner, Path classes, List<String> runnable) throws IOException {
        Map<String, List<String>> linkProblems = job.linkProblems();
        if (linkProblems == null) {
            linkProblems = runner.linkProblems(List.of(classes), runnable);
            log.write(new Protocol.Linked(linkProblems));
        }
        Set<String> skip = new HashSet<>(job.skip());
        skip.addAll(linkProblems.keySet());
        return skip;
    }

    /** Runs the hidden tests, telling the grader as each starts and ends, with what it printed. */
    private ScoreReport runTests(HiddenTestRunner runner, Path classes, List<String> runnable, Set<String> skip,
            WorkerSupport.OutputCapture capture) {
        return runner.grade("submission", List.of(classes), runnable, id -> !skip.contains(id),
                new HiddenTestRunner.Progress() {
                    @Override
                    public void started(String exerciseId, String testId) {
                        if (!exerciseId.equals(currentExercise) && !currentExercise.isEmpty()) {
                            leftBehind(currentExercise);
                        }
                        currentExercise = exerciseId;
                        capture.take();
                        currentTest = testId;
                        testStart = System.nanoTime();
                        if (files != null) {
                            files.mark(testId);
                        }
                        log.write(new Protocol.Started(exerciseId, testId, System.currentTimeMillis()));
                    }

                    @Override
                    public void finished(TestResult result, Optional<Throwable> failure) {
                        afterTest(result, failure, capture.take());
                    }
                });
    }

    private void afterTest(TestResult result, Optional<Throwable> failure, Protocol.Output output) {
        boolean timedOut = failure.orElse(null) instanceof TimeoutException t
                && String.valueOf(t.getMessage()).contains("timed out after");
        long millis = (System.nanoTime() - testStart) / 1_000_000;
        reported.add(result.test().id());
        log.write(new Protocol.Finished(result, timedOut, millis, output));
        currentTest = "";
        if (files != null) {
            files.mark("");
        }
        if (timedOut) {
            restart("test " + result.test().id() + " ran out of time, and its code may still be running");
        }
        long extra = ManagementFactory.getThreadMXBean().getThreadCount() - before.size();
        if (extra > LEFTOVER_THREADS_LIMIT) {
            restart(extra + " threads the submission started were still alive after test " + result.test().id());
        }
    }

    /**
     * Between two exercises: mocked calls the last one left running (in a pool nobody cancelled, or
     * in the common pool) and processes it started would slow, block or spoil the next one, and only
     * where the two share this JVM. So the next exercise must start without them: they get a moment
     * to end, and if they are still running, the worker says so and restarts (the grader ends the
     * old JVM's processes), and the next exercise is graded in a fresh JVM.
     */
    private void leftBehind(String exercise) {
        long deadline = System.nanoTime() + LEFTOVER_GRACE.toNanos();
        while ((SlowCall.inFlightEverywhere() > 0 || ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive))
                && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int calls = SlowCall.inFlightEverywhere();
        List<ProcessHandle> processes = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (calls > 0 || !processes.isEmpty()) {
            List<String> names = new ArrayList<>(Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(SlowCall.class.getName())))
                    .map(e -> e.getKey().getName()).sorted().toList());
            processes.forEach(p -> names.add("process " + p.pid() + " " + p.info().command()
                    .map(c -> Path.of(c).getFileName().toString()).orElse("")));
            log.write(new Protocol.Leftover(names, exercise, calls, processes.size()));
            restart(calls + " call(s) and " + processes.size() + " process(es) of " + exercise + " were still running after its tests");
        }
    }

    private void restart(String reason) {
        stopFileMonitor();
        finished = true;
        log.write(new Protocol.Restart(reason));
        console.flush();
        Runtime.getRuntime().halt(Protocol.EXIT_RESTART);
    }

    /** Runs when something calls System.exit (our own ends use halt, which skips this). */
    private void exiting() {
        if (finished) {
            return;
        }
        log.write(new Protocol.Exit(currentTest, WorkerSupport.exitCaller()));
        stopFileMonitor();
    }

    private synchronized void stopFileMonitor() {
        FileMonitor monitor = files;
        files = null;
        if (monitor != null) {
            List<Protocol.FileAccess> accesses = monitor.stop();
            if (!accesses.isEmpty()) {
                log.write(new Protocol.FileAccesses(accesses));
            }
        }
    }

    /**
     * Where the submission's code may read and write without a remark: its own folder, and what
     * running Java code reads anyway (the JDK, the classpath, /proc, /sys, the random and null devices).
     */
    private List<Path> allowedRoots() {
        List<Path> roots = new ArrayList<>(job.allowedRoots().stream().map(Path::of).toList());
        roots.add(Path.of(System.getProperty("java.home")));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                roots.add(Path.of(entry));
            }
        }
        roots.addAll(List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev/null"), Path.of("/dev/zero"),
                Path.of("/dev/random"), Path.of("/dev/urandom"))); // not /dev/shm: a way out, like /tmp
        return roots;
    }

    /**
     * Threads of the JDK's, JUnit's or ours that may outlive a test without the submission's fault:
     * the virtual-thread scheduler's carriers and helpers, the common pool, the process reaper. (A pool
     * the submission leaves running still shows: by its worker threads.)
     */
    private static boolean ours(Thread t) {
        String name = t.getName();
        return name.startsWith("junit-") || name.startsWith("grader-") || name.equals("process reaper") || name.startsWith("process reaper (pid ")
                || name.startsWith("JFR ") || name.equals("Attach Listener") || name.equals("VirtualThread-unblocker")
                || name.startsWith("ForkJoinPool.commonPool-") || t.getClass().getName().equals("jdk.internal.misc.CarrierThread")
                || name.matches("ForkJoinPool-\\d+-delayScheduler"); // a pool's timer; its workers still show
    }

    private final Map<String, Boolean> submissionClasses = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether {@code className} (or the class it is nested in) was compiled from the submission. */
    private boolean isSubmissionClass(String className) {
        int nested = className.indexOf('$');
        String outer = nested < 0 ? className : className.substring(0, nested);
        return submissionClasses.computeIfAbsent(outer, name ->
                Files.isRegularFile(Path.of(job.classes()).resolve(name.replace('.', '/') + ".class")));
    }

    /** The classes the grader supplies itself (the API's types): never compiled from a submission. */
    static final class ProvidedClasses implements AutoCloseable {
        private final List<Path> folders = new ArrayList<>();
        private final List<java.util.jar.JarFile> jars = new ArrayList<>();

        ProvidedClasses(List<Path> roots) throws IOException {
            for (Path root : new LinkedHashSet<>(roots)) {
                if (Files.isDirectory(root)) {
                    folders.add(root);
                } else {
                    jars.add(new java.util.jar.JarFile(root.toFile()));
                }
            }
        }

        boolean contains(String className) {
            String entry = className.replace('.', '/') + ".class";
            return folders.stream().anyMatch(f -> Files.isRegularFile(f.resolve(entry)))
                    || jars.stream().anyMatch(j -> j.getEntry(entry) != null);
        }

        @Override
        public void close() throws IOException {
            for (var jar : jars) {
                jar.close();
            }
        }
    }
}
