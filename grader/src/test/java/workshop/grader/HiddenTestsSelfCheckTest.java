package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                .map(t -> t.test().id() + ": " + t.message()).toList();
        assertThat(failures).as("hidden tests failing on the reference solutions").isEmpty();
        assertThat(report.earned()).isEqualTo(report.max());
    }

    @Test
    @DisplayName("every hidden test fails on the untouched stubs")
    void stubsScoreZero() {
        ScoreReport report = Targets.fullReport(Targets.STUBS);
        System.out.print(report.table());
        List<String> passing = report.tests().stream().filter(TestResult::passed).map(t -> t.test().id()).toList();
        assertThat(passing).as("hidden tests that pass on the stubs (they assert nothing useful)").isEmpty();
        assertThat(report.tests()).as("stub verdicts").allSatisfy(t ->
                assertThat(t.message()).as("message of %s", t.test().id()).isNotBlank());
    }

    @Test
    @DisplayName("the README's score block and the totals in the docs are what the solutions score now")
    void readmeShowsTheScore() throws IOException {
        ScoreReport report = Targets.fullReport(Targets.SOLUTIONS);
        String table = report.table().replaceFirst("^Score: .*", "Score: reference solutions");
        Path readme = Path.of("../README.md");
        String text = Files.readString(readme);
        Matcher block = Pattern.compile("```\n(Score: reference solutions\n.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find()).as("a ``` block starting \"Score: reference solutions\" in %s", readme).isTrue();
        assertThat(block.group(1)).as("the score block in README.md (what ./mvnw -q verify -DskipTests -Pscore prints;"
                + " copy it from this test's expected value)").isEqualTo(table);
        List<String> stale = new ArrayList<>();
        Pattern total = Pattern.compile("full marks, (\\d+)/(\\d+)|points to (\\d+) \\(the grader's total\\)");
        for (Path page : List.of(readme, Path.of("../docs/instructors-guide.md"))) {
            Matcher m = total.matcher(Files.readString(page));
            while (m.find()) {
                String figure = m.group(3) != null ? m.group(3) : m.group(1) + "/" + m.group(2);
                String now = m.group(3) != null ? String.valueOf(report.max()) : report.max() + "/" + report.max();
                if (!figure.equals(now)) {
                    stale.add(page.getFileName() + ": \"" + m.group() + "\", but the total is " + now);
                }
            }
        }
        assertThat(stale).as("totals in the docs").isEmpty();
    }
}
