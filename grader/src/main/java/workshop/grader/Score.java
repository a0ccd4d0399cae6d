package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import workshop.common.BlockingCall;

/**
 * Grades one implementation of the exercises with the hidden tests and prints the score table.
 *
 * <pre>
 * Score --sources DIR [--sources DIR ...] [--label TEXT] [--only ID,ID] [--repeat N]
 * </pre>
 *
 * <p>{@code --sources} folders are compiled together, a later one replacing same-named files of an
 * earlier one. {@code --repeat N} grades N times in a row and reports every run that differs from
 * full marks: the stability check. The exit status is 0 when grading ran, whatever the score, and
 * 1 with {@code --expect-full} when any run fell short.
 */
public final class Score {

    private Score() {}

    public static void main(String[] args) throws IOException {
        List<Path> sources = new ArrayList<>();
        String label = "submission";
        List<String> only = null;
        int repeat = 1;
        boolean expectFull = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sources" -> sources.add(Path.of(args[++i]));
                case "--label" -> label = args[++i];
                case "--only" -> only = List.of(args[++i].split(","));
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--expect-full" -> expectFull = true;
                case "" -> { } // an empty optional argument from the build
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (sources.isEmpty()) {
            usage("give at least one --sources folder");
        }

        HiddenTestRunner runner = new HiddenTestRunner();
        Path classes = Files.createTempDirectory("workshop-score-");
        SourceCompiler.Result compiled = SourceCompiler.compile(sources, classes,
                List.of(HiddenTestRunner.codeSource(BlockingCall.class)));
        if (!compiled.success()) {
            System.out.println("The sources do not compile:\n" + compiled.diagnostics());
            System.exit(expectFull ? 1 : 0);
        }
        List<String> ids = only != null ? only
                : runner.manifest().exercises().stream().map(e -> e.id()).toList();

        int shortRuns = 0;
        for (int run = 1; run <= repeat; run++) {
            long start = System.nanoTime();
            ScoreReport report = runner.grade(label, List.of(classes), ids);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (repeat == 1) {
                System.out.print(report.table());
                System.out.printf("(graded in %.1f s)%n", seconds);
            } else {
                boolean full = report.max() > 0 && report.earned() == report.max();
                System.out.printf("run %2d/%d: %d/%d in %.1f s%s%n", run, repeat, report.earned(), report.max(),
                        seconds, full ? "" : "  <-- " + report.tests().stream()
                                .filter(t -> !t.passed()).map(t -> t.testId() + ": " + t.message()).toList());
            }
            if (report.max() == 0 || report.earned() != report.max()) {
                shortRuns++; // 0/0 means no hidden test ran at all: never full marks
            }
        }
        if (repeat > 1) {
            System.out.printf("%d of %d runs short of full marks%n", shortRuns, repeat);
        }
        deleteTree(classes);
        System.exit(expectFull && shortRuns > 0 ? 1 : 0);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: Score --sources DIR [--sources DIR ...] [--label TEXT] [--only ID,ID] [--repeat N] [--expect-full]");
        System.exit(2);
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
