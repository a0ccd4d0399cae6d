package workshop.grader.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import workshop.grader.HiddenTestRunner.PlannedTest;
import workshop.grader.TestResult;
import workshop.grader.isolation.ProcessTree;
import workshop.grader.isolation.Sandbox;
import workshop.grader.protocol.Protocol;
import workshop.grader.worker.Channel;
import workshop.grader.worker.WorkerBoot;
import workshop.testkit.Manifest;

/**
 * Grades one submission: copies its sources into a throw-away folder, starts a worker JVM on them in
 * the sandbox, follows its events, enforces each exercise's wall-clock limit, and when a worker ends
 * early (System.exit, out of memory, a bomb, a test that timed out) gives the test that was running
 * its verdict and starts a fresh worker for the rest. An exercise that ends or stalls the worker
 * {@value #STRIKES} times gets no more tries; every other exercise is still graded.
 */
final class SubmissionGrader {

    /** The least time a worker JVM gets to start and compile a submission (see --timeout). */
    static final int COMPILE_SECONDS = 120;


    /** Tests of one exercise that may end or stall the worker before its remaining tests are given up. */
    static final int STRIKES = 3;
    /** Set WORKSHOP_GRADER_DEBUG=1 to see when each worker event arrives. */
    static final boolean DEBUG = System.getenv("WORKSHOP_GRADER_DEBUG") != null;
    /** How much of the worker's own stdout and stderr is kept (head and tail each). */
    private static final int CONSOLE_KEEP = 16 << 10;

    /**
     * How to start a worker JVM: everything but the sandbox and the job folder.
     *
     * @param modules the folder of the JUnit and opentest4j jars for the worker's sealed layer
     * @param main the worker's main class ({@link WorkerBoot}; a test may stand in a worker of its own)
     */
    record WorkerCommand(String java, List<String> jvmOptions, String classpath, List<Path> readOnly, Path modules,
            String main) {

        WorkerCommand(String java, List<String> jvmOptions, String classpath, List<Path> readOnly, Path modules) {
            this(java, jvmOptions, classpath, readOnly, modules, WorkerBoot.class.getName());
        }

        List<String> command(Path out, Path work) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.add("-XX:ErrorFile=" + out.resolve("hs_err_pid%p.log"));
            command.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
            command.add("-Duser.home=" + work.resolve("home"));
            command.add("-cp");
            command.add(classpath);
            command.add(main);
            command.add(modules.toString());
            return command;
        }
    }

    /** Hears how the grading goes, for the progress lines. */
    interface Listener {
        /** The submission's hidden tests start now (its worker was compiled and ready). */
        default void started(String submission) {}

        default void phase(String submission, String what) {}

        /** The submission has all its verdicts (called before the next one may start its tests). */
        default void finished(SubmissionResult result) {}
    }

    private final Manifest manifest;
    private final List<PlannedTest> plan;
    private final List<String> exercises;
    private final Sandbox sandbox;
    private final Sandbox.Limits limits;
    private final WorkerCommand worker;
    private final boolean watchFiles;
    private final Listener listener;
    private final java.util.concurrent.Semaphore testing;

    /**
     * @param testing permits to run hidden tests; when given, each submission's worker is started early,
     *     compiles and reads the hidden tests, then waits for a permit before its first test. So the
     *     next submission's JVM start and compile overlap this one's mocked waits.
     */
    SubmissionGrader(Manifest manifest, List<PlannedTest> plan, List<String> exercises, Sandbox sandbox,
            Sandbox.Limits limits, WorkerCommand worker, boolean watchFiles, Listener listener,
            java.util.concurrent.Semaphore testing) {
        this.testing = testing;
        this.manifest = manifest;
        this.plan = plan;
        this.exercises = exercises;
        this.sandbox = sandbox;
        this.limits = limits;
        this.worker = worker;
        this.watchFiles = watchFiles;
        this.listener = listener;
    }

    /** Grades {@code submission} in {@code jobFolder} (created here). */
    SubmissionResult grade(Path submission, String name, Path jobFolder) {
        return new Run(submission, name, jobFolder).grade();
    }

    /** The state of grading one submission. */
    private final class Run {
        private final Path submission;
        private final String name;
        private final Path job;
        private Sandbox.Lease lease;
        private final long start = System.nanoTime();

        private final Map<String, SubmissionResult.TestVerdict> verdicts = new LinkedHashMap<>();
        private final List<SubmissionResult.Incident> incidents = new ArrayList<>();
        private final Map<String, Integer> strikes = new HashMap<>();
        private final Map<String, Long> exerciseMillis = new HashMap<>();
        private final Set<String> givenUp = new HashSet<>();
        private Protocol.Compilation compilation;
        private Map<String, List<String>> linkProblems;
        private final Set<String> tampered = new HashSet<>();
        private int jvmStarts;
        private long startupMillis;
        private long testMillis;
        private String internalError;
        private boolean holding;
        private long parkedNanos;

        // What the current worker has told so far.
        private String current = "";
        private long currentStart;
        private Protocol.Exit exit;
        private Protocol.Limit limit;
        private Protocol.Restart restart;
        private boolean done;
        private boolean linked;
        private boolean ready;
        private String lastStarted = "";
        private Set<String> toRun = Set.of();
        private String forged;
        private boolean diskExceeded;
        private long diskBytes;
        /** The worker's own processes (its sandbox and JVM), as they were when it said it was ready. */
        private Set<Long> workerChain = Set.of();

        Run(Path submission, String name, Path job) {
            this.submission = submission;
            this.name = name;
            this.job = job;
        }

        SubmissionResult grade() {
            try {
                Path sources = job.resolve("src");
                java.util.Optional<String> shape = SubmissionSource.shapeProblem(submission);
                if (shape.isPresent()) {
                    incidents.add(new SubmissionResult.Incident("no-sources", "", "", shape.get()));
                    plan.forEach(t -> decide(t, false, "not graded: " + shape.get()));
                    return result();
                }
                SubmissionSource.Copied copied = SubmissionSource.copy(submission, sources);
                copied.skipped().forEach(s -> incidents.add(new SubmissionResult.Incident("ignored-files", "", "",
                        "left out: " + s)));
                if (copied.root().isEmpty() || copied.files() == 0) {
                    String why = copied.root().isEmpty()
                            ? "the submission has no src/main/java folder: hand in the project's folder (with its pom.xml and src/), or a zip of it"
                            : "the submission's src/main/java holds no .java files";
                    incidents.add(new SubmissionResult.Incident("no-sources", "", "", why));
                    plan.forEach(t -> decide(t, false, "not graded: " + why));
                    return result();
                }
                Files.createDirectories(job.resolve("classes"));
                Files.createDirectories(job.resolve("out"));
                Files.createDirectories(job.resolve("work").resolve("home"));
                Files.createDirectories(job.resolve("work").resolve("tmp"));
                lease = sandbox.lease();
                sandbox.handOver(job, lease);
                sandbox.closeToOthers(job);
                int maxStarts = 2 + STRIKES * exercises.size();
                while (!undecided().isEmpty() && internalError == null) {
                    if (jvmStarts >= maxStarts) {
                        undecided().forEach(t -> decide(t, false, "not run: the grading JVM had to be restarted "
                                + jvmStarts + " times for this submission; the grader stopped trying"));
                        break;
                    }
                    runWorker();
                }
            } catch (SubmissionSource.Unusable e) {
                incidents.add(new SubmissionResult.Incident("unusable", "", "", e.getMessage()));
                undecided().forEach(t -> decide(t, false, "not graded: " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                internalError = "the grader failed on this submission: " + e;
                undecided().forEach(t -> decide(t, false, "not graded: the grader failed (" + e.getMessage() + ")"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                internalError = "interrupted";
                undecided().forEach(t -> decide(t, false, "not graded: the grader was interrupted"));
            } finally {
                if (lease != null) {
                    sandbox.release(lease).forEach(note -> incidents.add(new SubmissionResult.Incident("files-left", "", "", note)));
                }
            }
            SubmissionResult result = result();
            listener.finished(result);
            if (holding) {
                testing.release();
                holding = false;
            }
            return result;
        }

        /** Takes a permit to run tests (waiting for one), unless this run holds one or none are counted. */
        private void startTesting() throws InterruptedException {
            if (testing != null && !holding) {
                long waiting = System.nanoTime();
                testing.acquire();
                holding = true;
                parkedNanos += System.nanoTime() - waiting;
            }
            listener.started(name);
        }

        private List<PlannedTest> undecided() {
            return plan.stream().filter(t -> !verdicts.containsKey(t.test().id())).toList();
        }

        private void decide(PlannedTest test, boolean ran, String message) {
            verdicts.putIfAbsent(test.test().id(), new SubmissionResult.TestVerdict(test.test(), false, message, ran, 0, 0, ""));
        }

        private PlannedTest planned(String testId) {
            return plan.stream().filter(t -> t.test().id().equals(testId)).findFirst().orElse(null);
        }

        /** What a launched worker JVM is: its process, its channel and the drains of its console. */
        private record Launched(Process process, java.nio.channels.ServerSocketChannel server, Path socketFolder,
                Channel.Reader events, ProcessTree.Drain stdout, ProcessTree.Drain stderr, long nanos, boolean gated) {}

        /** Why the grader stopped watching a worker: it ended by itself, or the grader stopped it. */
        private enum Ending {
            ENDED, FORGED, DISK_FULL, OUT_OF_TIME, STALLED_COMPILING, STALLED_BETWEEN_TESTS;

            /** What the worker was doing when it stopped answering, for {@link #cause}; null when it did not stall. */
            String stalled() {
                return this == STALLED_COMPILING ? "compiling" : this == STALLED_BETWEEN_TESTS ? "between tests" : null;
            }
        }

        /** One worker JVM for the tests still undecided: launch it, watch it until it ends, say what happened. */
        private void runWorker() throws IOException, InterruptedException {
            Launched worker = launch();
            Ending ending;
            try {
                ending = watch(worker);
            } finally {
                ProcessTree.kill(worker.process()); // whatever it left behind
                Grade.unregister(worker.process());
                leftovers();
                worker.server().close(); // if the worker never connected
                SubmissionSource.deleteTree(worker.socketFolder());
            }
            int status = worker.process().waitFor(); // reaped: ProcessTree.kill returns once it is a zombie, before the JDK has reaped it
            String console = console(worker, status);
            if (ending == Ending.DISK_FULL) {
                // What it wrote stays out of the next JVM's way: its folder starts empty again.
                Path work = job.resolve("work");
                SubmissionSource.deleteTree(work);
                Files.createDirectories(work.resolve("home"));
                Files.createDirectories(work.resolve("tmp"));
                sandbox.handOver(work, lease);
                sandbox.sweepTemp(lease);
            }
            if (forged != null) {
                tamper(forged);
            } else if (!done && restart == null) {
                classify(ending, status, console);
            }
        }

        /**
         * Starts a worker JVM in the sandbox and hands it, on stdin, the channel's socket and the job with
         * a fresh key, before any submission class loads.
         */
        private Launched launch() throws IOException {
            Path out = job.resolve("out");
            Path work = job.resolve("work");
            List<String> skip = new ArrayList<>(verdicts.keySet());
            boolean gated = testing != null && !holding;
            Protocol.Job task = new Protocol.Job(job.resolve("src").toString(), job.resolve("classes").toString(),
                    exercises, skip, limits.maxThreads(), limits.maxProcesses(), limits.outputKeepBytes(),
                    List.of(job.toString()), watchFiles, gated, compilation, linkProblems);
            byte[] key = Channel.newKey();
            String header = Protocol.JSON.writeValueAsString(new Protocol.Header(java.util.HexFormat.of().formatHex(key), task));
            forgetTheLastJvm();

            // The channel: a socket in a folder of its own that only the job's user (and the grader) can enter.
            Path socketFolder = Files.createTempDirectory(Sandbox.SOCKETS, "wg");
            Path socket = socketFolder.resolve("c");
            var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            sandbox.handOver(socketFolder, lease);
            Files.setPosixFilePermissions(socketFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(worker.command(out, work), job, worker.readOnly(), work,
                    lease, socketFolder)).directory(work.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("HOME", work.resolve("home").toString());
            env.put("TMPDIR", work.resolve("tmp").toString());
            env.put("LANG", "C.UTF-8");
            env.put("LC_ALL", "C.UTF-8");
            workerChain = new HashSet<>();
            jvmStarts++;
            if (jvmStarts > 1) {
                listener.phase(name, "grading the remaining tests in a fresh JVM (" + jvmStarts + ")");
            }
            long launched = System.nanoTime();
            Process process = builder.start();
            Grade.register(process);
            try {
                java.io.OutputStream gate = process.getOutputStream();
                gate.write((socket + "\n" + header + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                gate.flush();
                if (!gated) {
                    gate.close();
                }
            } catch (IOException e) {
                // It ended at once: watching it finds out why.
            }
            if (!gated && jvmStarts == 1) {
                listener.started(name);
            }
            return new Launched(process, server, socketFolder, new Channel.Reader(key, server, CONSOLE_KEEP, "grader-events-" + name),
                    new ProcessTree.Drain(process.getInputStream(), CONSOLE_KEEP, "grader-stdout-" + name),
                    new ProcessTree.Drain(process.getErrorStream(), CONSOLE_KEEP, "grader-stderr-" + name), launched, gated);
        }

        /** What one worker JVM said and did; a fresh JVM starts with none of it. */
        private void forgetTheLastJvm() {
            current = "";
            lastStarted = "";
            exit = null;
            limit = null;
            restart = null;
            done = false;
            linked = linkProblems != null;
            ready = false;
            forged = null;
            diskExceeded = false;
            toRun = undecided().stream().map(t -> t.test().id()).collect(Collectors.toSet());
        }

        /**
         * Takes the worker's events as they come until it ends, or stops it: for a forged event, a full
         * disk, an exercise out of time, or no event for too long.
         */
        private Ending watch(Launched worker) throws InterruptedException {
            Process process = worker.process();
            long lastEvent = worker.nanos();
            long lastDiskCheck = worker.nanos();
            boolean opened = false;
            while (true) {
                boolean ended = process.waitFor(50, TimeUnit.MILLISECONDS);
                List<Channel.Item> fresh = worker.events().poll();
                if (!fresh.isEmpty()) {
                    lastEvent = System.nanoTime();
                }
                take(fresh, worker.nanos());
                if (ready && workerChain.isEmpty()) {
                    workerChain.add(process.pid());
                    process.descendants().forEach(p -> workerChain.add(p.pid()));
                }
                if (forged != null) {
                    return Ending.FORGED;
                }
                if (ended) {
                    worker.events().awaitEnd(2000);
                    take(worker.events().poll(), worker.nanos());
                    return Ending.ENDED;
                }
                if (worker.gated() && !opened && linked && ready) {
                    startTesting();
                    opened = true;
                    try {
                        java.io.OutputStream gate = process.getOutputStream();
                        gate.write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        gate.close();
                    } catch (IOException e) {
                        // It ended meanwhile: the next round finds out.
                    }
                    lastEvent = System.nanoTime();
                    continue;
                }
                long now = System.nanoTime();
                boolean checkDisk = now - lastDiskCheck > TimeUnit.SECONDS.toNanos(1);
                if (checkDisk) {
                    lastDiskCheck = now;
                }
                Ending stop = overALimit(now, lastEvent, checkDisk);
                if (stop != null) {
                    ProcessTree.kill(process);
                    take(worker.events().poll(), worker.nanos());
                    return stop;
                }
            }
        }

        /** Why the grader must stop the worker now (the disk checked only when {@code checkDisk}), or null. */
        private Ending overALimit(long now, long lastEvent, boolean checkDisk) {
            if (checkDisk) {
                diskBytes = sandbox.bytesWritten(job, lease);
                if (diskBytes > Sandbox.MAX_DISK_BYTES) {
                    diskExceeded = true;
                    return Ending.DISK_FULL;
                }
            }
            long limitNanos = TimeUnit.SECONDS.toNanos(limits.timeoutSeconds());
            if (!current.isEmpty()) {
                long spent = TimeUnit.MILLISECONDS.toNanos(exerciseMillis.getOrDefault(exerciseOf(current), 0L))
                        + now - currentStart;
                return spent > limitNanos ? Ending.OUT_OF_TIME : null;
            }
            // Starting the JVM and compiling are the grader's own work, slow on a busy machine: they get at
            // least COMPILE_SECONDS whatever --timeout says, so a short --timeout never fails a whole class.
            long compileNanos = TimeUnit.SECONDS.toNanos(Math.max(limits.timeoutSeconds(), COMPILE_SECONDS));
            if (now - lastEvent > (compilation == null ? compileNanos : limitNanos)) {
                return compilation == null ? Ending.STALLED_COMPILING : Ending.STALLED_BETWEEN_TESTS;
            }
            return null;
        }

        /** What the worker printed (its stdout, the console its tests wrote, its stderr), noted when there was too much. */
        private String console(Launched worker, int status) {
            if (DEBUG) {
                System.err.printf("[debug] %s +%d ms worker ended with %d%n", name,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - worker.nanos()), status);
            }
            worker.events().awaitEnd(2000);
            ProcessTree.Drain stdout = worker.stdout();
            ProcessTree.Drain stderr = worker.stderr();
            String console = (stdout.textAfterWaiting(2000) + "\n" + worker.events().console().text() + "\n"
                    + stderr.textAfterWaiting(2000)).strip();
            if (DEBUG) {
                System.err.printf("[debug] %s console:%n%s%n", name, console.length() > 6000 ? console.substring(0, 6000) : console);
            }
            if (stdout.total() + stderr.total() > 4L * CONSOLE_KEEP) {
                incidents.add(new SubmissionResult.Incident("output", "", current, "the grading JVM's own output ran to "
                        + (stdout.total() + stderr.total()) + " bytes (kept the first and last " + (CONSOLE_KEEP >> 10) + " KB)"));
            }
            return console;
        }

        /** Decides what a worker's unexpected ending means for the test it was running, or for the rest. */
        private void classify(Ending ending, int status, String console) {
            boolean killedForTime = ending == Ending.OUT_OF_TIME;
            String stalled = ending.stalled();
            String cause = cause(status, console, killedForTime, stalled);
            if (!ready && !killedForTime && stalled == null && !diskExceeded) {
                internalError = "the grading JVM did not start (exit status " + status + "): " + lastLines(console, 6);
                undecided().forEach(t -> decide(t, false, "not graded: the grader could not start its JVM on this machine"));
            } else if (status == Protocol.EXIT_INTERNAL && exit == null && lastStarted.isEmpty()) {
                internalError = "the grading worker failed (a bug in the grader): " + firstLines(console, 6);
                undecided().forEach(t -> decide(t, false, "not graded: the grader failed on this submission"));
            } else if (!current.isEmpty()) {
                endedInATest(cause, kind(status, console, killedForTime), killedForTime);
            } else if (compilation == null) {
                String why = stalled != null ? "compiling took longer than "
                        + Math.max(limits.timeoutSeconds(), COMPILE_SECONDS) + " s" : cause;
                incidents.add(new SubmissionResult.Incident(stalled != null ? "time-limit" : kind(status, console, false),
                        "", "", "the submission could not be compiled: " + why));
                undecided().forEach(t -> decide(t, false, "not graded: the submission could not be compiled (" + why + ")"));
            } else {
                // It ended between tests: count it against every exercise still open, so this ends.
                incidents.add(new SubmissionResult.Incident(kind(status, console, killedForTime), "", "",
                        "the grading JVM ended between tests: " + cause));
                for (String exercise : exercises) {
                    if (strikes.merge(exercise, 1, Integer::sum) >= STRIKES) {
                        giveUp(exercise, "not run: the grading JVM kept ending between tests (" + cause + ")");
                    }
                }
            }
        }

        /** The worker ended in the middle of a test: that test fails with the cause, and its exercise gets a strike. */
        private void endedInATest(String cause, String kind, boolean killedForTime) {
            PlannedTest test = planned(current);
            String exercise = exerciseOf(current);
            exerciseMillis.merge(exercise, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - currentStart), Long::sum);
            if (test != null) {
                decide(test, true, cause);
            }
            incidents.add(new SubmissionResult.Incident(kind, exercise, current, cause));
            int count = strikes.merge(exercise, 1, Integer::sum);
            if (killedForTime) {
                giveUp(exercise, "not run: exercise " + number(exercise) + " used up its " + limits.timeoutSeconds()
                        + " s time limit");
            } else if (count >= STRIKES) {
                giveUp(exercise, "not run: this exercise's code ended or stalled the grading JVM in " + count
                        + " tests already; fix that first");
            }
        }

        private void giveUp(String exercise, String message) {
            givenUp.add(exercise);
            undecided().stream().filter(t -> t.test().exercise().equals(exercise)).forEach(t -> decide(t, false, message));
        }

        private String exerciseOf(String testId) {
            PlannedTest test = planned(testId);
            return test == null ? "" : test.test().exercise();
        }

        private int number(String exerciseId) {
            return manifest.number(manifest.byId(exerciseId));
        }

        /** Why the worker ended during the current test, in words for the learner. */
        private String cause(int status, String console, boolean killedForTime, String stalled) {
            if (killedForTime) {
                return "did not finish within this exercise's " + limits.timeoutSeconds() + " s time limit, so the"
                        + " grader stopped it (and every process it started): look for an endless loop, a deadlock, or"
                        + " a wait that nothing ends";
            }
            if (stalled != null) {
                return "the grading JVM stopped responding while " + stalled + ", so the grader stopped it";
            }
            if (diskExceeded) {
                return "your code wrote more than " + (Sandbox.MAX_DISK_BYTES >> 20) + " MB to disk (" + (diskBytes >> 20)
                        + " MB), so the grader stopped it: look for a file or a loop of files that grows without end";
            }
            if (limit != null) {
                return limit.kind().equals("threads")
                        ? "your code started more than " + limit.limit() + " threads at once (" + limit.count()
                                + " were alive), so the grader stopped it: a thread bomb? Use a pool of a fixed size"
                                + " and reuse its threads"
                        : "your code started more than " + limit.limit() + " processes at once (" + limit.count()
                                + "), so the grader stopped them all";
            }
            if (exit != null) {
                return "your code called System.exit (status " + status + ", from " + exit.caller() + "): that ends the"
                        + " whole JVM, the tests included. Throw an exception instead";
            }
            if (console.contains("OutOfMemoryError")) {
                return "ran out of memory: more than the " + limits.memoryMb() + " MB of heap the grader allows ("
                        + lastLine(console, "OutOfMemoryError") + "). Look for a collection that grows without end";
            }
            return "the grading JVM ended unexpectedly (exit status " + status + (status > 128 ? ", signal " + (status - 128) : "")
                    + "): " + lastLines(console, 3);
        }

        private String kind(int status, String console, boolean killedForTime) {
            if (killedForTime) {
                return "time-limit";
            }
            if (diskExceeded) {
                return "disk";
            }
            if (limit != null) {
                return limit.kind();
            }
            if (exit != null) {
                return "system-exit";
            }
            return console.contains("OutOfMemoryError") ? "out-of-memory" : "crash";
        }

        /** Applies what the channel brought, until the first line that cannot be trusted. */
        private void take(List<Channel.Item> items, long launched) {
            for (Channel.Item item : items) {
                if (forged != null) {
                    return;
                }
                switch (item) {
                    case Channel.Forged f -> forged = f.why();
                    case Channel.Accepted a -> {
                        if (DEBUG) {
                            System.err.printf("[debug] %s +%d ms %s%n", name,
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched), a.event().getClass().getSimpleName());
                        }
                        String wrong = apply(a.event());
                        if (wrong != null) {
                            forged = wrong;
                        }
                    }
                }
            }
        }

        /**
         * Applies one signed event, if it is one this worker may send now; otherwise returns why not.
         * The grader believes exactly one verdict per test it planned, for the test the worker said it
         * started, with the name and points of the grader's own plan.
         */
        private String apply(Protocol.Event event) {
            switch (event) {
                case Protocol.Ready r -> {
                    if (ready) {
                        return "a second 'ready' from one worker";
                    }
                    ready = true;
                    startupMillis += r.startupMillis();
                }
                case Protocol.Compiled c -> {
                    if (compilation != null) {
                        return "a second compilation of the submission";
                    }
                    compiled(c.compilation());
                }
                case Protocol.Linked l -> {
                    if (linked || compilation == null) {
                        return "link results out of turn";
                    }
                    linked = true;
                    linkProblems = l.problems();
                    linked(l.problems());
                }
                case Protocol.Started s -> {
                    return started(s);
                }
                case Protocol.Finished f -> {
                    if (f.result() == null || !current.equals(f.result().test().id()) || current.isEmpty()) {
                        return "a verdict for " + (f.result() == null ? "no test" : "test " + f.result().test().id())
                                + (current.isEmpty() ? " while no test was running" : " while " + current + " was running");
                    }
                    finished(f);
                }
                case Protocol.Exit e -> exit = e;
                case Protocol.Limit l -> limit = l;
                case Protocol.FileAccesses a -> a.accesses().forEach(this::accessed);
                case Protocol.Leftover l -> incidents.add(leftover(l));
                case Protocol.Restart r -> restart = r;
                case Protocol.Done d -> {
                    done = true;
                    testMillis += d.testMillis();
                }
            }
            return null;
        }

        /** What a worker said was left running: at the end of its tests, or when an exercise's tests had ended. */
        private SubmissionResult.Incident leftover(Protocol.Leftover l) {
            String threads = String.join(", ", l.threads().subList(0, Math.min(8, l.threads().size())))
                    + (l.threads().size() > 8 ? ", ..." : "");
            if (l.exercise() == null || plan.stream().noneMatch(t -> t.test().exercise().equals(l.exercise()))) {
                return new SubmissionResult.Incident("threads-left-running", "", "", l.threads().size()
                        + " thread(s) your code started were still running when grading ended: " + threads
                        + " (a pool left running?)");
            }
            String what = (l.calls() > 0 ? l.calls() + " call(s)" : "") + (l.calls() > 0 && l.processes() > 0 ? " and " : "")
                    + (l.processes() > 0 ? l.processes() + " process(es)" : "");
            return new SubmissionResult.Incident("threads-left-running", l.exercise(), "", what + " of this exercise were"
                    + " still running after its tests had ended" + (threads.isEmpty() ? "" : " (" + threads + ")")
                    + ": what your code starts must be cancelled, or waited for, before it returns. The exercises after it"
                    + " were graded in a fresh JVM, so these could not reach them.");
        }

        /** A test started: only the next one the grader asked this worker to run, while no other runs. */
        private String started(Protocol.Started s) {
            if (!current.isEmpty()) {
                return "test " + s.test() + " started while " + current + " was still running";
            }
            PlannedTest test = planned(s.test());
            if (test == null || !toRun.contains(s.test()) || verdicts.containsKey(s.test())
                    || (linkProblems != null && linkProblems.containsKey(s.test()))) {
                return "a start of test " + s.test() + ", which the grader did not ask this worker to run";
            }
            current = s.test();
            lastStarted = s.test();
            currentStart = System.nanoTime();
            return null;
        }

        /** A file the submission reached outside its folder, as an incident of the test that reached it. */
        private void accessed(Protocol.FileAccess access) {
            incidents.add(new SubmissionResult.Incident("files", access.test().isEmpty() ? "" : exerciseOf(access.test()),
                    access.test(), access.kind().equals("more") ? access.path()
                            : sandbox.describeAccess(access.kind(), access.path()) + " (from " + access.from() + ")"));
        }

        /**
         * Something wrote into the grader's channel what the worker did not send: the exercise whose test
         * was running (or, if none was, every exercise still open) scores 0, and the rest is graded in a
         * fresh JVM.
         */
        private void tamper(String why) {
            String test = !current.isEmpty() ? current : lastStarted;
            List<String> blamed = test.isEmpty()
                    ? exercises.stream().filter(e -> !givenUp.contains(e)).toList()
                    : List.of(exerciseOf(test));
            String message = "tampering with the grader's results: " + why;
            for (String exercise : blamed) {
                tampered.add(exercise);
                givenUp.add(exercise);
                incidents.add(new SubmissionResult.Incident("tampering", exercise, test, message
                        + "; this exercise scores 0"));
                plan.stream().filter(t -> t.test().exercise().equals(exercise)).forEach(t -> verdicts.put(t.test().id(),
                        new SubmissionResult.TestVerdict(t.test(), false, "not graded: " + message, verdicts.containsKey(t.test().id()), 0, 0, "")));
            }
            current = "";
        }

        /** Kills whatever still runs as the job's user once its worker ended, and says what that was. */
        private void leftovers() {
            List<String> killed = sandbox.killLeftovers(lease, workerChain);
            if (!killed.isEmpty()) {
                Map<String, Long> counts = killed.stream().collect(Collectors.groupingBy(c -> c, LinkedHashMap::new,
                        Collectors.counting()));
                String names = counts.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", "));
                String test = !current.isEmpty() ? current : lastStarted;
                incidents.add(new SubmissionResult.Incident("processes-left-running", test.isEmpty() ? "" : exerciseOf(test), "",
                        killed.size() + (killed.size() == 1 ? " process" : " processes") + " your code started"
                                + (killed.size() == 1 ? " was" : " were") + " still running and "
                                + (killed.size() == 1 ? "was" : "were") + " stopped: " + names));
            }
        }

        private void finished(Protocol.Finished f) {
            TestResult r = f.result();
            exerciseMillis.merge(exerciseOf(r.test().id()), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - currentStart), Long::sum);
            Protocol.Output output = f.output() == null ? Protocol.Output.NONE : f.output();
            PlannedTest test = planned(r.test().id()); // its name and points are the plan's, never the worker's
            verdicts.putIfAbsent(r.test().id(), new SubmissionResult.TestVerdict(test.test(), r.passed(),
                    r.message() == null ? "" : r.message(), true, f.millis(), output.bytes(),
                    output.head() == null ? "" : output.head(), SubmissionResult.Figure.of(test, r)));
            current = "";
            if (output.bytes() > limits.outputKeepBytes()) {
                incidents.add(new SubmissionResult.Incident("output", exerciseOf(r.test().id()), r.test().id(), "printed "
                        + output.bytes() + " bytes during this test; the report keeps the first "
                        + (limits.outputKeepBytes() >> 10) + " KB"));
            }
            if (f.timedOut()) {
                incidents.add(new SubmissionResult.Incident("timeout", exerciseOf(r.test().id()), r.test().id(),
                        "did not finish within the test's own time limit; the rest ran in a fresh JVM"));
                int count = strikes.merge(exerciseOf(r.test().id()), 1, Integer::sum);
                if (count >= STRIKES) {
                    giveUp(exerciseOf(r.test().id()), "not run: " + count + " tests of this exercise already ran out of time"
                            + " (an endless loop or a deadlock?); fix that first");
                }
            }
        }

        private void compiled(Protocol.Compilation c) {
            compilation = c;
            if (!c.ignored().isEmpty()) {
                incidents.add(new SubmissionResult.Incident("ignored-files", "", "", "not compiled, the grader provides these"
                        + " classes itself: " + String.join(", ", c.ignored())));
            }
            c.units().stream().filter(u -> u.exercise().isEmpty() && !u.complete()).findFirst().ifPresent(u ->
                    incidents.add(new SubmissionResult.Incident("does-not-compile", "", "", "left out, they do not compile: "
                            + String.join(", ", u.excluded()))));
            for (String exercise : exercises) {
                Optional<Protocol.Unit> unit = c.unit(exercise);
                String packagePath = manifest.byId(exercise).javaPackage().replace('.', '/');
                if (unit.isEmpty()) {
                    incidents.add(new SubmissionResult.Incident("no-sources", exercise, "",
                            "no source files in src/main/java/" + packagePath));
                    plan.stream().filter(t -> t.test().exercise().equals(exercise)).forEach(t -> decide(t, false,
                            "not graded: the submission has no source files for this exercise (src/main/java/" + packagePath + ")"));
                } else if (unit.get().nothingCompiled()) {
                    incidents.add(new SubmissionResult.Incident("does-not-compile", exercise, "",
                            "does not compile: " + firstLine(unit.get().diagnostics())));
                    plan.stream().filter(t -> t.test().exercise().equals(exercise)).forEach(t -> decide(t, false,
                            "not graded: this exercise does not compile (" + firstLine(unit.get().diagnostics())
                                    + "). Fix the compiler errors first: ./mvnw compile shows them all"));
                } else if (!unit.get().complete()) {
                    incidents.add(new SubmissionResult.Incident("does-not-compile", exercise, "",
                            "left out, they do not compile: " + String.join(", ", unit.get().excluded())
                                    + "; the rest was graded"));
                }
            }
        }

        private void linked(Map<String, List<String>> problems) {
            Map<String, Set<String>> byExercise = new LinkedHashMap<>();
            problems.forEach((testId, list) -> {
                PlannedTest test = planned(testId);
                if (test != null) {
                    decide(test, false, "signature changed: " + String.join("; ", list) + ". The hidden tests could not"
                            + " link to your code: keep the public classes and methods exactly as the stub declares them");
                    byExercise.computeIfAbsent(test.test().exercise(), e -> new java.util.LinkedHashSet<>()).addAll(list);
                }
            });
            byExercise.forEach((exercise, list) -> incidents.add(new SubmissionResult.Incident("signature-changed",
                    exercise, "", String.join("; ", list))));
        }

        private SubmissionResult result() {
            List<SubmissionResult.ExerciseResult> results = new ArrayList<>();
            for (String exercise : exercises) {
                Manifest.Exercise e = manifest.byId(exercise);
                List<SubmissionResult.TestVerdict> tests = verdicts.values().stream()
                        .filter(v -> v.test().exercise().equals(exercise)).toList();
                List<SubmissionResult.TestVerdict> missing = plan.stream()
                        .filter(t -> t.test().exercise().equals(exercise) && !verdicts.containsKey(t.test().id()))
                        .map(t -> new SubmissionResult.TestVerdict(t.test(), false, "not run", false, 0, 0, ""))
                        .toList();
                List<SubmissionResult.TestVerdict> all = new ArrayList<>(tests);
                all.addAll(missing);
                Optional<Protocol.Unit> unit = compilation == null ? Optional.empty() : compilation.unit(exercise);
                String status = compilation == null ? "not graded"
                        : unit.isEmpty() ? "no sources"
                        : unit.get().nothingCompiled() ? "does not compile"
                        : unit.get().complete() ? "graded" : "partly compiled";
                results.add(new SubmissionResult.ExerciseResult(exercise, e.title(), manifest.number(e), status,
                        unit.map(Protocol.Unit::diagnostics).orElse(""), all));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start - parkedNanos);
            return new SubmissionResult(name, submission.toString(), results, incidents, sandbox.measures(),
                    new SubmissionResult.Timing(millis, compilation == null ? 0 : compilation.millis(), jvmStarts,
                            startupMillis, testMillis),
                    internalError);
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }

    private static String lastLine(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).reduce((a, b) -> b).orElse("").strip();
    }

    private static String firstLines(String text, int n) {
        return text.strip().lines().limit(n).collect(Collectors.joining(" | "));
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.strip().lines().filter(l -> !l.contains("Server VM warning: Sharing is only supported")).toList();
        return lines.isEmpty() ? "(it printed nothing)"
                : lines.subList(Math.max(0, lines.size() - n), lines.size()).stream().collect(Collectors.joining(" | "));
    }
}
