package workshop.ex6_backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.CountingInputs;
import workshop.testkit.SlowCall;

/**
 * Visible tests of this exercise. Run them alone with {@code ./mvnw test -Dtest=BackpressureTest}.
 * The hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 6: backpressure")
@Timeout(30)
class BackpressureTest {

    @Test
    @Tag("task:1")
    @DisplayName("task 1: delivers one outcome per input, in input order, when the calls finish in reverse")
    void deliversInInputOrder() throws Exception {
        // The calls finish last to first, so outcomes delivered as they finish come back reversed, every time.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().finishInOrder(List.of(2, 1, 0)).build();
        List<Outcome<Integer, String>> delivered = new ArrayList<>();

        long count = Backpressure.map(List.of(0, 1, 2).iterator(), slow.mock(), 3, 3, delivered::add);

        assertThat(slow.problem()).as("the three calls running at once (take and submit before waiting)").isEmpty();
        assertThat(delivered).as("outcomes delivered for 0..2 when the calls finish in the order 2, 1, 0").containsExactly(
                new Outcome.Success<>(0, 0, "result-0"),
                new Outcome.Success<>(1, 1, "result-1"),
                new Outcome.Success<>(2, 2, "result-2"));
        assertThat(count).as("what map returns: the number of outcomes delivered").isEqualTo(3);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: runs maxWorkers calls at once, and never more")
    void capsTheCallsInFlight() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(4).build();
        CountingInputs inputs = CountingInputs.upTo(40);

        Backpressure.map(inputs, slow.mock(), 4, 8, outcome -> inputs.delivered());

        assertThat(slow.problem()).as("overlap of the calls").isEmpty();
        assertThat(slow.maxInFlight()).as("most calls in flight at once with maxWorkers = 4").isEqualTo(4);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: a slow consumer holds the iterator back: never more than maxAhead inputs taken and not delivered")
    void slowConsumerSlowsTheIterator() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        CountingInputs inputs = CountingInputs.upTo(100);

        long count = Backpressure.map(inputs, slow.mock(), 2, 5, outcome -> {
            inputs.delivered();
            sleep(2); // a consumer slower than the calls
        });

        assertThat(inputs.problem()).as("inputs held: an input leaves its place only once delivered").isEmpty();
        assertThat(inputs.maxHeld()).as("most inputs taken but not yet delivered, with maxAhead = 5").isLessThanOrEqualTo(5);
        assertThat(count).as("outcomes delivered").isEqualTo(100);
    }

    @Test
    @Tag("task:3")
    @DisplayName("task 3: a failed call is delivered as a Failure, and the run goes on")
    void failuresAreDelivered() throws Exception {
        IOException boom = new IOException("input 1 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().failing(i -> i == 1, i -> boom).build();
        List<Outcome<Integer, String>> delivered = new ArrayList<>();

        Backpressure.map(List.of(0, 1, 2).iterator(), slow.mock(), 2, 2, delivered::add);

        assertThat(delivered).as("outcomes when the call for 1 throws").containsExactly(
                new Outcome.Success<>(0, 0, "result-0"),
                new Outcome.Failure<>(1, 1, boom),
                new Outcome.Success<>(2, 2, "result-2"));
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: when the caller is interrupted, stops the calls and throws InterruptedException")
    void interruptStopsTheRun() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted().build();
        CompletableFuture<Long> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().daemon().start(() -> {
            try {
                outcome.complete(Backpressure.map(IntStream.range(0, 1_000).iterator(), slow.mock(), 4, 8, o -> {}));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });

        // Stop waiting as soon as map ends too (the stub throws at once): no need to wait out the limit.
        boolean started = slow.awaitState(s -> s.inFlight() == 4 || outcome.isDone(), Duration.ofSeconds(10))
                && slow.inFlight() == 4;
        if (outcome.isCompletedExceptionally() && outcome.exceptionNow() instanceof RuntimeException early) {
            throw early; // map failed before any call ran (the stub's TODO, say): show that, not a count
        }
        assertThat(started).as("four calls in flight (maxWorkers = 4) before the interrupt").isTrue();
        caller.interrupt();

        Throwable thrown = catchThrowable(() -> outcome.get(10, TimeUnit.SECONDS));
        assertThat(thrown).as("what map did once its caller was interrupted (it should throw InterruptedException)")
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(slow.inFlight()).as("calls still running after map threw (cancel them, then close the pool)").isZero();
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
