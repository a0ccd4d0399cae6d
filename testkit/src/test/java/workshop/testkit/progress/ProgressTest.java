package workshop.testkit.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    @DisplayName("describes a failure in a few short lines a learner can act on")
    void describesFailures() {
        assertThat(Progress.describe(new UnsupportedOperationException("TODO: exercise 1 (x): implement X.y")))
                .containsExactly("still the stub: TODO: exercise 1 (x): implement X.y");
        assertThat(Progress.describe(new TimeoutException("map() timed out after 30 seconds")).getFirst())
                .startsWith("did not finish in time (map() timed out after 30 seconds)");
        assertThat(Progress.describe(new AssertionError("[a]\nExpecting\n\n  1\nto be\n  2\nbut was\n  3")))
                .containsExactly("[a]", "Expecting", "...");
        assertThat(Progress.describe(new IllegalStateException("x".repeat(300))).getFirst()).hasSize(100).endsWith("...");
    }

    @Test
    @DisplayName("an exercise whose stub was caught by an assertion (catchThrowable) is still not started")
    void stubCaughtByAnAssertion() {
        Progress progress = new Progress(ProgressListenerTest.MANIFEST);
        String pkg = ProgressListenerTest.MANIFEST.exercises().getFirst().javaPackage();
        progress.record(pkg + ".XTest", "task 4: throws the call's exception", new AssertionError(
                "[what map throws]\nExpecting actual:\n  java.lang.UnsupportedOperationException: TODO: exercise 1 (x): implement X.y\n\tat X.y(X.java:3)"));
        progress.record(pkg + ".XTest", "task 2: runs concurrently",
                new UnsupportedOperationException("TODO: exercise 1 (x): implement X.y"));

        assertThat(progress.status("exA_alpha")).isEqualTo(Status.NOT_STARTED);
        assertThat(Progress.describe(new AssertionError("Expecting actual:\n  java.lang.UnsupportedOperationException: TODO: a\n\tat b")))
                .containsExactly("still the stub: TODO: a");
        assertThat(progress.table(java.util.Map.of(), "./mvnw")).as("table")
                .contains("failing:      task 2: runs concurrently");
        assertThat(progress.failingTask("exA_alpha")).as("the failing task the table shows (for watch mode's hints)").isEqualTo(2);
        assertThat(progress.failingTask("exB_beta")).as("the failing task of an exercise that did not run")
                .isEqualTo(Integer.MAX_VALUE);
    }

    private static final String INSTRUCTIONS = """
            # Exercise A

            ## Task 1: something
            - Task 2: not a hint, not under Hints

            ## Hints
            - Task 1: the first hint
              of task 1, on two lines.
            - Task 2: task 2's hint.
            - Task 1: the second hint of task 1.
            - Not allowed: anything else.
            """;

    @Test
    @DisplayName("reads each task's hints, in order, from the Hints section of the instructions")
    void taskHints() {
        assertThat(Progress.taskHints(INSTRUCTIONS, 1))
                .containsExactly("the first hint of task 1, on two lines.", "the second hint of task 1.");
        assertThat(Progress.taskHints(INSTRUCTIONS, 2)).containsExactly("task 2's hint.");
        assertThat(Progress.taskHints(INSTRUCTIONS, 3)).isEmpty();
        assertThat(Progress.taskHints(null, 1)).isEmpty();
    }

    @Test
    @DisplayName("the table's hint is the failing task's first hint, else the exercise's hint from info.toml")
    void tableGivesTheFailingTasksHint() {
        Progress progress = new Progress(ProgressListenerTest.MANIFEST, exercise -> INSTRUCTIONS);
        String pkg = ProgressListenerTest.MANIFEST.exercises().getFirst().javaPackage();
        progress.record(pkg + ".XTest", "task 1: passes", null);
        progress.record(pkg + ".XTest", "task 2: fails", new AssertionError("wrong"));
        assertThat(progress.table(java.util.Map.of(), "./mvnw")).as("table")
                .contains("hint:         task 2: task 2's hint.").doesNotContain("Alpha's hint.");
        assertThat(progress.hints(ProgressListenerTest.MANIFEST.exercises().getFirst(), 1))
                .containsExactly("task 1: the first hint of task 1, on two lines.", "task 1: the second hint of task 1.",
                        "Alpha's hint.");

        Progress noTask = new Progress(ProgressListenerTest.MANIFEST, exercise -> INSTRUCTIONS);
        noTask.record(pkg + ".XTest", "task 3: fails", new AssertionError("wrong"));
        assertThat(noTask.table(java.util.Map.of(), "./mvnw")).as("table without a hint for task 3")
                .contains("hint:         Alpha's hint.");
    }

    @Test
    @DisplayName("names the walkthroughs a run opened: one by its file, several by their folder")
    void walkthroughLines() {
        Progress one = new Progress(ProgressListenerTest.MANIFEST);
        one.walkthrough("exA_alpha", "walkthroughs/exA_alpha.md");
        assertThat(one.table(java.util.Map.of(), "./mvnw")).as("table after one pass")
                .contains("\n Exercise 1 passes: read its walkthrough at walkthroughs/exA_alpha.md\n");

        Progress three = new Progress(ProgressListenerTest.MANIFEST);
        for (String id : java.util.List.of("exC_gamma", "exA_alpha", "exB_beta")) {
            three.walkthrough(id, "walkthroughs/" + id + ".md");
        }
        assertThat(three.table(java.util.Map.of(), "./mvnw")).as("table after three passes")
                .contains("\n Exercises 1, 2 and 3 pass: read their walkthroughs in walkthroughs/\n");
        assertThat(new Progress(ProgressListenerTest.MANIFEST).table(java.util.Map.of(), "./mvnw"))
                .as("table of a run that opened none").doesNotContain("walkthrough");
    }

    @Test
    @DisplayName("wraps hints at spaces")
    void wrapsHints() {
        assertThat(Progress.wrap("one two three four", 9)).containsExactly("one two", "three", "four");
    }

    @Test
    @DisplayName("a test outside every exercise's package is ignored")
    void ignoresOtherPackages() {
        Progress progress = new Progress(ProgressListenerTest.MANIFEST);
        progress.record("com.example.MyOwnTest", "mine", null);
        assertThat(progress.ranAny()).isFalse();
    }
}
