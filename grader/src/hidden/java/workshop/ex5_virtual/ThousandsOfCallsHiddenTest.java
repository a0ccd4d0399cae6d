package workshop.ex5_virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.Mockito.verifyNoInteractions;
import static workshop.grader.checks.Checks.assertMockSatisfied;
import static workshop.grader.checks.Checks.assertNothingLeftRunning;
import static workshop.grader.checks.Checks.assertPoolShutDown;
import static workshop.grader.checks.Checks.thrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;
import workshop.grader.Points;
import workshop.grader.checks.Architecture;
import workshop.grader.checks.Checks;
import workshop.testkit.CallRecord;
import workshop.testkit.SlowCall;
import workshop.testkit.Threads;

/**
 * Hidden tests of this exercise: {@link ThousandsOfCalls#callAll}.
 *
 * <p>Pinning: on JDK 21-23 a virtual thread that blocks inside {@code synchronized} pins its carrier
 * thread; from JDK 24 on (JEP 491) it does not. These tests give the same verdict on both for a
 * correct submission: the mock ({@link SlowCall}) waits with {@code ReentrantLock} conditions and
 * {@code sleep}, never inside a monitor, so a thousand calls can wait at the rendezvous on two
 * carrier threads. A submission that holds a monitor around the call is caught on every JDK when the
 * monitor is shared (it lets one call through at a time), and only on JDK 21-23 when it is not
 * (pinning is then the real bug on that JDK).
 */
@DisplayName("Exercise 5: thousands of calls")
class ThousandsOfCallsHiddenTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The outcomes a correct callAll gives when every call returns {@code "result-" + input}. */
    private static List<Outcome<Integer, String>> successes(List<Integer> inputs) {
        return IntStream.range(0, inputs.size())
                .<Outcome<Integer, String>>mapToObj(i -> new Outcome.Success<>(i, inputs.get(i), "result-" + inputs.get(i)))
                .toList();
    }

    /**
     * The outcomes sorted by their index, for the tests that judge what the outcomes are rather than their order.
     * Only {@link #outcomesInInputOrder} judges the order, with calls made to finish in reverse: elsewhere a list in
     * completion order would pass or fail by chance, as the calls happened to finish.
     */
    private static List<Outcome<Integer, String>> byIndex(List<Outcome<Integer, String>> outcomes) {
        if (outcomes == null) {
            return null;
        }
        List<Outcome<Integer, String>> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.nullsLast(Comparator.comparingInt(Outcome::index)));
        return sorted;
    }

    /** What went wrong in a long list of outcomes (sorted {@link #byIndex}): the first input whose outcome differs. */
    private static String firstDifference(List<Outcome<Integer, String>> expected, List<Outcome<Integer, String>> actual) {
        if (actual == null) {
            return "callAll returned null";
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                return "the outcome for input " + i + " should be " + expected.get(i) + " but was " + actual.get(i);
            }
        }
        return "expected " + expected.size() + " outcomes, got " + actual.size();
    }

    /** One successful outcome per input, in any order ({@link #byIndex}). */
    private static void assertEverySucceeded(List<Outcome<Integer, String>> outcomes, List<Integer> inputs) {
        List<Outcome<Integer, String>> sorted = byIndex(outcomes);
        assertThat(sorted)
                .withFailMessage("expected %s successful outcomes, one per input, but %s",
                        String.format(Locale.ROOT, "%,d", inputs.size()), firstDifference(successes(inputs), sorted))
                .isEqualTo(successes(inputs));
    }

    @Test
    @Points(3)
    @DisplayName("returns one outcome per input, in input order, when the calls finish in reverse order")
    void outcomesInInputOrder() throws Exception {
        List<Integer> inputs = range(8);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().finishInOrder(inputs.reversed()).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 8);
        // Read the outcomes once every call and its thread has ended: this test is about their order, and
        // its verdict must not depend on how far calls still running had got (waitsForEveryCall checks that).
        slow.awaitState(s -> s.finished().size() == inputs.size(), Duration.ofSeconds(5));
        Threads.stillAliveAfter(slow.threads(), Threads.EXIT_GRACE);

        assertMockSatisfied(slow, "with maxConcurrentCalls = 8 the eight calls must run at the same time: start"
                + " every call before waiting for any");
        assertThat(outcomes)
                .withFailMessage("expected the outcomes in input order %s but got %s (the calls finished in the order"
                        + " %s): keep the futures in a list in submission order and read them in that order, not as"
                        + " they finish", successes(inputs), outcomes, slow.finishedInputs())
                .isEqualTo(successes(inputs));
    }

    @Test
    @Points(4)
    @DisplayName("runs 10,000 calls, every one of them on a virtual thread")
    void tenThousandCallsOnVirtualThreads() throws Exception {
        List<Integer> inputs = range(10_000);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 1_000);

        List<Thread> platform = slow.threads().stream().filter(t -> !t.isVirtual()).toList();
        assertThat(platform)
                .withFailMessage("%d of the %d threads that ran calls were platform threads (%s ...), not virtual"
                        + " threads: run each call on a virtual thread of its own, with"
                        + " Executors.newVirtualThreadPerTaskExecutor() in a try-with-resources block",
                        platform.size(), slow.threads().size(), Threads.names(platform.stream().limit(3).toList()))
                .isEmpty();
        assertEverySucceeded(outcomes, inputs);
        assertThat(slow.startedCount())
                .withFailMessage("the call ran %d times for 10,000 inputs: call it exactly once per input",
                        slow.startedCount())
                .isEqualTo(10_000);
        // Counted, not timed: a thread-per-task executor never runs two calls on one thread.
        int threads = slow.threads().size();
        assertThat(threads)
                .withFailMessage("the 10,000 calls ran on only %,d virtual threads, so some thread ran more than one call:"
                        + " the virtual threads come from a pool (newFixedThreadPool(n, Thread.ofVirtual().factory())?)."
                        + " Virtual threads are cheap and meant for one task each: give every call a thread of its own"
                        + " with Executors.newVirtualThreadPerTaskExecutor(), and cap the calls with the Semaphore,"
                        + " not with a pool size", threads)
                .isEqualTo(10_000);
    }

    @Test
    @Points(3)
    @DisplayName("reaches a thousand calls in flight at once when the cap allows it")
    void reachesAThousandCallsInFlight() throws Exception {
        // Every call waits until 1,000 calls are in flight. A pool of 200 threads (platform or
        // virtual) never gets there, nor does a lock held around the call; one virtual thread per
        // call gets there in milliseconds.
        List<Integer> inputs = range(2_000);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().rendezvous(1_000).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 5_000);

        assertMockSatisfied(slow, "with maxConcurrentCalls = 5,000 and 2,000 inputs, a thousand calls must be able to"
                + " wait at once. A pool of N threads (newFixedThreadPool, with platform or virtual threads) runs at"
                + " most N calls at a time, and a lock held around the call (synchronized) lets one through at a time;"
                + " on JDK 21-23 a synchronized block around a blocking call also pins the virtual thread to one of"
                + " the few carrier threads. Give every call a virtual thread of its own"
                + " (Executors.newVirtualThreadPerTaskExecutor()), and cap the calls with a Semaphore, not a pool size");
        assertEverySucceeded(outcomes, inputs);
    }

    @Test
    @Points(3)
    @DisplayName("never has more than maxConcurrentCalls calls in flight, and reaches that many")
    void neverExceedsTheCap() throws Exception {
        List<Integer> inputs = range(2_000);
        // Every call waits until 100 are in flight, so a cap below 100 (or calls that are not
        // concurrent) fails; counting the calls in flight catches a cap above 100.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(100).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 100);

        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but maxConcurrentCalls was 100: with one"
                        + " virtual thread per call nothing caps them for you. Create one"
                        + " new Semaphore(maxConcurrentCalls) for the whole batch, and have every call acquire() a"
                        + " permit before it starts and release() it when it ends", slow.maxInFlight())
                .isLessThanOrEqualTo(100);
        assertMockSatisfied(slow, "with maxConcurrentCalls = 100 and 2,000 inputs, 100 calls should be in flight at"
                + " once: give the Semaphore maxConcurrentCalls permits, and start every call before waiting for any");
        assertEverySucceeded(outcomes, inputs);
    }

    @Test
    @Points(3)
    @DisplayName("turns each failed call into a Failure holding the call's own exception, and runs the rest")
    void failuresBecomeOutcomes() throws Exception {
        List<Integer> inputs = range(20);
        Map<Integer, Exception> failures = Map.of(
                3, new IOException("input 3 failed"),
                4, new IllegalStateException("input 4 failed"),
                17, new IOException("input 17 failed"));
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(10).failing(failures).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 20);

        assertThat(outcomes).withFailMessage("expected one outcome per input (20), got %s", outcomes).hasSize(20);
        List<Outcome<Integer, String>> sorted = byIndex(outcomes);
        for (int i = 0; i < inputs.size(); i++) {
            Outcome<Integer, String> outcome = sorted.get(i);
            Exception expected = failures.get(i);
            if (expected == null) {
                assertThat(outcome).withFailMessage("the outcome for input %d should be Success(%d, %d, result-%d), was %s: a"
                        + " failure of another input must not change this one", i, i, i, i, outcome)
                        .isEqualTo(new Outcome.Success<>(i, i, "result-" + i));
                continue;
            }
            if (outcome instanceof Outcome.Failure<Integer, String> failure
                    && failure.error() instanceof ExecutionException wrapped && wrapped.getCause() == expected) {
                throw new AssertionError("the error for input " + i + " is an ExecutionException wrapping what the"
                        + " call threw: record getCause(), the call's own exception");
            }
            assertThat(outcome)
                    .withFailMessage("the outcome for input %d should be a Failure holding the exception its call threw (%s), but was"
                            + " %s: catch ExecutionException around future.get() and record e.getCause(), so one"
                            + " failure never stops the batch", i, expected, outcome)
                    .isEqualTo(new Outcome.Failure<>(i, i, expected));
        }
    }

    @Test
    @Points(3)
    @DisplayName("gives back a failed call's permit: 34 failures with a cap of 5 do not stall the batch")
    void failedCallsGiveBackTheirPermits() throws Exception {
        List<Integer> inputs = range(100);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latencyMillis(5)
                .failing(i -> i % 3 == 0, i -> new IOException("input " + i + " failed"))
                .build();

        Checks.Running<List<Outcome<Integer, String>>> running =
                Checks.startInOwnThread(() -> ThousandsOfCalls.callAll(inputs, slow.mock(), 5));
        List<Outcome<Integer, String>> outcomes = awaitWhileCallsProgress(running, slow, Duration.ofSeconds(5),
                "A call that throws must still give back its permit, or every failure costs one of the 5 for good:"
                        + " acquire() before the try, release() in a finally block");

        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but maxConcurrentCalls was 5, and 34 of the calls"
                        + " failed: more calls were in flight than the cap: is a permit released twice? Release it once,"
                        + " in the finally block after the call, and nowhere else (not also in a catch)", slow.maxInFlight())
                .isLessThanOrEqualTo(5);
        assertThat(outcomes).withFailMessage("expected one outcome per input (100), got %s", outcomes).hasSize(100);
        List<Outcome<Integer, String>> sorted = byIndex(outcomes);
        for (int i = 0; i < inputs.size(); i++) {
            Outcome<Integer, String> outcome = sorted.get(i);
            if (i % 3 == 0) {
                assertThat(outcome).withFailMessage("the outcome for input %d should be a Failure with the call's IOException, was %s",
                        i, outcome).isInstanceOf(Outcome.Failure.class);
            } else {
                assertThat(outcome).withFailMessage("the outcome for input %d should be Success(%d, %d, result-%d), was %s",
                        i, i, i, i, outcome).isEqualTo(new Outcome.Success<>(i, i, "result-" + i));
            }
        }
    }

    /**
     * What the running callAll returned, waiting as long as calls keep starting or finishing. If
     * nothing happens for {@code stall}, interrupts it and fails with what was seen and {@code hint}:
     * a deadlock fails with a message, not with the test's time limit.
     */
    private static <T> T awaitWhileCallsProgress(Checks.Running<T> running, SlowCall<?, ?> slow, Duration stall,
            String hint) throws Exception {
        long lastChange = System.nanoTime();
        int lastStarted = -1;
        int lastFinished = -1;
        while (true) {
            try {
                return running.outcome().get(100, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            } catch (TimeoutException stillRunning) {
                int started = slow.startedCount();
                int finished = slow.finished().size();
                if (started != lastStarted || finished != lastFinished) {
                    lastStarted = started;
                    lastFinished = finished;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                    running.thread().interrupt(); // let a stuck implementation go, if it listens
                    long failed = slow.finished().stream().map(CallRecord::thrown).filter(Objects::nonNull).count();
                    return fail("callAll stopped making progress: %d calls had started and %d had failed when"
                            + " nothing more happened for %d s (%d calls in flight). %s",
                            started, failed, stall.toSeconds(), slow.inFlight(), hint);
                }
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("when the caller is interrupted, interrupts the calls and throws InterruptedException")
    void interruptStopsTheBatch() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted()
                // Cancelled calls take 1 s to end: a callAll that does not wait for them is caught every time.
                .lingerAfterInterrupt(Duration.ofSeconds(1)).build();

        Checks.Running<List<Outcome<Integer, String>>> running =
                Checks.startInOwnThread(() -> ThousandsOfCalls.callAll(range(1_000), slow.mock(), 100));
        // At least 100: the cap is judged by other tests; here it only has to be full before the interrupt, so that
        // an uncapped callAll (1,000 in flight at once) is judged on its interrupt handling alone, the same on every run.
        boolean capReached = slow.awaitState(s -> s.inFlight() >= 100 || running.outcome().isDone(), Duration.ofSeconds(10));
        endedOnItsOwn(running);
        running.thread().interrupt();
        Throwable thrown;
        try {
            // Room for ten waves of lingering calls: one whose threads waiting for a permit ignore the interrupt
            // (acquireUninterruptibly) makes up to 900 more calls, 100 at a time, each ending 1 s after it starts.
            // How many of those threads had started when the interrupt came varies from run to run, so this test
            // lets them end, and waitsForAPermitInterruptibly judges that mistake, the same on every run.
            thrown = running.thrownWithin(Duration.ofSeconds(20),
                    "interrupting the thread that waits in callAll should end callAll with an InterruptedException");
        } catch (AssertionError stuck) {
            if (stuck.getMessage() != null && stuck.getMessage().contains("still running")) {
                throw new AssertionError(stuck.getMessage() + ": interrupt the running calls first (cancel(true) every"
                        + " future, or shutdownNow()), then let the exception propagate; close() alone waits for calls"
                        + " that never end", stuck);
            }
            throw stuck;
        }

        assertThat(capReached)
                .withFailMessage("the 100 calls allowed by maxConcurrentCalls = 100 were never in flight at once"
                        + " (at most %d were)", slow.maxInFlight())
                .isTrue();
        assertThat(thrown)
                .withFailMessage("expected InterruptedException, but callAll threw %s: let InterruptedException"
                        + " propagate, after cancelling the calls", thrown)
                .isInstanceOf(InterruptedException.class);
        assertThat(slow.inFlight())
                .withFailMessage("%d call(s) were still running when callAll threw: interrupt them (cancel(true) or"
                        + " shutdownNow()) and wait for them (close()) before throwing", slow.inFlight())
                .isZero();
        assertNothingLeftRunning(slow, "callAll");
    }

    /** Rethrows what callAll threw if it ended before the test interrupted it (a stub, or a crash). */
    private static void endedOnItsOwn(Checks.Running<?> running) throws Exception {
        if (running.outcome().isDone()) {
            try {
                Object result = running.outcome().get();
                fail("callAll returned %s before it was interrupted, although every call blocks until interrupted:"
                        + " wait for every call before returning", result);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("waits for every call: nothing is still running when callAll returns")
    void waitsForEveryCall() throws Exception {
        List<Integer> inputs = range(500);
        // 200 ms per call: long enough that calls left running are still running when callAll returns.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(200).build();

        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, slow.mock(), 500);

        int unfinished = inputs.size() - slow.finished().size();
        assertThat(unfinished)
                .withFailMessage("%d of the 500 calls had not finished when callAll returned (%d were running, the rest"
                        + " not even started): open the executor with try-with-resources (close() waits for every task;"
                        + " shutdown() alone does not), or get() every future, before returning", unfinished, slow.inFlight())
                .isZero();
        assertEverySucceeded(outcomes, inputs);
        assertNothingLeftRunning(slow, "callAll");
        assertPoolShutDown(slow, "callAll");
    }

    @Test
    @Points(2)
    @DisplayName("waits for a permit interruptibly, before the try: an interrupted wait gives back no permit")
    void waitsForAPermitInterruptibly() throws Exception {
        // Judged from the compiled code, not from a run: which waiting task an interrupt reaches before a freed
        // permit does is up to the scheduler, so a run would catch these mistakes only sometimes.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(5).build();
        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(range(20), slow.mock(), 4);
        assertEverySucceeded(outcomes, range(20));

        List<String> releasingFinally = Architecture.acquiresInsideTheTryThatReleases(ThousandsOfCalls.class);
        assertThat(releasingFinally)
                .withFailMessage("%s call(s) Semaphore.acquire() inside the try whose finally calls release(): when the"
                        + " wait for a permit is interrupted (cancel(true) after the caller's interrupt), the finally gives"
                        + " back a permit that was never taken, and the cap grows by one for every interrupted wait. Call"
                        + " acquire() before the try: permits.acquire(); try { return call.call(input); } finally"
                        + " { permits.release(); }", String.join(", ", releasingFinally))
                .isEmpty();
        Architecture.NO_UNINTERRUPTIBLE_ACQUIRE.check(Architecture.classesBeside(ThousandsOfCalls.class));
    }

    @Test
    @Points(1)
    @DisplayName("gives an empty list for empty input, and rejects bad arguments with clear messages")
    void edgeCases() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        BlockingCall<Integer, String> call = slow.mock();

        List<Outcome<Integer, String>> empty = ThousandsOfCalls.callAll(List.of(), call, 10);
        assertThat(empty).withFailMessage("callAll of no inputs should be an empty list, got %s", empty).isEmpty();
        verifyNoInteractions(call);

        assertThat(thrownBy(() -> ThousandsOfCalls.callAll(null, call, 10), "callAll(null, call, 10) should throw"))
                .as("callAll(null, call, 10)").isInstanceOf(NullPointerException.class).hasMessageContaining("inputs");
        assertThat(thrownBy(() -> ThousandsOfCalls.callAll(List.of(1), null, 10), "callAll(inputs, null, 10) should throw"))
                .as("callAll(inputs, null, 10)").isInstanceOf(NullPointerException.class).hasMessageContaining("call");
        assertThat(thrownBy(() -> ThousandsOfCalls.callAll(List.of(1), call, 0), "callAll(inputs, call, 0) should throw"))
                .as("callAll(inputs, call, 0)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentCalls");
    }
}
