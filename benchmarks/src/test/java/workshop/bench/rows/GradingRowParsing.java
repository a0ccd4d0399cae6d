package workshop.bench.rows;

import java.util.List;

/** Opens GradingRow's output parsing to the tests in other packages. */
public final class GradingRowParsing {

    private GradingRowParsing() {}

    /** Seconds, earned, max: one grading's line. */
    public static List<Double> graded(String output) {
        GradingRow.Graded g = GradingRow.graded(output);
        return List.of(g.seconds(), (double) g.earned(), (double) g.max());
    }

    /** The seconds of each run, and the notes of the short ones. */
    public static List<String> perSubmission(String output, int runs) {
        return GradingRow.perSubmission(output, runs).stream()
                .map(g -> g.seconds() + (g.full() ? "" : " short: " + g.note())).toList();
    }
}
