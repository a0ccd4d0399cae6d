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
import workshop.testkit.Manifest;

/**
 * Grades one submission: copies its sources into a throw-away folder, starts a worker JVM on them in
 * the sandbox, follows its events, enforces each exercise's wall-clock limit, and when a worker ends
 * early (System.exit, out of memory, a bomb, a test that timed out) gives the test that was running
 * its verdict and starts a fresh worker for the rest. An exercise that ends or stalls the worker
 * {@value #STRIKES} times gets no more tries; every other exercise is still graded.
 */
final class SubmissionGrader {

    /** Tests of one exercise that may end or stall the worker before its remaining tests are given up. */
    static final int STRIKES = 3;
    /** Set WORKSHOP_GRADER_DEBUG=1 to see when each worker event arrives. */
    static final boolean DEBUG = System.getenv("WORKSHOP_GRADER_DEBUG") != null;
    /** How much of the worker's own stdout and stderr is kept (head and tail each). */
    private static final int CONSOLE_KEEP = 16 << 10;

    /** How to start a worker JVM: everything but the sandbox and the job folder. */
    record WorkerCommand(String java, List<String> jvmOptions, String agent, String classpath, List<Path> readOnly) {

        List<String> command(Path out, Path work) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.add("-XX:ErrorFile=" + out.resolve("hs_err_pid%p.log"));
            command.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
            command.add("-Duser.home=" + work.resolve("home"));
            command.add("-javaagent:" + agent);
            command.add("-cp");
            command.add(classpath);
            command.add(Worker.class.getName());
            command.add(out.toString());
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

    /** Grades {@code submission} in {@code jobFolder} (created here) as job slot {@code slot}. */
    SubmissionResult grade(Path submission, String name, Path jobFolder, int slot) {
        return new Run(submission, name, jobFolder, slot).grade();
    }

    /** The state of grading one submission. */
    private final class Run {
        private final Path submission;
        private final String name;
        private final Path job;
        private final int slot;
        private final long start = System.nanoTime();

        private final Map<String, SubmissionResult.TestVerdict> verdicts = new LinkedHashMap<>();
        private final List<SubmissionResult.Incident> incidents = new ArrayList<>();
        private final Map<String, Integer> strikes = new HashMap<>();
        private final Map<String, Long> exerciseMillis = new HashMap<>();
        private final Set<String> givenUp = new HashSet<>();
        private Protocol.Compilation compilation;
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

        Run(Path submission, String name, Path job, int slot) {
            this.submission = submission;
            this.name = name;
            this.job = job;
            this.slot = slot;
        }

        SubmissionResult grade() {
            try {
                Path sources = job.resolve("src");
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
                sandbox.handOver(job, slot);
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
            } catch (IOException | RuntimeException e) {
                internalError = "the grader failed on this submission: " + e;
                undecided().forEach(t -> decide(t, false, "not graded: the grader failed (" + e.getMessage() + ")"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                internalError = "interrupted";
                undecided().forEach(t -> decide(t, false, "not graded: the grader was interrupted"));
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
            return plan.stream().filter(t -> !verdicts.containsKey(t.testId())).toList();
        }

        private void decide(PlannedTest test, boolean ran, String message) {
            verdicts.putIfAbsent(test.testId(), new SubmissionResult.TestVerdict(test.exerciseId(), test.testId(),
                    test.name(), test.points(), false, message, ran, 0, 0, ""));
        }

        private PlannedTest planned(String testId) {
            return plan.stream().filter(t -> t.testId().equals(testId)).findFirst().orElse(null);
        }

        private void runWorker() throws IOException, InterruptedException {
            Path out = job.resolve("out");
            Path work = job.resolve("work");
            List<String> skip = new ArrayList<>(verdicts.keySet());
            boolean gated = testing != null && !holding;
            Protocol.write(out.resolve(Protocol.JOB), new Protocol.Job(job.resolve("src").toString(),
                    job.resolve("classes").toString(), exercises, skip, limits.maxThreads(), limits.maxProcesses(),
                    limits.outputKeepBytes(), List.of(job.toString()), watchFiles, gated));
            sandbox.handOver(out, slot);
            current = "";
            exit = null;
            limit = null;
            restart = null;
            done = false;
            linked = false;
            ready = false;
            boolean killedForTime = false;
            String stalled = null;

            ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(worker.command(out, work), job, worker.readOnly(), work, slot))
                    .directory(work.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("HOME", work.resolve("home").toString());
            env.put("TMPDIR", work.resolve("tmp").toString());
            env.put("LANG", "C.UTF-8");
            jvmStarts++;
            if (jvmStarts > 1) {
                listener.phase(name, "grading the remaining tests in a fresh JVM (" + jvmStarts + ")");
            }
            Protocol.EventReader events = Protocol.EventReader.fromEnd(out.resolve(Protocol.EVENTS));
            long launched = System.nanoTime();
            long lastEvent = launched;
            Process process = builder.start();
            Grade.register(process);
            boolean opened = false;
            if (!gated) {
                process.getOutputStream().close();
                if (jvmStarts == 1) {
                    listener.started(name);
                }
            }
            ProcessTree.Drain stdout = new ProcessTree.Drain(process.getInputStream(), CONSOLE_KEEP, "grader-stdout-" + name);
            ProcessTree.Drain stderr = new ProcessTree.Drain(process.getErrorStream(), CONSOLE_KEEP, "grader-stderr-" + name);
            long limitNanos = TimeUnit.SECONDS.toNanos(limits.timeoutSeconds());
            try {
                while (true) {
                    boolean ended = process.waitFor(50, TimeUnit.MILLISECONDS);
                    List<Protocol.Event> fresh = events.poll();
                    if (!fresh.isEmpty()) {
                        lastEvent = System.nanoTime();
                    }
                    fresh.forEach(this::apply);
                    if (DEBUG) {
                        fresh.forEach(e -> System.err.printf("[debug] %s +%d ms %s%n", name,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched), e.getClass().getSimpleName()));
                    }
                    if (ended) {
                        events.poll().forEach(this::apply);
                        break;
                    }
                    if (gated && !opened && linked) {
                        startTesting();
                        opened = true;
                        try (var gate = process.getOutputStream()) {
                            gate.write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            // It ended meanwhile: the loop finds out.
                        }
                        lastEvent = System.nanoTime();
                        continue;
                    }
                    long now = System.nanoTime();
                    if (!current.isEmpty()) {
                        String exercise = exerciseOf(current);
                        long spent = TimeUnit.MILLISECONDS.toNanos(exerciseMillis.getOrDefault(exercise, 0L)) + now - currentStart;
                        if (spent > limitNanos) {
                            killedForTime = true;
                            ProcessTree.kill(process);
                            events.poll().forEach(this::apply);
                            break;
                        }
                    } else if (now - lastEvent > limitNanos) {
                        stalled = compilation == null ? "compiling" : "between tests";
                        ProcessTree.kill(process);
                        events.poll().forEach(this::apply);
                        break;
                    }
                }
            } finally {
                ProcessTree.kill(process); // whatever it left behind
                Grade.unregister(process);
            }
            int status = process.exitValue();
            if (DEBUG) {
                System.err.printf("[debug] %s +%d ms worker ended with %d%n", name,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched), status);
            }
            String console = (stdout.textAfterWaiting(2000) + "\n" + stderr.textAfterWaiting(2000)).strip();
            if (stdout.total() + stderr.total() > 4L * CONSOLE_KEEP) {
                incidents.add(new SubmissionResult.Incident("output", "", current, "the grading JVM's own output ran to "
                        + (stdout.total() + stderr.total()) + " bytes (kept the first and last " + (CONSOLE_KEEP >> 10) + " KB)"));
            }
            if (done || restart != null) {
                return;
            }
            String cause = cause(status, console, killedForTime, stalled);
            if (!ready && !killedForTime && stalled == null) {
                internalError = "the grading JVM did not start (exit status " + status + "): " + lastLines(console, 6);
                undecided().forEach(t -> decide(t, false, "not graded: the grader could not start its JVM on this machine"));
                return;
            }
            if (status == Protocol.EXIT_INTERNAL && exit == null) {
                internalError = "the grading worker failed (a bug in the grader): " + firstLines(console, 6);
                undecided().forEach(t -> decide(t, false, "not graded: the grader failed on this submission"));
                return;
            }
            if (!current.isEmpty()) {
                PlannedTest test = planned(current);
                String exercise = exerciseOf(current);
                exerciseMillis.merge(exercise, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - currentStart), Long::sum);
                if (test != null) {
                    decide(test, true, cause);
                }
                incidents.add(new SubmissionResult.Incident(kind(status, console, killedForTime), exercise, current, cause));
                int count = strikes.merge(exercise, 1, Integer::sum);
                if (killedForTime) {
                    giveUp(exercise, "not run: exercise " + number(exercise) + " used up its " + limits.timeoutSeconds()
                            + " s time limit");
                } else if (count >= STRIKES) {
                    giveUp(exercise, "not run: this exercise's code ended or stalled the grading JVM in " + count
                            + " tests already; fix that first");
                }
            } else if (compilation == null) {
                String why = stalled != null ? "compiling took longer than " + limits.timeoutSeconds() + " s" : cause;
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

        private void giveUp(String exercise, String message) {
            givenUp.add(exercise);
            undecided().stream().filter(t -> t.exerciseId().equals(exercise)).forEach(t -> decide(t, false, message));
        }

        private String exerciseOf(String testId) {
            PlannedTest test = planned(testId);
            return test == null ? "" : test.exerciseId();
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
            if (limit != null) {
                return limit.kind();
            }
            if (exit != null) {
                return "system-exit";
            }
            return console.contains("OutOfMemoryError") ? "out-of-memory" : "crash";
        }

        private void apply(Protocol.Event event) {
            switch (event) {
                case Protocol.Ready r -> {
                    ready = true;
                    startupMillis += r.startupMillis();
                }
                case Protocol.Compiled c -> compiled(c.compilation());
                case Protocol.Linked l -> {
                    linked = true;
                    linked(l.problems());
                }
                case Protocol.Started s -> {
                    current = s.test();
                    currentStart = System.nanoTime();
                }
                case Protocol.Finished f -> finished(f);
                case Protocol.Exit e -> exit = e;
                case Protocol.Limit l -> limit = l;
                case Protocol.FileAccesses a -> a.accesses().forEach(access -> incidents.add(new SubmissionResult.Incident(
                        "files", access.test().isEmpty() ? "" : exerciseOf(access.test()), access.test(),
                        access.kind().equals("more") ? access.path()
                                : sandbox.describeAccess(access.kind(), access.path()) + " (from " + access.from() + ")")));
                case Protocol.Leftover l -> incidents.add(new SubmissionResult.Incident("threads-left-running", "", "",
                        l.threads().size() + " thread(s) your code started were still running when grading ended: "
                                + String.join(", ", l.threads().subList(0, Math.min(8, l.threads().size())))
                                + (l.threads().size() > 8 ? ", ..." : "") + " (a pool left running?)"));
                case Protocol.Restart r -> restart = r;
                case Protocol.Done d -> {
                    done = true;
                    testMillis += d.testMillis();
                }
            }
        }

        private void finished(Protocol.Finished f) {
            TestResult r = f.result();
            if (current.equals(r.testId())) {
                exerciseMillis.merge(r.exerciseId(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - currentStart), Long::sum);
                current = "";
            }
            Protocol.Output output = f.output() == null ? Protocol.Output.NONE : f.output();
            verdicts.putIfAbsent(r.testId(), new SubmissionResult.TestVerdict(r.exerciseId(), r.testId(), r.name(),
                    r.points(), r.passed(), r.message(), true, f.millis(), output.bytes(), output.head()));
            if (output.bytes() > limits.outputKeepBytes()) {
                incidents.add(new SubmissionResult.Incident("output", r.exerciseId(), r.testId(), "printed "
                        + output.bytes() + " bytes during this test; the report keeps the first "
                        + (limits.outputKeepBytes() >> 10) + " KB"));
            }
            if (f.timedOut()) {
                incidents.add(new SubmissionResult.Incident("timeout", r.exerciseId(), r.testId(),
                        "did not finish within the test's own time limit; the rest ran in a fresh JVM"));
                int count = strikes.merge(r.exerciseId(), 1, Integer::sum);
                if (count >= STRIKES) {
                    giveUp(r.exerciseId(), "not run: " + count + " tests of this exercise already ran out of time"
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
                    plan.stream().filter(t -> t.exerciseId().equals(exercise)).forEach(t -> decide(t, false,
                            "not graded: the submission has no source files for this exercise (src/main/java/" + packagePath + ")"));
                } else if (unit.get().nothingCompiled()) {
                    incidents.add(new SubmissionResult.Incident("does-not-compile", exercise, "",
                            "does not compile: " + firstLine(unit.get().diagnostics())));
                    plan.stream().filter(t -> t.exerciseId().equals(exercise)).forEach(t -> decide(t, false,
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
                    byExercise.computeIfAbsent(test.exerciseId(), e -> new java.util.LinkedHashSet<>()).addAll(list);
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
                        .filter(v -> v.exercise().equals(exercise)).toList();
                List<SubmissionResult.TestVerdict> missing = plan.stream()
                        .filter(t -> t.exerciseId().equals(exercise) && !verdicts.containsKey(t.testId()))
                        .map(t -> new SubmissionResult.TestVerdict(exercise, t.testId(), t.name(), t.points(), false,
                                "not run", false, 0, 0, ""))
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
