package workshop.ex4_cpubound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.ex4_cpubound.ChildFailedException.Reason;
import workshop.testkit.ChildWatch;
import workshop.testkit.FixtureChild;

/**
 * Visible tests of this exercise's part 2. Run them alone with {@code ./mvnw test -Dtest=ProcessPoolTest}.
 * Each child is a real JVM: {@link SerialWorker}, or {@link FixtureChild}, which behaves or
 * misbehaves as its input says ({@code ok:a}, {@code crash:b}, {@code hang:c} ...).
 */
@DisplayName("Exercise 4: a process pool for lock-bound work")
@Timeout(60)
class ProcessPoolTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    @Tag("task:3")
    @DisplayName("task 3: each input runs in a child JVM of its own, and its reply comes back")
    void runsEachInputInAChild() throws Exception {
        try (ChildWatch watch = ChildWatch.start()) {
            ChildProgram worker = ChildProgram.of(SerialWorker.class).withJvmOptions(watch.markerOptions());

            List<ChildOutcome> outcomes = ProcessPool.map(worker, List.of("alpha", "beta"), 2, GENEROUS);

            assertThat(outcomes).as("outcomes, in input order").extracting(ChildOutcome::input).containsExactly("alpha", "beta");
            assertThat(outcomes).as("outcomes").allSatisfy(o -> assertThat(o).isInstanceOf(ChildOutcome.Done.class));
            assertThat(outcomes).extracting(o -> ((ChildOutcome.Done) o).value()).as("digests the children replied")
                    .containsExactly(SerialLibrary.digest("alpha"), SerialLibrary.digest("beta"));
            assertThat(outcomes).extracting(ChildOutcome::pid).as("pids of the children")
                    .doesNotHaveDuplicates()
                    .doesNotContain(ProcessHandle.current().pid());
        }
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: never more than maxProcesses children alive at once")
    void respectsMaxProcesses() throws Exception {
        try (ChildWatch watch = ChildWatch.start()) {
            // Each ok child waits until 2 of them run, then stays 200 ms.
            ChildProgram fixture = ChildProgram.of(FixtureChild.class).withJvmOptions(watch.fixtureOptions(2, 200));

            List<ChildOutcome> outcomes = ProcessPool.map(fixture, List.of("ok:a", "ok:b", "ok:c", "ok:d"), 2, GENEROUS);

            assertThat(outcomes).as("outcomes").allSatisfy(o -> assertThat(o).isInstanceOf(ChildOutcome.Done.class));
            assertThat(watch.maxAlive()).as("most children alive at once with maxProcesses = 2").isLessThanOrEqualTo(2);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("task 5: a crash, a non-zero exit code or garbage output is that input's error")
    void failuresAreThatInputsError() throws Exception {
        try (ChildWatch watch = ChildWatch.start()) {
            ChildProgram fixture = ChildProgram.of(FixtureChild.class).withJvmOptions(watch.fixtureOptions());

            List<ChildOutcome> outcomes = ProcessPool.map(fixture, List.of("ok:a", "crash:b", "exit3:c", "garbage:d"), 4, GENEROUS);

            assertThat(outcomes.get(0)).as("outcome of ok:a").isInstanceOf(ChildOutcome.Done.class);
            assertThat(reasonOf(outcomes.get(1))).as("why crash:b failed").isEqualTo(Reason.NON_ZERO_EXIT);
            assertThat(reasonOf(outcomes.get(2))).as("why exit3:c failed (it printed a reply, then exited with 3)")
                    .isEqualTo(Reason.NON_ZERO_EXIT);
            assertThat(reasonOf(outcomes.get(3))).as("why garbage:d failed").isEqualTo(Reason.BAD_OUTPUT);
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("task 6: a hung child is killed at its timeout, and nothing is left running")
    void hungChildIsKilled() throws Exception {
        try (ChildWatch watch = ChildWatch.start()) {
            ChildProgram fixture = ChildProgram.of(FixtureChild.class).withJvmOptions(watch.fixtureOptions());

            List<ChildOutcome> outcomes = ProcessPool.map(fixture, List.of("hang:a"), 1, Duration.ofSeconds(2));

            assertThat(reasonOf(outcomes.getFirst())).as("why hang:a failed").isEqualTo(Reason.TIMED_OUT);
            assertThat(watch.stillRunningAfter(ChildWatch.EXIT_GRACE)).as("processes still running after map returned")
                    .isEmpty();
        }
    }

    private static Reason reasonOf(ChildOutcome outcome) {
        assertThat(outcome).as("outcome of %s", outcome.input()).isInstanceOf(ChildOutcome.Failed.class);
        return ((ChildOutcome.Failed) outcome).error().reason();
    }
}
