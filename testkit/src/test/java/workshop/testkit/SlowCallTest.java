package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlowCallTest {

    /** Calls {@code slow} with 1 on a daemon thread; {@code thrown} gets what the call threw (null if nothing). */
    private static Thread callInOwnThread(SlowCall<Integer, String> slow, CompletableFuture<Throwable> thrown) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                slow.mock().call(1);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
    }

    @Test
    @DisplayName("an interrupted call with a linger stays in flight for it, through further interrupts, then throws")
    void lingersAfterAnInterrupt() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted()
                .lingerAfterInterrupt(Duration.ofSeconds(2)).build();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = callInOwnThread(slow, thrown);
        assertThat(slow.awaitState(s -> s.inFlight() == 1, Duration.ofSeconds(10))).as("the call started").isTrue();

        caller.interrupt();
        TimeUnit.MILLISECONDS.sleep(100);
        caller.interrupt();
        assertThat(slow.inFlight()).as("in flight 100 ms after the interrupt, with a 2 s linger").isEqualTo(1);
        assertThat(thrown).as("the call has not ended yet").isNotDone();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(slow.inFlight()).isZero();
        assertThat(slow.interruptedInputs()).containsExactly(1);
    }

    @Test
    @DisplayName("without a linger, an interrupted call ends at once")
    void noLingerByDefault() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted().build();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = callInOwnThread(slow, thrown);
        assertThat(slow.awaitState(s -> s.inFlight() == 1, Duration.ofSeconds(10))).as("the call started").isTrue();
        caller.interrupt();
        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(slow.inFlight()).isZero();
    }
}
