package workshop.grader;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The verdict of one hidden test method.
 *
 * @param test which test (its fields travel at the top level of the worker's JSON)
 * @param passed whether it passed (every invocation of it)
 * @param message why it failed, written for the learner; empty when it passed
 * @param figure what a {@link Leaderboard} test measured (its report entry), or null
 */
public record TestResult(@JsonUnwrapped HiddenTest test, boolean passed, String message, Double figure) {

    public TestResult(HiddenTest test, boolean passed, String message) {
        this(test, passed, message, null);
    }

    /** The points it earned: all or nothing. */
    public int earned() {
        return passed ? test.points() : 0;
    }
}
