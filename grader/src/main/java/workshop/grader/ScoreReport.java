package workshop.grader;

import java.util.List;
import java.util.Locale;

/**
 * The verdicts of a grading run, exercise by exercise, in manifest order.
 *
 * @param label what was graded ("reference solutions", a learner's name)
 * @param exercises one score per exercise graded
 */
public record ScoreReport(String label, List<ExerciseScore> exercises) {

    public ScoreReport {
        exercises = List.copyOf(exercises);
    }

    public int earned() {
        return exercises.stream().mapToInt(ExerciseScore::earned).sum();
    }

    public int max() {
        return exercises.stream().mapToInt(ExerciseScore::max).sum();
    }

    public ExerciseScore exercise(String id) {
        return exercises.stream().filter(e -> e.exercise().id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("exercise " + id + " was not graded"));
    }

    /** Every test verdict, across the exercises. */
    public List<TestResult> tests() {
        return exercises.stream().flatMap(e -> e.tests().stream()).toList();
    }

    /** The score table for a terminal: one row per exercise, with the first failure to work on. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("Score: ").append(label).append('\n');
        String row = "%-3s %-34s %9s %6s %6s  %s%n";
        out.append(String.format(Locale.ROOT, row, "#", "exercise", "points", "passed", "failed", "first failure"));
        int number = 1;
        for (ExerciseScore e : exercises) {
            String first = e.firstFailure().map(t -> t.test().name() + ": " + oneLine(t.message())).orElse("-");
            out.append(String.format(Locale.ROOT, row, number++, e.exercise().title(),
                    e.earned() + "/" + e.max(), e.passed(), e.failed(), first));
        }
        out.append(String.format(Locale.ROOT, "%-38s %9s  (%d%%)%n", "total", earned() + "/" + max(),
                max() == 0 ? 0 : Math.round(100.0 * earned() / max())));
        return out.toString();
    }

    private static String oneLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
