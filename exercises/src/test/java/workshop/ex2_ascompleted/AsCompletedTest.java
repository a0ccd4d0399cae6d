package workshop.ex2_ascompleted;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.SlowCall;

/**
 * Visible tests of this exercise. Run them alone with {@code ./mvnw test -Dtest=AsCompletedTest}.
 * The hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 2: as completed, with error collection")
@Timeout(30)
class AsCompletedTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    @Tag("task:1")
    @DisplayName("task 1: every input lands in results or errors, and failures do not stop the batch")
    void nothingLost() throws Exception {
        IOException boom = new IOException("input 3 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(10).failing(Map.of(3, boom)).build();

        Collected<Integer, String> collected = AsCompleted.collect(range(6), slow.mock(), 3, outcome -> {});

        assertThat(collected.results()).extracting(Outcome::input).as("inputs whose call returned")
                .containsExactlyInAnyOrder(0, 1, 2, 4, 5);
        assertThat(collected.errors()).extracting(Outcome.Failure::error).as("errors (the call's own exception)")
                .containsExactly(boom);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: runs maxWorkers calls at once, and never more")
    void runsConcurrentlyUpToMaxWorkers() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(3).build();

        AsCompleted.collect(range(9), slow.mock(), 3, outcome -> {});

        assertThat(slow.problem()).as("overlap of the calls (submit them all before waiting for any)").isEmpty();
        assertThat(slow.maxInFlight()).as("most calls in flight at once with maxWorkers = 3").isEqualTo(3);
    }

    @Test
    @Tag("task:3")
    @DisplayName("task 3: tells the listener of each outcome as soon as its call finishes")
    void listenerInCompletionOrder() throws Exception {
        List<Integer> heard = new CopyOnWriteArrayList<>();
        // The call for input i (i < 3) finishes only after the listener has heard of input i + 1, so
        // the calls finish 3, 2, 1, 0, and only an as-completed loop lets them.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .beforeAnswer(i -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (i < 3 && !heard.contains(i + 1) && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(2);
                    }
                })
                .build();

        AsCompleted.collect(range(4), slow.mock(), 4, outcome -> heard.add(outcome.input()));

        assertThat(heard).as("order the listener heard of the outcomes (hand each over as its call completes,"
                + " e.g. with ExecutorCompletionService.take(), not in input order)").containsExactly(3, 2, 1, 0);
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: a call past its timeout becomes a TimeoutException error and is interrupted")
    void perCallTimeout() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 1 ? Duration.ofSeconds(10) : Duration.ofMillis(20)).build();

        Collected<Integer, String> collected =
                AsCompleted.collect(range(3), slow.mock(), 3, outcome -> {}, Duration.ofSeconds(2));

        assertThat(collected.errors()).extracting(Outcome::input).as("inputs that timed out").containsExactly(1);
        assertThat(collected.errors().getFirst().error()).as("error of the timed-out call")
                .isInstanceOf(TimeoutException.class);
        assertThat(slow.interruptedInputs()).as("calls interrupted when their time was up").containsExactly(1);
    }
}
