package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the grader's command line needs from the runner: a stable plan, streamed verdicts, link problems. */
class RunnerForGradingTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the plan lists every hidden test, in the order they run, the same order every time")
    void planIsTheRunOrder() throws IOException {
        List<String> ids = Targets.RUNNER.manifest().exercises().stream().map(e -> e.id()).toList();
        // The stubs fail fast, except where a test waits for calls that never start: leave those out here.
        java.util.function.Predicate<String> quick = id -> !id.contains("interrupt");
        List<String> planned = Targets.RUNNER.plan(ids).stream().map(t -> t.test().id())
                .filter(quick).toList();
        List<String> started = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        ScoreReport report = Targets.RUNNER.grade("stubs", List.of(Targets.compiled(List.of(Targets.STUBS))), ids, quick,
                new HiddenTestRunner.Progress() {
                    @Override
                    public void started(String exerciseId, String testId) {
                        started.add(testId);
                    }

                    @Override
                    public void finished(TestResult result, Optional<Throwable> failure) {
                        finished.add(result.test().id());
                        assertThat(failure).as("failure of %s on a stub", result.test().id()).isPresent();
                    }
                });
        assertThat(started).as("tests in the order they started").isEqualTo(planned);
        assertThat(finished).isEqualTo(planned);
        assertThat(report.tests().stream().map(t -> t.test().id()).toList()).isEqualTo(planned);
        assertThat(Targets.RUNNER.plan(ids).stream().mapToInt(t -> t.test().points()).sum())
                .isEqualTo(Targets.RUNNER.manifest().exercises().stream().mapToInt(e -> e.points()).sum());
    }

    @Test
    @DisplayName("a changed signature is found before anything runs, for the tests that use it only")
    void linkProblems() throws IOException {
        List<String> ids = List.of("ex1_ordered", "ex2_ascompleted");
        assertThat(Targets.RUNNER.linkProblems(List.of(Targets.compiled(List.of(Targets.SOLUTIONS))), ids))
                .as("link problems of our solutions").isEmpty();
        assertThat(Targets.RUNNER.linkProblems(List.of(Targets.compiled(List.of(Targets.STUBS))), ids))
                .as("link problems of the stubs").isEmpty();

        Path changed = dir.resolve("workshop/ex1_ordered/OrderedMap.java");
        Files.createDirectories(changed.getParent());
        Files.writeString(changed, Files.readString(Targets.STUBS.resolve("workshop/ex1_ordered/OrderedMap.java"))
                .replace("int maxWorkers)", "long maxWorkers)"));
        Map<String, List<String>> problems = Targets.RUNNER.linkProblems(
                List.of(Targets.compiled(List.of(Targets.SOLUTIONS, dir))), ids);
        assertThat(problems).as("tests that cannot link").isNotEmpty()
                .allSatisfy((test, list) -> assertThat(test).startsWith("OrderedMapHiddenTest#"));
        assertThat(problems.get("OrderedMapHiddenTest#runsConcurrently"))
                .containsExactly("OrderedMap.map(List, BlockingCall, int) is missing or its signature changed"
                        + " (yours: map(List, BlockingCall, long))");
    }
}
