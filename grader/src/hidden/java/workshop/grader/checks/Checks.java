package workshop.grader.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import workshop.testkit.SlowCall;
import workshop.testkit.Threads;

/** Checks the hidden tests of every exercise share, each with a message a learner can act on. */
public final class Checks {

    /** How long {@link #assertNothingLeftRunning} watches a pool's live threads for late calls. */
    private static final Duration LATE_CALL_WATCH = Duration.ofMillis(300);

    /** How long it then waits for a late call from a thread that ran none before. */
    private static final long LATE_CALL_GRACE_MILLIS = 50;

    private Checks() {}

    /** Code under test that may throw anything. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws Exception;
    }

    /**
     * Fails with the mock's own complaint (a rendezvous that was never reached, calls that never ran
     * alongside each other), followed by {@code hint}. Call it before looking at results: code that
     * swallows the mock's error would otherwise hide the cause.
     */
    public static void assertMockSatisfied(SlowCall<?, ?> slow, String hint) {
        slow.problem().ifPresent(problem -> fail(problem + ": " + hint));
    }

    /** Fails if a thread that ran a call is still alive a few seconds after {@code method} returned. */
    public static void assertPoolShutDown(SlowCall<?, ?> slow, String method) throws InterruptedException {
        List<Thread> alive = Threads.stillAliveAfter(slow.threads(), Threads.EXIT_GRACE);
        assertThat(alive)
                .withFailMessage("%d thread(s) that ran calls were still alive %d s after %s returned: %s. Shut the pool"
                        + " down before returning: open it with try-with-resources (ExecutorService is AutoCloseable),"
                        + " or call shutdown() and awaitTermination() in a finally block",
                        alive.size(), Threads.EXIT_GRACE.toSeconds(), method, Threads.names(alive))
                .isEmpty();
    }

    /** Fails if calls are still running after {@code method} returned, or new ones start later. */
    public static void assertNothingLeftRunning(SlowCall<?, ?> slow, String method) throws InterruptedException {
        int inFlight = slow.inFlight();
        assertThat(inFlight)
                .withFailMessage("%d call(s) were still running when %s returned: wait for the pool to finish"
                        + " (try-with-resources, or shutdown() then awaitTermination()) before returning", inFlight, method)
                .isZero();
        int started = slow.startedCount();
        // A later call needs a live thread. A pool that was closed has let its threads go by now, so
        // wait (briefly) only while some are alive, then give a thread that never ran a call a moment.
        Threads.stillAliveAfter(slow.threads(), LATE_CALL_WATCH);
        TimeUnit.MILLISECONDS.sleep(LATE_CALL_GRACE_MILLIS);
        assertThat(slow.startedCount())
                .withFailMessage("%d more call(s) started after %s had returned: the pool was left running",
                        slow.startedCount() - started, method)
                .isEqualTo(started);
    }

    /** Runs {@code action} and returns what it threw, failing if it returned normally. */
    public static Throwable thrownBy(Action<?> action, String expectation) {
        try {
            Object result = action.run();
            return fail("%s, but it returned %s", expectation, result);
        } catch (Throwable t) {
            if (t instanceof AssertionError a && a.getMessage() != null && a.getMessage().startsWith(expectation)) {
                throw a;
            }
            return t;
        }
    }

    /**
     * Runs {@code action} on a thread of its own, so the test can interrupt it; returns that thread
     * and the future of its outcome.
     */
    public static <T> Running<T> startInOwnThread(Action<T> action) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("learner-caller").daemon().start(() -> {
            try {
                outcome.complete(action.run());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        return new Running<>(thread, outcome);
    }

    /** An action running on a thread of its own. */
    public record Running<T>(Thread thread, CompletableFuture<T> outcome) {

        /** What the action threw within {@code limit}, or a failure if it returned or kept running. */
        public Throwable thrownWithin(Duration limit, String whatItShouldDo) throws InterruptedException {
            try {
                T result = outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                return fail("%s, but it returned %s", whatItShouldDo, result);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                return fail("%s, but it was still running %d s later", whatItShouldDo, limit.toSeconds());
            }
        }
    }
}
