package workshop.grader.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.grader.HiddenTestRunner;
import workshop.grader.isolation.ProcessTree;
import workshop.grader.isolation.Sandbox;
import workshop.grader.worker.SealedLayer;
import workshop.testkit.Manifest;

/**
 * The grader's command line: grades learners' projects with the hidden tests, one at a time or a
 * whole class, each in a worker JVM of its own inside whatever sandbox this machine offers.
 *
 * <pre>
 * grade SUBMISSION... [--out DIR] [--format table,json,junit,csv] [--jobs N] [--timeout S] ...
 * grade --merge DIR... --out DIR      (the class reports of several runs' --out folders, see {@link Merge})
 * </pre>
 *
 * Exit status: 0 when grading ran (whatever the scores), 2 for a usage error, 1 for an internal
 * error (a bug of ours, said as such), 3 when no JDK 21+ is found (the launcher says so).
 */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = Grade.Version.class,
        description = {
            "Grades Thread Pool Workshop projects with the hidden tests and reports the scores.",
            "",
            "A SUBMISSION is a generated project's folder (with src/main/java) or a .zip of one. Several at once are",
            "a class. Only the .java files under src/main/java are used: the grader compiles them itself and never",
            "runs the learner's build. Each submission is graded in a JVM of its own, with time, memory, thread and",
            "output limits, in the sandbox this machine offers (see docs/grading-safety.md).",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:grading ran, whatever the scores",
            "1:internal error (a bug in the grader; the message says where)",
            "2:usage error (bad option, a SUBMISSION that does not exist)",
            "3:no JDK 21 or newer found (said by the launcher)"})
public final class Grade implements Callable<Integer> {

    /** What to write. */
    enum Format { table, json, junit, csv, html }

    @Parameters(paramLabel = "SUBMISSION", arity = "0..*",
            description = "project folders (holding src/main/java) or .zip files of them")
    List<Path> submissions = new ArrayList<>();

    @Option(names = "--gradescope", paramLabel = "ROOT",
            description = "grade as Gradescope's autograder does (run_autograder in gradescope-autograder.zip): the upload"
                    + " in ROOT/submission, in any layout (a zip, a project folder, a bare src/ folder, loose .java files),"
                    + " the learner's results in ROOT/results/results.json, the instructor's report on stdout")
    Path gradescope;
    private boolean gradescopeRun;
    private Map<String, String> overrides = Map.of();

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR",
            description = "merge the --out folders of several runs (a class graded in shards: one job per group of"
                    + " learners) into --out as if graded in one run: DIR/report.txt, junit.xml, summary.csv, failures.csv,"
                    + " index.html, and each submission's reports. The runs need --format json; a learner in two folders"
                    + " or runs of different --exercises are refused")
    List<Path> merge;

    @Option(names = "--out", paramLabel = "DIR",
            description = "write the reports here: DIR/<submission>/report.txt, results.json and feedback.md (for the learner), report.json (for"
                    + " the instructor: printed output, incidents, containment), junit.xml, and for the class"
                    + " DIR/report.txt, DIR/junit.xml, DIR/summary.csv (as --format asks). Without it, reports go to stdout")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT",
            description = "table (terminal), json (Gradescope results.json), junit (JUnit XML), csv (one row per"
                    + " submission, and failures.csv), html (the class dashboard, DIR/index.html); several separated by"
                    + " commas. Default: table")
    List<Format> formats = new ArrayList<>(List.of(Format.table));

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "how many grading JVMs to run at once (default 1; 2 is safe on a 2-core machine); with fewer"
                    + " submissions than jobs, each submission's exercises are split over the idle ones")
    int jobs;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "180",
            description = "wall-clock seconds each exercise may take in all (default 180); when they run out, the"
                    + " grading JVM and every process it started are killed and the next exercise is graded afresh")
    int timeoutSeconds;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "512", description = "heap of the grading JVM (default 512)")
    int memoryMb;

    @Option(names = "--exercises", split = ",", paramLabel = "ID",
            description = "grade only these exercises (ids from info.toml, e.g. ex1_ordered); default all")
    List<String> exercises;

    @Option(names = "--sandbox", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (everything this machine offers), bwrap (bubblewrap, or fail), user (a separate user;"
                    + " needs root), plain (neither; only limits and timeouts)")
    String sandbox;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "4096",
            description = "live platform threads a submission may have before the grader stops it (default 4096)")
    int maxThreads;

    @Option(names = "--max-processes", paramLabel = "N", defaultValue = "64",
            description = "child processes a submission may have at once (default 64)")
    int maxProcesses;

    @Option(names = "--output-limit", paramLabel = "KB", defaultValue = "8",
            description = "how much of what each test prints to keep for the report (default 8 KB); the rest is counted")
    int outputKeepKb;

    @Option(names = "--visibility", paramLabel = "WHEN", defaultValue = "visible",
            description = "Gradescope visibility of the tests: visible, hidden, after_due_date, after_published (default visible)")
    String visibility;

    @Option(names = "--visibility-config", paramLabel = "FILE",
            description = "per-exercise and per-test Gradescope visibility, a .properties file: default=visible,"
                    + " ex5_virtual=after_due_date, OrderedMapHiddenTest#runsConcurrently=hidden (a test's line wins over its"
                    + " exercise's, which wins over default, which wins over --visibility)")
    Path visibilityConfig;

    @Option(names = "--printed-output", paramLabel = "WHO", defaultValue = "hidden",
            description = "whether learners see what their code printed during the hidden tests in results.json: hidden"
                    + " (default: it is in the instructor's report.json and report.txt only, and stdout_visibility is"
                    + " hidden) or visible")
    String printedOutput;

    @Option(names = "--watch-files", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "record reads and writes of files outside the submission's folder (default on;"
                    + " --no-watch-files saves the recorder's start-up time)")
    boolean watchFiles;

    @Option(names = "--prestart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "start the next submission's JVM and compile it while the current tests run, so that"
                    + " work overlaps the tests' mocked waits (default on; --no-prestart grades strictly one after another)")
    boolean prestart;

    @Option(names = "--class-cache", paramLabel = "DIR",
            description = "where the grading JVMs' class-data archive is kept, made once per grader jar and JDK, which"
                    + " saves each of them about a second of start-up (default $XDG_CACHE_HOME/thread-pool-workshop, else"
                    + " ~/.cache/thread-pool-workshop; none: no archive). Only this user may write it; it is not used"
                    + " with --sandbox plain")
    String classCache;

    @Option(names = "--prepare", description = "make the class-data archive now, print where it is, and exit (Gradescope's"
            + " setup.sh does this; otherwise the first grading makes it in the background)")
    boolean prepare;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "an extra option for the grading JVMs (repeatable)")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--work", paramLabel = "DIR", description = "where the throw-away folders go (default: the system's temporary folder)")
    Path work;

    @Option(names = "--keep", description = "keep the throw-away folders (to look at what a worker saw)")
    boolean keep;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessTree::kill), "grade-cleanup"));
    }

    static void register(Process p) {
        RUNNING.add(p);
    }

    static void unregister(Process p) {
        RUNNING.remove(p);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command; returns the exit status. */
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Grade grade = new Grade();
        grade.stdout = stdout;
        grade.stderr = stderr;
        CommandLine cli = new CommandLine(grade);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new java.io.PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cli.setErr(new java.io.PrintWriter(stderr, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            stderr.println("usage error: " + e.getMessage());
            stderr.println("(grade --help lists the options)");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UsageError) {
                stderr.println("usage error: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            stderr.println("internal error: " + e);
            e.printStackTrace(stderr);
            stderr.println("(this is a bug in the grader, not in a submission; please report it with the lines above)");
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** A problem with what the user asked for, reported as a usage error. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        return grade(stdout, quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : stderr);
    }

    private int grade(PrintStream stdout, PrintStream progress) throws Exception {
        if (gradescope != null) {
            return gradescope(stdout, progress);
        }
        if (merge != null) {
            return merge(stdout);
        }
        if (prepare) {
            return prepare(stdout);
        }
        Sandbox.Mode mode = validate();
        Plan plan = plan();
        Path runFolder = runFolder();
        SubmissionGrader.WorkerCommand worker = workerCommand(runFolder);
        Sandbox.Limits limits = new Sandbox.Limits(prestart ? jobs + 1 : jobs, timeoutSeconds, memoryMb, maxThreads, maxProcesses, outputKeepKb << 10);
        Sandbox box = sandbox(mode, limits, worker, runFolder);
        worker = withClassData(worker, box, runFolder);
        List<String> names = names(submissions);
        ReportFolder reports = prepareReports(names, runFolder);
        progress.printf("Grading %d submission%s (%s) with the hidden tests of %d exercise%s; %d at a time.%n",
                submissions.size(), submissions.size() == 1 ? "" : "s", String.join(", ", names.stream().limit(5).toList())
                        + (names.size() > 5 ? ", ..." : ""), plan.order().size(), plan.order().size() == 1 ? "" : "s", jobs);
        progress.println("Sandbox: " + box.summary());
        String fileNames = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (!fileNames.equalsIgnoreCase("UTF-8")) {
            progress.println("Note: this JVM reads file names as " + fileNames + ", not UTF-8: a submission's file whose name it"
                    + " cannot write is left out and named in its report. Start the grader with LC_ALL=C.UTF-8 (grader/grade does).");
        }
        List<SubmissionResult> results = gradeAll(plan, box, limits, worker, names, runFolder, progress);
        if (!keep) {
            SubmissionSource.deleteTree(runFolder);
        } else {
            progress.println("Throw-away folders kept in " + runFolder);
        }

        writeReports(results, plan.graded(), plan.manifest(), box, stdout, reports);
        List<SubmissionResult> failed = results.stream().filter(r -> r.internalError() != null).toList();
        if (!failed.isEmpty()) {
            stderr.println("internal error: the grader failed on " + failed.size() + " submission(s): "
                    + failed.stream().map(r -> r.name() + " (" + r.internalError() + ")").toList()
                    + "; the other reports are complete. This is a bug in the grader: please report it.");
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }

    /** {@code --merge}: one class report from the report folders of graded shards. */
    private int merge(PrintStream stdout) throws IOException {
        if (!submissions.isEmpty()) {
            throw new UsageError("--merge takes report folders, not SUBMISSIONs: grade first, then merge the --out folders");
        }
        return Merge.run(merge, out, new HiddenTestRunner().manifest(), stdout);
    }

    /** The run's throw-away folder, under {@code --work} or the temp folder; others may enter it, not list it. */
    private Path runFolder() throws IOException {
        Path base = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        Path runFolder = Files.createTempDirectory(base.toAbsolutePath(), "workshop-grade-");
        try {
            Files.setPosixFilePermissions(runFolder, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: no separate users there either.
        }
        return runFolder;
    }

    /** The sandbox for {@code --sandbox}; a mode this machine cannot give is a usage error (the run folder is removed). */
    private Sandbox sandbox(Sandbox.Mode mode, Sandbox.Limits limits, SubmissionGrader.WorkerCommand worker, Path runFolder)
            throws IOException {
        try {
            return Sandbox.probe(mode, limits, new ArrayList<>(worker.readOnly()), runFolder);
        } catch (IllegalArgumentException e) {
            SubmissionSource.deleteTree(runFolder);
            throw new UsageError(e.getMessage());
        }
    }

    /**
     * The worker command with the class-data archive, where the workers cannot write it: bound read-only by
     * bubblewrap from where it is kept, or, for a separate user (who cannot enter the grader's home folder),
     * copied into the run folder; unchanged otherwise.
     */
    private SubmissionGrader.WorkerCommand withClassData(SubmissionGrader.WorkerCommand worker, Sandbox box, Path runFolder)
            throws IOException {
        if (!box.workersCannotWrite()) {
            return worker;
        }
        ClassDataArchive archive = archive(worker, false);
        return worker.with(box.bindsAsTheGrader() ? archive : archive.copiedInto(runFolder));
    }

    /**
     * Grades every submission: each by one grader, or, with jobs to spare, by one grader per shard of its
     * exercises (see {@link Shards}); the results in the order of the submissions.
     */
    private List<SubmissionResult> gradeAll(Plan plan, Sandbox box, Sandbox.Limits limits, SubmissionGrader.WorkerCommand worker,
            List<String> names, Path runFolder, PrintStream progress) throws InterruptedException, java.util.concurrent.ExecutionException {
        java.util.concurrent.Semaphore testing = prestart ? new java.util.concurrent.Semaphore(jobs, true) : null;
        ProgressLines lines = new ProgressLines(progress, submissions.size());
        int shards = Shards.count(jobs, submissions.size(), plan.order().size());
        List<List<String>> split = Shards.split(plan.order(), shards, Shards.costs());
        if (split.size() > 1) {
            progress.printf("Each submission's exercises are split over %d grading JVMs at once: %s.%n", split.size(),
                    String.join(" | ", split.stream().map(s -> String.join(", ", s)).toList()));
        }
        // One grader per shard (all of the exercises when there is one), started with its share of the plan.
        java.util.function.Function<SubmissionGrader.Listener, List<SubmissionGrader>> graders = listener -> split.stream()
                .map(part -> new SubmissionGrader(plan.manifest(), plan.tests().stream().filter(t -> part.contains(t.test().exercise())).toList(),
                        part, box, limits, worker, watchFiles, listener, testing))
                .toList();
        return schedule(split.size(), graders, lines, plan.order(), names, runFolder, progress);
    }

    /** Checks the command line before anything is started; returns the sandbox mode it names. */
    private Sandbox.Mode validate() {
        if (submissions.isEmpty()) {
            throw new UsageError("no SUBMISSION given (a project folder or a .zip of one; or --gradescope ROOT)");
        }
        for (Path s : submissions) {
            SubmissionSource.problem(s).ifPresent(p -> {
                throw new UsageError("SUBMISSION " + p);
            });
        }
        return checkOptions();
    }

    /** What is graded: the exercises (in teaching order) and their hidden tests. */
    private record Plan(Manifest manifest, List<Manifest.Exercise> graded, List<String> order,
            List<HiddenTestRunner.PlannedTest> tests) {}

    /** The exercises --exercises names (all of them by default), their hidden tests, and --visibility-config read. */
    private Plan plan() throws IOException {
        HiddenTestRunner runner = new HiddenTestRunner();
        Manifest manifest = runner.manifest();
        List<String> all = manifest.exercises().stream().map(Manifest.Exercise::id).toList();
        List<String> ids = exercises == null ? all : exercises.stream().distinct().toList();
        for (String id : ids) {
            if (!all.contains(id)) {
                throw new UsageError("--exercises: no exercise " + id + " in info.toml (there are: " + all + ")");
            }
        }
        List<Manifest.Exercise> graded = manifest.exercises().stream().filter(e -> ids.contains(e.id())).toList();
        List<String> order = graded.stream().map(Manifest.Exercise::id).toList();
        List<HiddenTestRunner.PlannedTest> plan = runner.plan(order);
        if (visibilityConfig != null) {
            try {
                overrides = Reports.visibilityConfig(visibilityConfig, Set.copyOf(all), runner.plan(all).stream()
                        .map(t -> t.test().id()).collect(java.util.stream.Collectors.toSet()));
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageError("--visibility-config " + e.getMessage());
            }
        }
        for (String id : order) {
            if (plan.stream().noneMatch(t -> t.test().exercise().equals(id))) {
                throw new IllegalStateException("the grader has no hidden tests for exercise " + id + " (a broken build?)");
            }
        }
        return new Plan(manifest, graded, order, plan);
    }

    /** --out and a folder per submission in it, made (or checked) before any worker starts; null without --out. */
    private ReportFolder prepareReports(List<String> names, Path runFolder) {
        if (out == null) {
            return null;
        }
        try {
            ReportFolder reports = ReportFolder.prepare(out);
            for (String n : names) {
                reports.submission(n);
            }
            return reports;
        } catch (UsageError | IOException e) {
            SubmissionSource.deleteTree(runFolder);
            throw e instanceof UsageError u ? u : new UsageError("--out " + out + ": " + e.getMessage());
        }
    }

    /**
     * Grades the submissions, --jobs at a time (one more prestarted with --prestart), in the order given;
     * each submission's shards (see {@link Shards}) as jobs of their own, put back together.
     *
     * @param parts how many shards each submission has
     * @param graders the graders of one submission's shards, telling {@code lines} (through a listener that
     *     puts the shards together when there are several)
     */
    private List<SubmissionResult> schedule(int parts, java.util.function.Function<SubmissionGrader.Listener, List<SubmissionGrader>> graders,
            SubmissionGrader.Listener lines, List<String> order, List<String> names, Path runFolder, PrintStream progress)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        int workers = prestart ? jobs + 1 : jobs;
        BlockingQueue<Integer> slots = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            slots.add(i);
        }
        long start = System.nanoTime();
        List<List<Future<SubmissionResult>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("grade-job-", 1).factory())) {
            for (int i = 0; i < submissions.size(); i++) {
                Path submission = submissions.get(i);
                String name = names.get(i);
                String folder = String.format(Locale.ROOT, "%03d-%s", i + 1, name.replaceAll("[^A-Za-z0-9._-]", "_"));
                List<SubmissionGrader> shards = graders.apply(parts == 1 ? lines : new Shards.Listener(lines, order, parts));
                List<Future<SubmissionResult>> own = new ArrayList<>();
                for (int j = 0; j < shards.size(); j++) {
                    SubmissionGrader grader = shards.get(j);
                    Path jobFolder = runFolder.resolve(parts == 1 ? folder : folder + "-part" + (j + 1));
                    own.add(pool.submit(() -> {
                        int slot = slots.take();
                        try {
                            SubmissionResult result = grader.grade(submission, name, jobFolder);
                            if (!keep) {
                                SubmissionSource.deleteTree(jobFolder);
                            }
                            return result;
                        } finally {
                            slots.add(slot);
                        }
                    }));
                }
                futures.add(own);
            }
            List<SubmissionResult> results = new ArrayList<>();
            for (List<Future<SubmissionResult>> own : futures) {
                List<SubmissionResult> shards = new ArrayList<>();
                for (Future<SubmissionResult> f : own) {
                    shards.add(f.get());
                }
                results.add(shards.size() == 1 ? shards.get(0) : Shards.merge(shards, order));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf(Locale.ROOT, "Graded %d submission%s in %.1f s (%.1f s each on average, %d at a time).%n",
                    results.size(), results.size() == 1 ? "" : "s", seconds,
                    results.stream().mapToLong(r -> r.timing().millis()).average().orElse(0) / 1000.0, jobs);
            return results;
        }
    }

    /** The progress lines an instructor watches: "[3/20 done] started alice (running: alice, bob)". */
    private static final class ProgressLines implements SubmissionGrader.Listener {
        private final PrintStream progress;
        private final int total;
        private final int width;
        private final AtomicInteger done = new AtomicInteger();
        private final Set<String> running = ConcurrentHashMap.newKeySet();

        ProgressLines(PrintStream progress, int total) {
            this.progress = progress;
            this.total = total;
            this.width = String.valueOf(total).length();
        }

        @Override
        public void started(String submission) {
            running.add(submission);
            synchronized (progress) {
                progress.printf("[%" + width + "d/%d done] started %s (running: %s)%n", done.get(), total,
                        submission, String.join(", ", running));
            }
        }

        @Override
        public void finished(SubmissionResult result) {
            running.remove(result.name());
            int finished = done.incrementAndGet();
            synchronized (progress) {
                progress.printf(Locale.ROOT, "[%" + width + "d/%d done] %s: %d/%d (%d%%) in %.1f s%s%n", finished,
                        total, result.name(), result.score(), result.maxScore(),
                        result.maxScore() == 0 ? 0 : Math.round(100.0 * result.score() / result.maxScore()),
                        result.timing().millis() / 1000.0,
                        result.internalError() != null ? "  INTERNAL ERROR: " + result.internalError() : "");
            }
        }

        @Override
        public void phase(String submission, String what) {
            synchronized (progress) {
                progress.printf("[%" + width + "d/%d done] %s: %s%n", done.get(), total, submission, what);
            }
        }
    }

    /** The options' values that picocli's types do not check; the sandbox mode asked for. */
    Sandbox.Mode checkOptions() {
        if (jobs < 1 || timeoutSeconds < 1 || memoryMb < 64 || maxThreads < 16 || maxProcesses < 1 || outputKeepKb < 0) {
            throw new UsageError("--jobs, --timeout, --max-threads and --max-processes must be positive, --memory at least 64");
        }
        if (!Set.of("visible", "hidden", "after_due_date", "after_published").contains(visibility)) {
            throw new UsageError("--visibility must be visible, hidden, after_due_date or after_published, not " + visibility);
        }
        if (!Set.of("visible", "hidden").contains(printedOutput)) {
            throw new UsageError("--printed-output must be hidden or visible, not " + printedOutput);
        }
        checkJvmOptions();
        try {
            return Sandbox.Mode.valueOf(sandbox.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--sandbox must be auto, bwrap, user or plain, not " + sandbox);
        }
    }

    /** A {@code --jvm-option} this JDK does not start with is the caller's mistake: said now, not as every worker's failure. */
    private void checkJvmOptions() {
        if (jvmOptions.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-version");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new UsageError("--jvm-option " + String.join(" ", jvmOptions) + ": this JDK (" + Runtime.version()
                        + ") does not start with it: " + said.lines().limit(3).collect(java.util.stream.Collectors.joining(" ")).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageError("interrupted while checking --jvm-option");
        }
    }

    /** Gradescope's way: one upload, found in any layout; a learner-facing result even when it cannot be graded. */
    private int gradescope(PrintStream stdout, PrintStream progress) throws Exception {
        if (!submissions.isEmpty() || out != null) {
            throw new UsageError("--gradescope takes the upload from ROOT/submission: no SUBMISSION and no --out with it");
        }
        Path root = gradescope.toAbsolutePath().normalize();
        Path resultsFolder = Files.createDirectories(root.resolve("results"));
        Path base = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        Path upload = Files.createTempDirectory(base.toAbsolutePath(), "workshop-upload-");
        try {
            GradescopeUpload.Prepared prepared = GradescopeUpload.prepare(root.resolve("submission"), upload);
            if (prepared.problem() != null) {
                Reports.Gradescope result = new Reports.Gradescope(0, 0, prepared.problem(), "text", "text", "visible",
                        "hidden", List.of(), Map.of("layout", prepared.layout()));
                ReportFolder.write(resultsFolder.resolve("results.json"), Reports.json(result));
                stdout.println("The upload cannot be graded; the learner reads: " + prepared.problem());
                return CommandLine.ExitCode.OK;
            }
            progress.println("Upload: " + prepared.layout());
            submissions = List.of(prepared.project());
            out = upload.resolve("reports");
            formats = List.of(Format.table, Format.json);
            gradescope = null;
            gradescopeRun = true;
            int status;
            try {
                status = grade(stdout, progress);
            } finally {
                gradescope = root;
            }
            String name = names(submissions).get(0);
            Path results = out.resolve(name).resolve("results.json");
            if (Files.isRegularFile(results)) {
                ReportFolder.write(resultsFolder.resolve("results.json"), Files.readString(results, StandardCharsets.UTF_8));
            }
            return status;
        } finally {
            if (!keep) {
                SubmissionSource.deleteTree(upload);
            }
        }
    }

    private void writeReports(List<SubmissionResult> results, List<Manifest.Exercise> graded, Manifest manifest,
            Sandbox box, PrintStream stdout, ReportFolder reports) throws IOException {
        Set<Format> wanted = new LinkedHashSet<>(formats);
        // Under Gradescope, stdout is the instructor's report: never for learners, whatever --printed-output says.
        Reports.LearnerView view = new Reports.LearnerView(overrides.getOrDefault("", visibility),
                printedOutput.equals("visible"), printedOutput.equals("visible") && !gradescopeRun, overrides);
        String warning = box.warning().map(w -> w + "\n\n").orElse("");
        StringBuilder tables = new StringBuilder(warning);
        for (SubmissionResult r : results) {
            tables.append(Reports.table(r, manifest)).append('\n');
        }
        if (results.size() > 1) {
            tables.append(Reports.classTable(results, graded)).append('\n');
        }
        tables.append(Reports.containment(box.measures()));
        if (out == null) {
            for (Format f : wanted) {
                stdout.print(switch (f) {
                    case table -> tables.toString();
                    case json -> results.size() == 1 ? Reports.json(Reports.gradescope(results.get(0), view)) + "\n"
                            : Reports.json(results.stream().map(r -> Reports.gradescope(r, view)).toList()) + "\n";
                    case junit -> Reports.junit(results);
                    case csv -> Reports.csv(results, graded);
                    case html -> Dashboard.html(results, graded, box.warning().orElse(""), Map.of());
                });
            }
            stdout.flush();
            return;
        }
        for (SubmissionResult r : results) {
            writeSubmissionReports(r, reports.submission(r.name()), wanted, view, manifest, box, warning);
        }
        if (wanted.contains(Format.table)) {
            ReportFolder.write(reports.root().resolve("report.txt"), tables.toString());
        }
        if (wanted.contains(Format.junit)) {
            ReportFolder.write(reports.root().resolve("junit.xml"), Reports.junit(results));
        }
        if (wanted.contains(Format.csv)) {
            ReportFolder.write(reports.root().resolve("summary.csv"), Reports.csv(results, graded));
            ReportFolder.write(reports.root().resolve("failures.csv"), Reports.failuresCsv(results));
        }
        if (wanted.contains(Format.html)) {
            Map<String, String> links = new HashMap<>();
            String file = wanted.contains(Format.table) ? "report.txt" : wanted.contains(Format.json) ? "report.json" : null;
            if (file != null) {
                results.forEach(r -> links.put(r.name(), r.name().replaceAll("[^A-Za-z0-9._-]", "_") + "/" + file));
            }
            ReportFolder.write(reports.root().resolve("index.html"), Dashboard.html(results, graded, box.warning().orElse(""), links));
        }
        stdout.print(tables);
        stdout.println("Reports written to " + out.toAbsolutePath());
        stdout.flush();
    }

    /** One submission's own reports in its folder: report.txt, results.json, feedback.md, report.json, junit.xml. */
    private void writeSubmissionReports(SubmissionResult r, Path folder, Set<Format> wanted, Reports.LearnerView view,
            Manifest manifest, Sandbox box, String warning) throws IOException {
        if (wanted.contains(Format.table)) {
            ReportFolder.write(folder.resolve("report.txt"), warning + Reports.table(r, manifest) + "\n"
                    + Reports.containment(r.containment()));
        }
        if (wanted.contains(Format.json)) {
            ReportFolder.write(folder.resolve("results.json"), Reports.json(Reports.gradescope(r, view)));
            ReportFolder.write(folder.resolve("feedback.md"), Feedback.markdown(r));
            ReportFolder.write(folder.resolve("report.json"), Reports.json(Merge.recorded(Reports.instructor(r, visibility), r,
                    box.warning())));
        }
        if (wanted.contains(Format.junit)) {
            ReportFolder.write(folder.resolve("junit.xml"), Reports.junit(List.of(r)));
        }
    }

    /** Names for the reports: folder or zip names, made unique with the parent folder's name, or a number. */
    static List<String> names(List<Path> submissions) {
        Map<String, Integer> counts = new HashMap<>();
        submissions.forEach(s -> counts.merge(SubmissionSource.name(s), 1, Integer::sum));
        List<String> names = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        for (Path s : submissions) {
            String name = SubmissionSource.name(s);
            if (counts.get(name) > 1) {
                Path parent = s.toAbsolutePath().normalize().getParent();
                if (parent != null && parent.getFileName() != null) {
                    name = parent.getFileName() + "-" + name;
                }
            }
            String unique = name;
            for (int n = 2; !used.add(unique); n++) {
                unique = name + "-" + n;
            }
            names.add(unique);
        }
        return names;
    }

    /**
     * How to start a worker: this JVM's java, and this jar (or, run from classes, this classpath). No
     * Java agent (Mockito's would hand the submission an Instrumentation: the worker mocks with
     * subclasses), no attach mechanism, and no Unsafe memory access or native access for the
     * submission's code where this JDK can deny them.
     */
    private SubmissionGrader.WorkerCommand workerCommand(Path runFolder) throws IOException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path self = HiddenTestRunner.codeSource(Grade.class);
        List<String> options = new ArrayList<>(List.of(
                "-Xmx" + memoryMb + "m", "-XX:MaxMetaspaceSize=256m", "-XX:MaxDirectMemorySize=64m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Xshare:auto", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
                "-Duser.language=en", "-Duser.country=US", "-Duser.timezone=UTC",
                "-Djava.awt.headless=true"));
        options.addAll(securityOptions(Runtime.version().feature()));
        options.addAll(jvmOptions);
        Path modules = SealedLayer.modulesFolder(runFolder);
        List<Path> readOnly = new ArrayList<>();
        readOnly.add(Path.of(System.getProperty("java.home")));
        readOnly.add(modules);
        if (Files.isRegularFile(self)) {
            readOnly.add(self);
            return new SubmissionGrader.WorkerCommand(javaBinary, options, self.toString(), readOnly, modules);
        }
        // Run from class folders (an IDE, a test): the same classpath.
        String classpath = System.getProperty("java.class.path");
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                readOnly.add(Path.of(entry));
            }
        }
        return new SubmissionGrader.WorkerCommand(javaBinary, options, classpath, readOnly, modules);
    }

    /**
     * The workers' class-data archive (see {@link ClassDataArchive}), from {@code --class-cache}: none when
     * it says so, or when the worker is not started from the grader's jar (class folders cannot be archived).
     */
    private ClassDataArchive archive(SubmissionGrader.WorkerCommand worker, boolean wait) {
        Path jar = Path.of(worker.classpath());
        if ("none".equals(classCache) || !worker.classpath().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return ClassDataArchive.none();
        }
        Path cache = classCache != null ? Path.of(classCache).toAbsolutePath() : ClassDataArchive.defaultCache();
        return ClassDataArchive.start(worker.java(), worker.jvmOptions(), jar, cache, wait);
    }

    /** {@code --prepare}: makes the class-data archive and says where it is. */
    private int prepare(PrintStream stdout) throws IOException {
        if (!submissions.isEmpty() || gradescope != null || merge != null) {
            throw new UsageError("--prepare makes the class-data archive and grades nothing: no SUBMISSION, --gradescope or --merge with it");
        }
        checkOptions();
        Path scratch = Files.createTempDirectory("workshop-prepare-");
        try {
            ClassDataArchive archive = archive(workerCommand(scratch), true);
            Optional<Path> made = archive.await();
            if (made.isEmpty()) {
                stdout.println("No class-data archive: " + (archive.file().isEmpty()
                        ? "none was asked for, the grader does not run from its jar, or the cache folder is not this user's alone"
                        : "this JDK could not make " + archive.file().get()) + ". Grading works the same, each JVM a second slower to start.");
                return CommandLine.ExitCode.OK;
            }
            stdout.println("Class-data archive for the grading JVMs: " + made.get());
            return CommandLine.ExitCode.OK;
        } finally {
            SubmissionSource.deleteTree(scratch);
        }
    }

    /** The worker's JVM options that close ways around the sealed layer, for a JDK of {@code feature}. */
    static List<String> securityOptions(int feature) {
        List<String> options = new ArrayList<>(List.of("-XX:+DisableAttachMechanism", "-Djdk.attach.allowAttachSelf=false"));
        if (feature >= 23) {
            options.add("--sun-misc-unsafe-memory-access=deny");
        }
        if (feature >= 24) {
            options.add("--illegal-native-access=deny");
        }
        return options;
    }

    /** The grader's version, from its jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Grade.class.getPackage().getImplementationVersion();
            return new String[] {"Thread Pool Workshop grader " + (version == null ? "(development build)" : version)
                    + ", running on Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
