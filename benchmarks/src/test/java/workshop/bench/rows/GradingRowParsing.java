package workshop.bench.rows;

import java.util.List;

/** Opens GradingRow's output parsing to the tests in other packages. */
public final class GradingRowParsing {

    private GradingRowParsing() {}

    /** Seconds, earned, max: one grading's line. */
    public static List<Double> graded(String output) throws java.io.IOException {
        GradingRow.Graded g = GradingRow.graded(output);
        return List.of(g.seconds(), (double) g.earned(), (double) g.max());
    }

    /** The seconds of each run, and the notes of the short ones. */
    public static List<String> perSubmission(String output, int runs) throws java.io.IOException {
        return GradingRow.perSubmission(output, runs).stream()
                .map(g -> g.seconds() + (g.full() ? "" : " short: " + g.note())).toList();
    }

    /** The grader's CSV summary, a map per submission. */
    public static List<java.util.Map<String, String>> csvRows(String csv) throws java.io.IOException {
        return GradingRow.csvRows(csv);
    }

    /** The grader's command line for a class. */
    public static List<String> cliCommand(java.nio.file.Path jar, List<java.nio.file.Path> submissions, int jobs, String only,
            java.nio.file.Path work) {
        return GradingRow.cliCommand(jar, submissions, jobs, only, work);
    }
}
