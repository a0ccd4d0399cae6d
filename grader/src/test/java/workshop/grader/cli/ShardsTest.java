package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardsTest {

    private static final List<String> ORDER = List.of("ex1", "ex2", "ex3", "ex4", "ex5", "ex6");
    private static final Map<String, Double> COSTS = Map.of("ex1", 2.7, "ex2", 4.9, "ex3", 1.3, "ex4", 8.8, "ex5", 2.8, "ex6", 4.0);

    @Test
    @DisplayName("a submission gets the jobs the others leave idle: 2 shards for one with --jobs 2, 1 in a class")
    void count() {
        assertThat(Shards.count(2, 1, 6)).isEqualTo(2);
        assertThat(Shards.count(3, 1, 6)).isEqualTo(3);
        assertThat(Shards.count(2, 20, 6)).isEqualTo(1);
        assertThat(Shards.count(1, 1, 6)).isEqualTo(1);
        assertThat(Shards.count(4, 1, 1)).as("never more shards than exercises").isEqualTo(1);
        assertThat(Shards.count(4, 2, 6)).isEqualTo(2);
    }

    @Test
    @DisplayName("the split balances the costs (costliest first), keeps teaching order in each shard, and uses every exercise once")
    void split() {
        List<List<String>> shards = Shards.split(ORDER, 2, COSTS);
        assertThat(shards).containsExactly(List.of("ex3", "ex4", "ex5"), List.of("ex1", "ex2", "ex6")); // 12.9 s and 11.6 s
        assertThat(Shards.split(ORDER, 1, COSTS)).containsExactly(ORDER);
        assertThat(Shards.split(List.of("ex1", "ex3"), 4, COSTS)).as("no empty shard").containsExactly(List.of("ex1"), List.of("ex3"));
        // An exercise the costs do not list counts as their mean (4.08 here), not as free.
        assertThat(Shards.split(List.of("ex4", "ex7", "ex3"), 2, COSTS)).containsExactly(List.of("ex4"), List.of("ex7", "ex3"));
    }

    @Test
    @DisplayName("the grader's costs file lists positive seconds")
    void costsFile() {
        assertThat(Shards.costs()).isNotEmpty().allSatisfy((id, seconds) -> assertThat(seconds).as(id).isPositive());
    }

    @Test
    @DisplayName("merged shards: exercises in teaching order, each incident once, the slowest shard's wall clock, the rest summed")
    void merge() {
        SubmissionResult.Incident ignored = new SubmissionResult.Incident("ignored-files", "", "", "left out: notes.txt");
        SubmissionResult a = result(List.of(exercise("ex4")), List.of(ignored, new SubmissionResult.Incident("timeout", "ex4", "T#t", "slow")),
                new SubmissionResult.Timing(9000, 800, 1, 400, 7000), null);
        SubmissionResult b = result(List.of(exercise("ex1"), exercise("ex6")), List.of(ignored),
                new SubmissionResult.Timing(8000, 700, 2, 500, 6000), "boom");
        SubmissionResult merged = Shards.merge(List.of(a, b), ORDER);
        assertThat(merged.exercises()).extracting(SubmissionResult.ExerciseResult::id).containsExactly("ex1", "ex4", "ex6");
        assertThat(merged.incidents()).extracting(SubmissionResult.Incident::kind).containsExactly("ignored-files", "timeout");
        assertThat(merged.timing()).isEqualTo(new SubmissionResult.Timing(9000, 1500, 3, 900, 13000));
        assertThat(merged.internalError()).isEqualTo("boom");
        assertThat(merged.name()).isEqualTo("dana");
        assertThat(merged.score()).isEqualTo(3);
    }

    private static SubmissionResult.ExerciseResult exercise(String id) {
        return new SubmissionResult.ExerciseResult(id, id, 1, "graded", "",
                List.of(new SubmissionResult.TestVerdict(new workshop.grader.HiddenTest(id, id + "Test#a", "a", 1), true, "", true, 5, 0, "")));
    }

    private static SubmissionResult result(List<SubmissionResult.ExerciseResult> exercises, List<SubmissionResult.Incident> incidents,
            SubmissionResult.Timing timing, String error) {
        return new SubmissionResult("dana", "/tmp/dana", exercises, incidents, List.of(), timing, error);
    }
}
