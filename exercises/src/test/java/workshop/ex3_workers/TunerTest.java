package workshop.ex3_workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.SlowCall;

/**
 * Visible tests of this exercise's tasks 3 and 4. Run them alone with {@code ./mvnw test -Dtest=TunerTest}.
 * The hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 3: choosing the worker count (the tuner)")
@Timeout(30)
class TunerTest {

    /**
     * A fake trial: a service that serves at most 20 calls at once, 100 ms each (more calls queue),
     * plus 1 ms of client-side work per call that more workers do overlap. No clock, no threads.
     */
    private static final Trial SATURATES_AT_20 = (workers, calls) -> Duration.ofMillis(
            100L * Math.ceilDiv(calls, Math.min(workers, 20)) + Math.ceilDiv(calls, workers));

    @Test
    @Tag("task:3")
    @DisplayName("task 3: timing runs `workers` calls at once and times the whole batch")
    void timing() throws Exception {
        // Every call waits until 3 calls are in flight: a sequential loop never gets there.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(50).rendezvous(3).build();

        Duration elapsed = Tuner.timing(IntStream.range(0, 6).boxed().toList(), slow.mock()).run(3, 6);

        assertThat(slow.problem()).as("overlap of the calls (submit them all before waiting for any)").isEmpty();
        assertThat(slow.maxInFlight()).as("most calls in flight at once with workers = 3").isEqualTo(3);
        assertThat(slow.startedCount()).as("calls made by run(3, 6)").isEqualTo(6);
        assertThat(elapsed).as("time of 6 calls of 50 ms on 3 workers (two rounds)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(95));
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: measures every candidate and chooses the smallest within the tolerance")
    void tune() throws Exception {
        Tuning tuning = new Tuner(List.of(1, 5, 10, 20, 40, 80), 200, 1, 0.05).tune(SATURATES_AT_20);

        assertThat(tuning.workerCounts()).as("the worker counts measured").containsExactly(1, 5, 10, 20, 40, 80);
        assertThat(tuning.best().workers()).as("the fastest count (by a hair)").isEqualTo(80);
        assertThat(tuning.chosen()).as("the smallest count within 5% of the best").isEqualTo(20);
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: rejects a tolerance outside [0, 1), naming it")
    void rejectsBadTolerance() {
        assertThat(catchThrowable(() -> new Tuner(List.of(1, 2), 10, 1, 1.5)))
                .as("what new Tuner(..., tolerance = 1.5) throws")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
    }
}
