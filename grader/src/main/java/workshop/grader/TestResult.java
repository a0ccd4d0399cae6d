package workshop.grader;

/**
 * The verdict of one hidden test method.
 *
 * @param exerciseId the exercise it belongs to
 * @param testId {@code ClassName#method} (stable, for reports)
 * @param name its display name: a sentence a learner understands
 * @param points what it is worth
 * @param passed whether it passed (every invocation of it)
 * @param message why it failed, written for the learner; empty when it passed
 * @param figure what a {@link Leaderboard} test measured (its report entry), or null
 */
public record TestResult(String exerciseId, String testId, String name, int points, boolean passed, String message,
        Double figure) {

    public TestResult(String exerciseId, String testId, String name, int points, boolean passed, String message) {
        this(exerciseId, testId, name, points, passed, message, null);
    }

    /** The points it earned: all or nothing. */
    public int earned() {
        return passed ? points : 0;
    }
}
