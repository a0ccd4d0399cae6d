package workshop.grader.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import workshop.grader.ExerciseScore;
import workshop.grader.HiddenTest;
import workshop.grader.ScoreReport;
import workshop.grader.TestResult;
import workshop.grader.isolation.Sandbox;
import workshop.testkit.Manifest;

/**
 * Everything the grader found out about one submission; the reports are views of it.
 *
 * @param name the submission's name (its folder or zip name)
 * @param path where it was read from
 * @param exercises one result per graded exercise, in manifest order
 * @param incidents what happened beyond right and wrong answers: did not compile, signature changed,
 *     System.exit, thread bomb, out of memory, time limit, output flood, files outside its folder...
 * @param containment what the machine contained, and what not
 * @param timing where the time went
 * @param internalError set when the grader itself failed on this submission (a bug of ours)
 */
public record SubmissionResult(String name, String path, List<ExerciseResult> exercises, List<Incident> incidents,
        List<Sandbox.Measure> containment, Timing timing, String internalError) {

    public int score() {
        return exercises.stream().mapToInt(ExerciseResult::earned).sum();
    }

    public int maxScore() {
        return exercises.stream().mapToInt(ExerciseResult::max).sum();
    }

    /** Every verdict, with its exercise, in report order. */
    public List<TestVerdict> tests() {
        return exercises.stream().flatMap(e -> e.tests().stream()).toList();
    }

    /** The score table of {@link ScoreReport}, as {@code Score} prints it for our own solutions. */
    ScoreReport scoreReport(Manifest manifest) {
        List<ExerciseScore> scores = new ArrayList<>();
        for (ExerciseResult e : exercises) {
            scores.add(new ExerciseScore(manifest.byId(e.id()), e.tests().stream().map(TestVerdict::asTestResult).toList()));
        }
        return new ScoreReport(name, scores);
    }

    /**
     * One exercise.
     *
     * @param status "graded", "partly compiled", "does not compile", "no sources"
     * @param compilerMessages what javac said about this exercise's files (empty when they compiled)
     */
    public record ExerciseResult(String id, String title, int number, String status, String compilerMessages,
            List<TestVerdict> tests) {

        public int earned() {
            return tests.stream().filter(TestVerdict::passed).mapToInt(t -> t.test().points()).sum();
        }

        public int max() {
            return tests.stream().mapToInt(t -> t.test().points()).sum();
        }

        public long passed() {
            return tests.stream().filter(TestVerdict::passed).count();
        }

        public long failed() {
            return tests.size() - passed();
        }
    }

    /**
     * One hidden test's verdict.
     *
     * @param test which test (its fields stand at the top level of the record's JSON)
     * @param ran false when it was decided without running (did not compile, signature changed, budget spent)
     * @param millis how long it ran
     * @param outputBytes how much it printed
     * @param output the first of what it printed
     * @param figure what it measured for Gradescope's leaderboard (a passed {@link workshop.grader.Leaderboard}
     *     test), or null
     */
    public record TestVerdict(@JsonUnwrapped HiddenTest test, boolean passed, String message,
            boolean ran, long millis, long outputBytes, String output, Figure figure) {

        public TestVerdict(HiddenTest test, boolean passed, String message, boolean ran, long millis, long outputBytes,
                String output) {
            this(test, passed, message, ran, millis, outputBytes, output, null);
        }

        TestResult asTestResult() {
            return new TestResult(test, passed, message);
        }
    }

    /**
     * A figure for Gradescope's leaderboard: the column's name and order from the grader's own class
     * files, the value measured by the worker.
     *
     * @param name the column, e.g. "Exercise 1: time / ideal (lower is better)"
     * @param order "asc" (lower is better) or "desc"
     */
    public record Figure(String name, double value, String order) {

        /** The figure of {@code test}'s verdict {@code result}: only for a passed leaderboard test, a finite positive number. */
        static Figure of(workshop.grader.HiddenTestRunner.PlannedTest test, TestResult result) {
            Double value = result.figure();
            if (test.leaderboard() == null || !result.passed() || value == null || !Double.isFinite(value) || value <= 0
                    || value > 1e9) {
                return null;
            }
            return new Figure(test.leaderboard(), value, "desc".equals(test.order()) ? "desc" : "asc");
        }
    }

    /**
     * Something that happened while grading, beyond a right or wrong answer.
     *
     * @param kind a stable word: does-not-compile, signature-changed, timeout, time-limit, system-exit,
     *     threads, processes, out-of-memory, crash, output, files, threads-left-running, no-sources, ignored-files
     * @param exercise the exercise it concerns ("" for the whole submission)
     * @param test the test that was running ("" for none)
     * @param message what happened, for the learner and the instructor
     */
    public record Incident(String kind, String exercise, String test, String message) {}

    /**
     * @param millis wall-clock time for the whole submission, from copying to the last verdict
     * @param compileMillis javac's share
     * @param jvmStarts how many worker JVMs it took (1 unless something ended or spoiled one)
     * @param jvmStartupMillis the JVMs' time from launch to the worker's main, in all
     * @param testMillis time inside hidden tests, in all
     */
    public record Timing(long millis, long compileMillis, int jvmStarts, long jvmStartupMillis, long testMillis) {}
}
