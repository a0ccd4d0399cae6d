package workshop.grader;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.common.BlockingCall;

/**
 * Grades sources we trust (our solutions, catalog entries) with the hidden tests, in this JVM: no
 * worker JVM, no sandbox, no limits. It is the build's and the benchmarks' grader ({@code -Pscore},
 * {@code -Pbench}); learners' work goes through {@code grade} ({@link workshop.grader.cli.Grade}),
 * whose option names it shares.
 *
 * <pre>
 * Score --sources DIR [--sources DIR ...] [--label TEXT] [--exercises ID,ID] [--repeat N] [--format table|csv]
 * </pre>
 *
 * <p>{@code --sources} folders are compiled together, a later one replacing same-named files of an
 * earlier one. {@code --repeat N} grades N times in a row and reports every run that differs from
 * full marks: the stability check. {@code --format csv} prints one row per run (run, score,
 * max_score, seconds, failed), each on one line, for a program to read. The exit status is 0 when grading ran, whatever
 * the score, 1 with {@code --expect-full} when any run fell short, and 2 for a usage error.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Grades trusted sources (our solutions, catalog entries) with the hidden tests in this JVM,"
                + " without a worker JVM or a sandbox. Learners' work is graded with 'grade' instead.", ""})
public final class Score implements Callable<Integer> {

    /** What to print. */
    enum Format { table, csv }

    @Option(names = "--sources", required = true, paramLabel = "DIR",
            description = "a folder of .java files (repeat it: a later folder replaces same-named files of an earlier one)")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "submission", description = "the name in the table")
    String label;

    @Option(names = "--exercises", split = ",", paramLabel = "ID",
            description = "grade only these exercises (default: every exercise of the manifest)")
    List<String> exercises;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "grade N times in a row and report every run short of full marks")
    int repeat;

    @Option(names = "--expect-full", description = "exit 1 if any run is short of full marks")
    boolean expectFull;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or csv (one row per run: run, score, max_score, seconds, failed)")
    Format format;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Score()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repeat must be at least 1, was " + repeat);
        }
        HiddenTestRunner runner = new HiddenTestRunner();
        Path classes = Files.createTempDirectory("workshop-score-");
        try {
            SourceCompiler.Result compiled = SourceCompiler.compile(sources, classes,
                    List.of(HiddenTestRunner.codeSource(BlockingCall.class)));
            if (!compiled.success()) {
                System.out.println("The sources do not compile:\n" + compiled.diagnostics());
                return expectFull ? 1 : 0;
            }
            List<String> ids = exercises != null ? exercises
                    : runner.manifest().exercises().stream().map(e -> e.id()).toList();
            int shortRuns = format == Format.csv ? gradeAsCsv(runner, classes, ids) : gradeAsTable(runner, classes, ids);
            return expectFull && shortRuns > 0 ? 1 : 0;
        } finally {
            deleteTree(classes);
        }
    }

    /** One grading: the report and how long it took. */
    private record Run(ScoreReport report, double seconds) {
        boolean full() {
            return report.max() > 0 && report.earned() == report.max(); // 0/0: no hidden test ran, never full marks
        }

        String failed() {
            return report.tests().stream().filter(t -> !t.passed())
                    .map(t -> t.test().id() + ": " + t.message().replaceAll("\\s*\\R\\s*", " "))  // a CSV row stays one line
                    .collect(Collectors.joining("; "));
        }
    }

    private Run gradeOnce(HiddenTestRunner runner, Path classes, List<String> ids) {
        long start = System.nanoTime();
        ScoreReport report = runner.grade(label, List.of(classes), ids);
        return new Run(report, (System.nanoTime() - start) / 1e9);
    }

    private int gradeAsTable(HiddenTestRunner runner, Path classes, List<String> ids) {
        int shortRuns = 0;
        for (int n = 1; n <= repeat; n++) {
            Run run = gradeOnce(runner, classes, ids);
            if (repeat == 1) {
                System.out.print(run.report().table());
                System.out.printf(Locale.ROOT, "(graded in %.1f s)%n", run.seconds());
            } else {
                System.out.printf(Locale.ROOT, "run %2d/%d: %d/%d in %.1f s%s%n", n, repeat, run.report().earned(),
                        run.report().max(), run.seconds(), run.full() ? "" : "  <-- " + run.failed());
            }
            shortRuns += run.full() ? 0 : 1;
        }
        if (repeat > 1) {
            System.out.printf("%d of %d runs short of full marks%n", shortRuns, repeat);
        }
        return shortRuns;
    }

    private int gradeAsCsv(HiddenTestRunner runner, Path classes, List<String> ids) throws IOException {
        CsvSchema schema = CsvSchema.builder().setUseHeader(true).addColumn("run").addColumn("score")
                .addColumn("max_score").addColumn("seconds").addColumn("failed").build();
        int shortRuns = 0;
        CsvMapper csv = CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build(); // leave System.out open
        try (SequenceWriter out = csv.writerFor(Map.class).with(schema).writeValues(System.out)) {
            for (int n = 1; n <= repeat; n++) {
                Run run = gradeOnce(runner, classes, ids);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", n);
                row.put("score", run.report().earned());
                row.put("max_score", run.report().max());
                row.put("seconds", String.format(Locale.ROOT, "%.2f", run.seconds()));
                row.put("failed", run.failed());
                out.write(row);
                out.flush();
                shortRuns += run.full() ? 0 : 1;
            }
        }
        return shortRuns;
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
