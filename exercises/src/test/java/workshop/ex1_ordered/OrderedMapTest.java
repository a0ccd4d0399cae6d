package workshop.ex1_ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.SlowCall;
import workshop.testkit.Threads;

/**
 * Visible tests of this exercise. Run them alone with {@code ./mvnw test -Dtest=OrderedMapTest}.
 * The hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 1: ordered map")
@Timeout(30)
class OrderedMapTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    @Tag("task:1")
    @DisplayName("task 1: returns one result per input, in input order")
    void resultsInInputOrder() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(10).build();

        List<String> results = OrderedMap.map(range(5), slow.mock(), 2);

        assertThat(results).as("results of map(0..4)")
                .containsExactly("result-0", "result-1", "result-2", "result-3", "result-4");
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: runs maxWorkers calls at once, and never more")
    void runsConcurrentlyUpToMaxWorkers() throws Exception {
        // Every call waits until 3 calls are in flight: a sequential loop never gets there.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(3)
                .ideal(Duration.ofMillis(60)).build();

        Throwable thrown = catchThrowable(() -> OrderedMap.map(range(9), slow.mock(), 3));

        if (slow.problem().isPresent()) { // show how the calls ran: 9 calls of 20 ms on 3 threads take 60 ms at best
            fail("overlap of the calls (submit them all before waiting for any): %s%nthe calls, one row per thread:%n%s",
                    slow.problem().get(), slow.timeline());
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown instanceof Exception exception) {
            throw exception;
        }
        assertThat(slow.problem()).as("overlap of the calls (submit them all before waiting for any)").isEmpty();
        assertThat(slow.maxInFlight()).as("most calls in flight at once with maxWorkers = 3").isEqualTo(3);
    }

    @Test
    @Tag("task:3")
    @DisplayName("task 3: keeps input order when later inputs finish first")
    void inputOrderWhateverTheFinishingOrder() throws Exception {
        List<Integer> inputs = range(4);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().finishInOrder(inputs.reversed()).build();

        List<String> results = OrderedMap.map(inputs, slow.mock(), 4);

        assertThat(slow.problem()).as("all four calls must run at once").isEmpty();
        assertThat(results).as("results when the calls finish in the order 3, 2, 1, 0")
                .containsExactly("result-0", "result-1", "result-2", "result-3");
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: throws the call's own exception, not an ExecutionException")
    void throwsTheCallsException() {
        IOException boom = new IOException("input 2 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().failing(Map.of(2, boom)).build();

        Throwable thrown = catchThrowable(() -> OrderedMap.map(range(4), slow.mock(), 2));

        assertThat(thrown)
                .withFailMessage("expected map to throw the IOException the call threw for input 2, but it threw %s", thrown)
                .isSameAs(boom);
    }

    @Test
    @Tag("task:5")
    @DisplayName("task 5: shuts the pool down before returning")
    void shutsThePoolDown() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(10).build();

        OrderedMap.map(range(6), slow.mock(), 3);

        assertThat(Threads.stillAliveAfter(slow.threads(), Threads.EXIT_GRACE))
                .as("pool threads still alive after map returned (use try-with-resources on the ExecutorService)")
                .isEmpty();
    }
}
