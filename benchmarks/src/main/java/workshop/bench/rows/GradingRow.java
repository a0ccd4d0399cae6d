package workshop.bench.rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mockito.Mockito;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.MockedWaits;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.work.ProcessPool;

/**
 * How long grading takes, and how much of it is our overhead rather than the waits the hidden tests'
 * mocked calls must sleep.
 *
 * <ul>
 *   <li><b>One submission</b>: a fresh JVM runs the grader's {@code Score} main on our solutions'
 *       sources (compile + every hidden test), as {@code -Pscore} does; timed from outside, start-up
 *       included.
 *   <li><b>A class</b>: {@code Score --repeat 20} grades the same compiled submission 20 times in one
 *       JVM: the per-submission cost once the JVM is warm. Flight Recorder records every sleep in that
 *       JVM; {@link MockedWaits} keeps SlowCall's and takes their union: the mocked waits.
 * </ul>
 *
 * <p>PENDING (grader CLI, issue 6, not on main yet): the CLI grades each submission in a JVM of its
 * own with {@code --jobs N}; {@link #cliCommand} will return its command line, and the class figure
 * will then grade 20 submission folders with it.
 */
public final class GradingRow implements Row {

    private static final Pattern GRADED = Pattern.compile("\\(graded in ([0-9.]+) s\\)");
    private static final Pattern RUN = Pattern.compile("run +\\d+/\\d+: (\\d+)/(\\d+) in ([0-9.]+) s");
    private static final Pattern FULL = Pattern.compile("total +(\\d+)/(\\1) +\\(100%\\)");

    @Override
    public String id() {
        return "grading";
    }

    /**
     * PENDING: the grader CLI's command line grading these submission folders ({@code --jobs}),
     * once issue 6's CLI is on main.
     */
    static Optional<List<String>> cliCommand(List<Path> submissions, int jobs) {
        return Optional.empty();
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        String only = ctx.sizes().gradeOnly();
        int classSize = ctx.sizes().classSize();
        Path sources = ctx.solutionSources();
        if (!Files.isDirectory(sources)) {
            throw new IllegalStateException("no solution sources at " + sources + ": give --solutions DIR");
        }

        // One submission, in a fresh JVM each time.
        ctx.log().accept(String.format("one submission: %d + %d cold JVMs", Math.min(1, ctx.measure().warmups()), ctx.measure().runs()));
        for (int i = 0; i < Math.min(1, ctx.measure().warmups()); i++) {
            score(sources, only, 1, null); // warms the file cache, not the JVM
        }
        List<Double> wall = new ArrayList<>();
        List<Double> tests = new ArrayList<>();
        for (int i = 0; i < ctx.measure().runs(); i++) {
            Child child = score(sources, only, 1, null);
            wall.add(child.seconds());
            tests.add(gradedSeconds(child.output()));
        }
        Stats one = new Stats(wall);
        Stats oneTests = new Stats(tests);

        // A class: the same submission graded classSize times in one JVM, with the sleeps recorded.
        ctx.log().accept(String.format("a class of %d: one JVM, Score --repeat %d, with Flight Recorder", classSize, classSize));
        Path recording = Files.createTempFile("workshop-bench-grading-", ".jfr");
        Child klass;
        MockedWaits.Result waits;
        try {
            klass = score(sources, only, classSize, recording);
            waits = MockedWaits.read(recording);
        } finally {
            Files.deleteIfExists(recording);
        }
        Stats each = new Stats(perSubmission(klass.output(), classSize));
        double waitsPerSubmission = waits.seconds() / classSize;

        double oneShare = 1 - waitsPerSubmission / one.median();
        double classShare = 1 - waitsPerSubmission / each.median();
        String scope = only.isEmpty() ? "every exercise in the manifest" : "exercises " + only;
        Markdown table = new Markdown("measurement", "seconds", "mocked waits, s", "our overhead (not mocked waits)");
        table.row("one submission, fresh JVM: start, compile, every hidden test (wall clock)", one.format("%.2f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * oneShare));
        table.row("… of which the hidden tests (the grader's own clock)", oneTests.format("%.1f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * (1 - waitsPerSubmission / oneTests.median())));
        table.row(String.format("class of %d, one warm JVM: per submission (%d gradings)", classSize, classSize), each.format("%.1f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * classShare));
        table.row(String.format("class of %d, one warm JVM: in all (wall clock, JVM and Flight Recorder start included)", classSize),
                String.format("%.1f", klass.seconds()), String.format("%.1f", waits.seconds()),
                String.format("%.0f%%", 100 * (1 - waits.seconds() / klass.seconds())));
        String details = String.format("Grading our reference solutions (%s) with the hidden tests, as `Score` does for "
                + "`-Pscore`. Mocked waits: the union of the %d sleeps the hidden tests' SlowCalls made in the class run "
                + "(Flight Recorder `jdk.ThreadSleep` events with SlowCall on the stack), per grading: %.2f s. "
                + "Everything else is ours: JVM start, compiling, JUnit, creating mocks, thread start-up, rendezvous "
                + "hand-offs, the tests' own checks.%n%n", scope, waits.sleeps(), waitsPerSubmission)
                + table
                + "\nPending (grader CLI, issue 6, not on main yet): one JVM per submission with `--jobs N`, and a class of "
                + classSize + " submission folders graded by it.\n";
        String ours = String.format("one: %s s, %.0f%% ours; class of %d: %s s each, %.0f%% ours", one.format("%.1f"), 100 * oneShare,
                classSize, each.format("%.1f"), 100 * classShare);
        return new Figure(id(), "grading: seconds per submission, our overhead's share", "one submission; a class of " + classSize,
                "measured; overhead small", ours, String.format("mocked waits %.2f s per submission", waitsPerSubmission),
                "measured; grader CLI pending", details);
    }

    /** From {@code Score}'s output for one grading: the seconds it reports ("(graded in 7.3 s)"), after checking full marks. */
    static double gradedSeconds(String output) {
        Matcher graded = GRADED.matcher(output);
        if (!graded.find() || !FULL.matcher(output).find()) {
            throw new IllegalStateException("grading our solutions did not give full marks:\n" + output);
        }
        return Double.parseDouble(graded.group(1));
    }

    /** From {@code Score --repeat N}'s output: the seconds of each run ("run  1/20: 54/54 in 5.3 s"), after checking full marks. */
    static List<Double> perSubmission(String output, int runs) {
        List<Double> seconds = new ArrayList<>();
        Matcher run = RUN.matcher(output);
        while (run.find()) {
            if (!run.group(1).equals(run.group(2))) {
                throw new IllegalStateException("grading our solutions did not give full marks:\n" + output);
            }
            seconds.add(Double.parseDouble(run.group(3)));
        }
        if (seconds.size() != runs) {
            throw new IllegalStateException("expected " + runs + " graded runs, got:\n" + output);
        }
        return seconds;
    }

    /** What a child JVM printed, and how long it ran (wall clock, from start to exit). */
    record Child(String output, double seconds) {}

    /** Runs the grader's Score main on {@code sources} in a child JVM, optionally with Flight Recorder. */
    private static Child score(Path sources, String only, int repeat, Path recording) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessPool.javaExecutable(),
                "-javaagent:" + ProcessPool.classesOf(Mockito.class), "-Xshare:off"));
        if (recording != null) {
            command.add("-XX:StartFlightRecording:filename=" + recording + ",settings=" + MockedWaits.settingsFile());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "workshop.grader.Score",
                "--sources", sources.toString(), "--label", "benchmark", "--repeat", "" + repeat, "--expect-full"));
        if (!only.isEmpty()) {
            command.addAll(List.of("--only", only));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("grading our solutions failed (exit " + exit + "): " + command + "\n" + output);
        }
        return new Child(output, seconds);
    }
}
