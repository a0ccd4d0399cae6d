package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Manifest;

/** The hidden tests are only worth something if they pass on our solutions and fail on the stubs. */
class HiddenTestsSelfCheckTest {

    @Test
    @DisplayName("every exercise in info.toml has hidden tests, and their @Points add up to its points")
    void pointsMatchTheManifest() throws IOException {
        ScoreReport report = Targets.fullReport(Targets.SOLUTIONS);
        for (Manifest.Exercise exercise : Targets.RUNNER.manifest().exercises()) {
            ExerciseScore score = report.exercise(exercise.id());
            assertThat(score.tests()).as("hidden tests of %s", exercise.id()).isNotEmpty();
            assertThat(score.max()).as("sum of @Points of %s's hidden tests vs. info.toml", exercise.id())
                    .isEqualTo(exercise.points());
        }
        assertThat(Targets.RUNNER.hiddenTestClassNames()).as("hidden test classes").allSatisfy(name ->
                assertThat(Targets.RUNNER.manifest().owner(name)).as("exercise of %s", name).isPresent());
    }

    @Test
    @DisplayName("our solutions pass every hidden test")
    void solutionsGetFullMarks() {
        ScoreReport report = Targets.fullReport(Targets.SOLUTIONS);
        System.out.print(report.table());
        List<String> failures = report.tests().stream().filter(t -> !t.passed())
                .map(t -> t.testId() + ": " + t.message()).toList();
        assertThat(failures).as("hidden tests failing on the reference solutions").isEmpty();
        assertThat(report.earned()).isEqualTo(report.max());
    }

    @Test
    @DisplayName("every hidden test fails on the untouched stubs")
    void stubsScoreZero() {
        ScoreReport report = Targets.fullReport(Targets.STUBS);
        System.out.print(report.table());
        List<String> passing = report.tests().stream().filter(TestResult::passed).map(TestResult::testId).toList();
        assertThat(passing).as("hidden tests that pass on the stubs (they assert nothing useful)").isEmpty();
        assertThat(report.tests()).as("stub verdicts").allSatisfy(t ->
                assertThat(t.message()).as("message of %s", t.testId()).isNotBlank());
    }
}
