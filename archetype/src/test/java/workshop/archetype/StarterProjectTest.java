package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.MANIFEST;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Manifest;

/**
 * The untouched generated project, as archetype:integration-test built it
 * ({@code src/test/resources/projects/starter/goal.txt}: {@code test -Dmaven.test.failure.ignore=true}):
 * it compiles, every visible test fails on the stubs with a message naming its own exercise, and the
 * progress table reports every exercise as not started.
 */
class StarterProjectTest {

    @Test
    @DisplayName("every visible test fails on the stubs, with the TODO of its own exercise")
    void everyTestFailsExerciseByExercise() {
        List<Reports.TestCase> cases = Reports.of(GENERATED);
        assertThat(cases).as("visible tests run in the starter project (see %s)", GENERATED.resolve("build.log"))
                .isNotEmpty();
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            List<Reports.TestCase> own = cases.stream().filter(c -> exercise.owns(c.className())).toList();
            assertThat(own).as("visible tests of %s", exercise.id()).isNotEmpty();
            String todo = "TODO: exercise " + MANIFEST.number(exercise) + " ";
            assertThat(own).as("visible tests of %s on its stub", exercise.id()).allSatisfy(c -> {
                assertThat(c.passed()).as("%s#%s passed on the stub", c.className(), c.name()).isFalse();
                assertThat(c.failure()).as("failure of %s#%s", c.className(), c.name()).contains(todo);
            });
        }
        assertThat(cases).as("tests outside every exercise").allMatch(c -> MANIFEST.owner(c.className()).isPresent());
    }

    @Test
    @DisplayName("the progress table printed after the tests reports every exercise as not started")
    void progressTableSaysNotStarted() {
        String log = Workshop.read(GENERATED.resolve("build.log"));
        assertThat(log).as("build.log of the starter project").contains("Thread Pool Workshop: your progress");
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            Pattern row = Pattern.compile("^\\s*" + MANIFEST.number(exercise) + "\\s+" + Pattern.quote(exercise.title())
                    + "\\s+not started\\s+0/\\d+ pass\\s*$", Pattern.MULTILINE);
            assertThat(log).as("progress row of %s", exercise.id()).containsPattern(row);
        }
        Manifest.Exercise first = MANIFEST.exercises().getFirst();
        assertThat(log).as("what the table says to do next").contains(
                "Next: exercise 1, " + first.title(),
                "instructions: " + first.instructions(),
                "run it alone: ./mvnw test -Dexercise=" + first.id());
    }
}
