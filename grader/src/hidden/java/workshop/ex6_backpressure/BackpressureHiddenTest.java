package workshop.ex6_backpressure;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;
import workshop.grader.Points;
import workshop.grader.checks.Checks;
import workshop.testkit.CountingInputs;
import workshop.testkit.SlowCall;

/**
 * Hidden tests of this exercise: {@link Backpressure#map}. Everything is counted, nothing timed: how far
 * ahead of the consumer the iterator was read ({@link CountingInputs}), the calls in flight and the
 * threads they ran on ({@link SlowCall}), and the order of the outcomes with the calls made to finish
 * in reverse. The million-input test runs in the grader's worker JVM, whose heap is capped for the
 * whole grading (-Xmx512m), not per test: it proves the bound by counting (never more than maxAhead
 * inputs held at any next()), which is what keeps the heap small, instead of asserting on memory.
 */
@DisplayName("Exercise 6: backpressure")
class BackpressureHiddenTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The outcomes a correct map delivers for inputs 0..n-1 when every call returns "result-" + input. */
    private static List<Outcome<Integer, String>> successes(int n) {
        return IntStream.range(0, n)
                .<Outcome<Integer, String>>mapToObj(i -> new Outcome.Success<>(i, i, "result-" + i))
                .toList();
    }

    /** A consumer that keeps what it gets, tells the inputs, and notes the threads it ran on. */
    private static final class Deliveries implements Consumer<Outcome<Integer, String>> {
        final List<Outcome<Integer, String>> outcomes = Collections.synchronizedList(new ArrayList<>());
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final CountingInputs inputs;
        private final long pauseMillis;

        Deliveries(CountingInputs inputs, long pauseMillis) {
            this.inputs = inputs;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public void accept(Outcome<Integer, String> outcome) {
            threads.add(Thread.currentThread());
            outcomes.add(outcome);
            if (pauseMillis > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (inputs != null) {
                inputs.delivered();
            }
        }
    }

    /**
     * Fails unless every input 0..n-1 got exactly one success. In any order: only deliversInInputOrder forces a
     * finishing order, so only it judges the order, and elsewhere an implementation that delivers in completion
     * order never passes or fails by chance.
     */
    private static void assertOneOutcomePerInput(Deliveries deliveries, int n) {
        List<Outcome<Integer, String>> got = List.copyOf(deliveries.outcomes);
        assertThat(got)
                .withFailMessage("expected one success per input 0..%d, got %d outcomes (first ones: %s): deliver every"
                        + " input's outcome exactly once", n - 1, got.size(), got.subList(0, Math.min(5, got.size())))
                .containsExactlyInAnyOrderElementsOf(successes(n));
    }

    /** Fails with the iterator's own complaint (too many inputs held), followed by {@code hint}. */
    private static void assertInputsSatisfied(CountingInputs inputs, String hint) {
        inputs.problem().ifPresent(problem -> fail(problem + ": " + hint));
    }

    /** Runs map, but lets an AssertionError thrown on purpose by the inputs or the mock through as a verdict. */
    private static long mapCatchingOwnErrors(CountingInputs inputs, BlockingCall<Integer, String> call, int maxWorkers,
            int maxAhead, Consumer<Outcome<Integer, String>> deliver) throws Exception {
        try {
            return Backpressure.map(inputs, call, maxWorkers, maxAhead, deliver);
        } catch (AssertionError e) {
            if (inputs.problem().isPresent()) {
                return -1; // the caller reports it, with its hint
            }
            throw e;
        }
    }

    @Test
    @Points(3)
    @DisplayName("delivers one outcome per input, in input order, on the calling thread, when the calls finish in reverse")
    void deliversInInputOrder() throws Exception {
        List<Integer> inputs = range(8);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().finishInOrder(inputs.reversed()).build();
        Deliveries deliveries = new Deliveries(null, 0);

        long count = Backpressure.map(inputs.iterator(), slow.mock(), 8, 8, deliveries);
        slow.awaitState(s -> s.finished().size() == inputs.size(), Duration.ofSeconds(5));

        assertMockSatisfied(slow, "with maxWorkers = maxAhead = 8 the eight calls must run at the same time: take and"
                + " submit up to maxAhead inputs before waiting for any outcome");
        assertThat(deliveries.outcomes)
                .withFailMessage("expected the outcomes delivered in input order %s but got %s (the calls finished in the"
                        + " order %s): keep the held inputs' futures in a queue in the order taken, and always wait for"
                        + " the head, not for whichever call finishes first", successes(8), deliveries.outcomes,
                        slow.finishedInputs())
                .isEqualTo(successes(8));
        assertThat(deliveries.threads)
                .withFailMessage("outcomes were delivered on %s, not on the thread that called map: call deliver from"
                        + " the calling thread, one outcome at a time", deliveries.threads)
                .containsOnly(Thread.currentThread());
        assertThat(count).withFailMessage("map returned %d, but delivered %d outcomes: return the number delivered",
                count, deliveries.outcomes.size()).isEqualTo(8);
    }

    @Test
    @Points(3)
    @DisplayName("runs maxWorkers calls at once on pool threads, never more, and never on the calling thread")
    void runsMaxWorkersCallsAtOnce() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(4).build();
        CountingInputs inputs = CountingInputs.upTo(100);
        Deliveries deliveries = new Deliveries(inputs, 0);

        Backpressure.map(inputs, slow.mock(), 4, 8, deliveries);

        assertMockSatisfied(slow, "with maxWorkers = 4, four calls should be in flight at once: submit each input to"
                + " a pool of maxWorkers threads as you take it, and wait only for the head");
        long onCaller = slow.threads().stream().filter(t -> t == Thread.currentThread()).count();
        assertThat(onCaller)
                .withFailMessage("calls ran on the thread that called map: while it runs a call it neither delivers nor"
                        + " takes inputs, and the calls in flight exceed maxWorkers. A CallerRunsPolicy does that when"
                        + " the pool's queue is full: bound what you submit (the window of maxAhead held inputs) so the"
                        + " pool never rejects, and keep the default policy")
                .isZero();
        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but maxWorkers was 4: run them on a fixed pool"
                        + " of maxWorkers threads", slow.maxInFlight())
                .isLessThanOrEqualTo(4);
        assertOneOutcomePerInput(deliveries, 100);
    }

    @Test
    @Points(3)
    @DisplayName("reads ahead: takes maxAhead inputs while the first call is still running")
    void readsAheadWhileTheHeadRuns() throws Exception {
        CountingInputs inputs = CountingInputs.upTo(30);
        // The first call waits until 6 inputs are taken: an implementation that holds fewer than maxAhead
        // (a window of maxWorkers, say) never gets there, and the call gives up after 5 s.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().beforeAnswer(i -> {
            if (i == 0 && !awaitTaken(inputs, 6, Duration.ofSeconds(5))) {
                throw new AssertionError("only " + inputs.taken() + " inputs were taken while the first call was"
                        + " still running; with maxAhead = 6 the iterator should be read 6 ahead");
            }
        }).build();
        Deliveries deliveries = new Deliveries(inputs, 0);

        mapCatchingOwnErrors(inputs, slow.mock(), 2, 6, deliveries);

        assertInputsSatisfied(inputs, "at most maxAhead = 6 inputs may be held");
        assertMockSatisfied(slow, "fill the window up to maxAhead inputs (not maxWorkers) before waiting for the head:"
                + " the extra inputs queue in the pool, so a worker that finishes finds its next call waiting");
        assertOneOutcomePerInput(deliveries, 30);
    }

    @Test
    @Points(4)
    @DisplayName("a slow consumer holds the iterator back: never more than maxAhead inputs taken but not delivered")
    void slowConsumerSlowsTheIterator() throws Exception {
        CountingInputs inputs = CountingInputs.upTo(300).failAbove(8);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        Deliveries deliveries = new Deliveries(inputs, 1);

        mapCatchingOwnErrors(inputs, slow.mock(), 4, 8, deliveries);

        assertInputsSatisfied(inputs, "the consumer is slower than the calls, so the inputs taken but not yet delivered"
                + " pile up unless taking waits for delivering. Take the next input only when fewer than maxAhead are"
                + " held (do not submit the whole iterator, nor copy it into a list first)");
        assertThat(inputs.threads())
                .withFailMessage("the iterator was read on %s, not only on the thread that called map: read it on the"
                        + " calling thread, in the loop that delivers, so delivering holds it back", inputs.threads())
                .containsOnly(Thread.currentThread());
        assertOneOutcomePerInput(deliveries, 300);
    }

    @Test
    @Points(3)
    @DisplayName("a slow first call holds the iterator back: finished calls behind it still hold their places")
    void slowHeadHoldsTheIteratorBack() throws Exception {
        CountingInputs inputs = CountingInputs.upTo(50).failAbove(4);
        // The first call waits until its followers have finished (all but itself of the 4 held), then a
        // second more, or until one input too many is taken: a place freed when a call ends, not when its
        // outcome is delivered, lets the iterator run ahead of the head.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().beforeAnswer(i -> {
            if (i == 0) {
                awaitState(() -> inputs.problem().isPresent() || finishedCount.get() >= 3, Duration.ofSeconds(5));
                awaitState(() -> inputs.problem().isPresent(), Duration.ofSeconds(1));
            }
        }).build();
        finishedCount.set(0);
        BlockingCall<Integer, String> counting = input -> {
            try {
                return slow.mock().call(input);
            } finally {
                if (input != 0) {
                    finishedCount.incrementAndGet();
                }
            }
        };
        Deliveries deliveries = new Deliveries(inputs, 0);

        mapCatchingOwnErrors(inputs, counting, 2, 4, deliveries);

        assertInputsSatisfied(inputs, "while the first call runs, the finished calls behind it wait to be delivered"
                + " and still count as held. Free a place when an outcome is delivered, not when its call ends (a"
                + " Semaphore released in the task's finally is released before delivery)");
        assertOneOutcomePerInput(deliveries, 50);
    }

    private final AtomicInteger finishedCount = new AtomicInteger();

    @Test
    @Points(3)
    @DisplayName("maps 1,000,000 inputs from a lazy iterator, holding at most maxAhead of them at a time")
    void aMillionInputs() throws Exception {
        int maxAhead = 64;
        CountingInputs inputs = CountingInputs.upTo(1_000_000).failAbove(maxAhead);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        BlockingCall<Integer, Integer> call = input -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return input * 2;
            } finally {
                inFlight.decrementAndGet();
            }
        };
        AtomicLong next = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        Consumer<Outcome<Integer, Integer>> deliver = outcome -> {
            long expected = next.getAndIncrement();
            if (wrong.get() == null && !(outcome instanceof Outcome.Success<Integer, Integer>(long i, Integer in, Integer out)
                    && i == expected && in == expected && out == expected * 2)) {
                wrong.set("outcome " + expected + " should be Success(" + expected + ", " + expected + ", "
                        + expected * 2 + "), was " + outcome);
            }
            inputs.delivered();
        };

        long count;
        try {
            count = Backpressure.map(inputs, call, 4, maxAhead, deliver);
        } catch (AssertionError e) {
            count = -1;
        } catch (OutOfMemoryError e) {
            fail("map ran out of memory on 1,000,000 inputs after taking %,d of them: hold at most maxAhead inputs at a"
                    + " time, and do not read the iterator into a list", inputs.taken());
            return;
        }

        assertInputsSatisfied(inputs, "with 1,000,000 inputs everything taken and not delivered stays in memory: take"
                + " an input only when fewer than maxAhead are held, and keep no list of all of them");
        assertThat(wrong.get()).withFailMessage("%s: deliver the outcomes in input order", wrong.get()).isNull();
        assertThat(count).withFailMessage("map returned %d after delivering %,d outcomes for 1,000,000 inputs", count,
                next.get()).isEqualTo(1_000_000);
        assertThat(next.get()).withFailMessage("delivered %,d outcomes for 1,000,000 inputs", next.get())
                .isEqualTo(1_000_000);
        assertThat(maxInFlight.get()).withFailMessage("up to %d calls were in flight at once with maxWorkers = 4",
                maxInFlight.get()).isLessThanOrEqualTo(4);
    }

    @Test
    @Points(3)
    @DisplayName("delivers each failed call as a Failure with the call's own exception, and goes on: nothing lost")
    void failuresAreDelivered() throws Exception {
        Map<Integer, Exception> failures = Map.of(
                0, new IOException("input 0 failed"),
                3, new IllegalStateException("input 3 failed"),
                17, new IOException("input 17 failed"));
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(2).failing(failures).build();
        CountingInputs inputs = CountingInputs.upTo(20);
        Deliveries deliveries = new Deliveries(inputs, 0);

        Throwable thrown = null;
        try {
            Backpressure.map(inputs, slow.mock(), 4, 8, deliveries);
        } catch (Exception e) {
            thrown = e;
        }

        assertThat(thrown)
                .withFailMessage("map threw %s after %d outcomes, but a failed call must not end the run: catch"
                        + " ExecutionException around future.get() and deliver an Outcome.Failure holding e.getCause(),"
                        + " then go on", thrown, deliveries.outcomes.size())
                .isNull();
        assertThat(deliveries.outcomes).withFailMessage("expected 20 outcomes, one per input, got %d: %s",
                deliveries.outcomes.size(), deliveries.outcomes).hasSize(20);
        for (int i = 0; i < 20; i++) {
            Outcome<Integer, String> outcome = deliveries.outcomes.get(i);
            Exception expected = failures.get(i);
            if (expected == null) {
                assertThat(outcome).withFailMessage("outcome %d should be Success(%d, %d, result-%d), was %s", i, i, i,
                        i, outcome).isEqualTo(new Outcome.Success<>(i, i, "result-" + i));
                continue;
            }
            if (outcome instanceof Outcome.Failure<Integer, String> failure
                    && failure.error() instanceof ExecutionException wrapped && wrapped.getCause() == expected) {
                throw new AssertionError("the error for input " + i + " is an ExecutionException wrapping what the"
                        + " call threw: deliver getCause(), the call's own exception");
            }
            assertThat(outcome).withFailMessage("outcome %d should be a Failure holding the exception its call threw (%s),"
                    + " but was %s", i, expected, outcome).isEqualTo(new Outcome.Failure<>(i, i, expected));
        }
    }

    @Test
    @Points(3)
    @DisplayName("when the caller is interrupted, interrupts the calls and throws InterruptedException")
    void interruptStopsTheRun() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted()
                // Cancelled calls take 500 ms to end: a map that does not wait for them is caught every time.
                .lingerAfterInterrupt(Duration.ofMillis(500)).build();
        CountingInputs inputs = CountingInputs.upTo(1_000);

        Checks.Running<Long> running = Checks.startInOwnThread(
                () -> Backpressure.map(inputs, slow.mock(), 4, 8, o -> inputs.delivered()));
        boolean capReached = slow.awaitState(s -> s.inFlight() == 4 || running.outcome().isDone(), Duration.ofSeconds(10));
        if (running.outcome().isDone()) {
            try {
                fail("map returned %s before it was interrupted, although every call blocks until interrupted",
                        running.outcome().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
        running.thread().interrupt();
        Throwable thrown;
        try {
            thrown = running.thrownWithin(Duration.ofSeconds(5),
                    "interrupting the thread that waits in map should end map with an InterruptedException");
        } catch (AssertionError stuck) {
            if (stuck.getMessage() != null && stuck.getMessage().contains("still running")) {
                throw new AssertionError(stuck.getMessage() + ": cancel(true) the futures of every input held (or"
                        + " shutdownNow()), then let the exception propagate; close() alone waits for calls that never"
                        + " end", stuck);
            }
            throw stuck;
        }

        assertThat(capReached).withFailMessage("the 4 calls allowed by maxWorkers = 4 were never in flight at once (at"
                + " most %d were)", slow.maxInFlight()).isTrue();
        assertThat(thrown).withFailMessage("expected InterruptedException, but map threw %s: let InterruptedException"
                + " propagate, after cancelling the calls", thrown).isInstanceOf(InterruptedException.class);
        assertThat(slow.inFlight()).withFailMessage("%d call(s) were still running when map threw: cancel them and"
                + " close the pool before throwing", slow.inFlight()).isZero();
        assertNothingLeftRunning(slow, "map");
    }

    @Test
    @Points(2)
    @DisplayName("shuts its pool down: no call running and no pool thread alive when map returns")
    void shutsThePoolDown() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(5).build();
        CountingInputs inputs = CountingInputs.upTo(40);

        long count = Backpressure.map(inputs, slow.mock(), 4, 8, o -> inputs.delivered());

        assertThat(count).withFailMessage("map returned %d for 40 inputs", count).isEqualTo(40);
        assertNothingLeftRunning(slow, "map");
        assertPoolShutDown(slow, "map");
    }

    @Test
    @Points(2)
    @DisplayName("when deliver throws, stops taking inputs, stops the calls and throws the consumer's exception")
    void throwingConsumerStopsTheRun() throws Exception {
        // Only the calls of inputs 0, 1 and 2 end before the consumer throws (the others wait for it): so when it
        // throws, how many inputs could have been taken is the same on every run, however fast the machine.
        CountDownLatch thrownYet = new CountDownLatch(1);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(5).beforeAnswer(i -> {
            if (i >= 3) {
                thrownYet.await();
            }
        }).build();
        CountingInputs inputs = CountingInputs.upTo(1_000);
        IllegalStateException full = new IllegalStateException("the disk is full");
        AtomicInteger seen = new AtomicInteger();

        Throwable thrown = thrownBy(() -> Backpressure.map(inputs, slow.mock(), 4, 8, o -> {
            if (seen.incrementAndGet() == 3) {
                thrownYet.countDown();
                throw full;
            }
            inputs.delivered();
        }), "map should throw the exception its consumer threw");

        assertThat(thrown)
                .withFailMessage("the consumer threw %s at the third outcome, but map %s: do not catch what deliver"
                        + " throws; let it propagate, after cancelling the calls held", full,
                        thrown == full ? "threw it" : "threw " + thrown)
                .isSameAs(full);
        assertThat(inputs.taken())
                .withFailMessage("%d inputs were taken although the consumer failed at the third outcome (at most 3 +"
                        + " maxAhead = 11 can be): a consumer that throws ends the run", inputs.taken())
                .isLessThanOrEqualTo(11);
        // Cancelled calls end a moment after their interrupt: look once they have (whether map waits for its pool is
        // shutsThePoolDown's question), so the verdict here never depends on that moment.
        slow.awaitState(s -> s.inFlight() == 0, Duration.ofSeconds(5));
        assertNothingLeftRunning(slow, "map");
    }

    @Test
    @Points(1)
    @DisplayName("gives 0 for an empty iterator, and rejects bad arguments with clear messages")
    void edgeCases() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        BlockingCall<Integer, String> call = slow.mock();
        List<Outcome<Integer, String>> delivered = new ArrayList<>();

        long none = Backpressure.map(List.<Integer>of().iterator(), call, 2, 4, delivered::add);
        assertThat(none).withFailMessage("map of an empty iterator should return 0, got %d", none).isZero();
        assertThat(delivered).withFailMessage("map of an empty iterator delivered %s", delivered).isEmpty();
        verifyNoInteractions(call);

        Consumer<Outcome<Integer, String>> ignore = o -> {};
        assertThat(thrownBy(() -> Backpressure.map(null, call, 2, 4, ignore), "map(null, call, 2, 4, deliver) should throw"))
                .as("map(null, call, 2, 4, deliver)").isInstanceOf(NullPointerException.class).hasMessageContaining("inputs");
        assertThat(thrownBy(() -> Backpressure.map(List.of(1).iterator(), null, 2, 4, ignore),
                "map(inputs, null, 2, 4, deliver) should throw"))
                .as("map(inputs, null, 2, 4, deliver)").isInstanceOf(NullPointerException.class).hasMessageContaining("call");
        assertThat(thrownBy(() -> Backpressure.map(List.of(1).iterator(), call, 2, 4, null),
                "map(inputs, call, 2, 4, null) should throw"))
                .as("map(inputs, call, 2, 4, null)").isInstanceOf(NullPointerException.class).hasMessageContaining("deliver");
        assertThat(thrownBy(() -> Backpressure.map(List.of(1).iterator(), call, 0, 4, ignore),
                "map(inputs, call, 0, 4, deliver) should throw"))
                .as("map(inputs, call, 0, 4, deliver)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWorkers");
        assertThat(thrownBy(() -> Backpressure.map(List.of(1).iterator(), call, 4, 2, ignore),
                "map(inputs, call, 4, 2, deliver) should throw, as maxAhead is less than maxWorkers"))
                .as("map(inputs, call, 4, 2, deliver)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAhead");
    }

    /** Waits until {@code inputs} has given {@code n} inputs, for at most {@code limit}; whether it has. */
    private static boolean awaitTaken(CountingInputs inputs, long n, Duration limit) throws InterruptedException {
        return awaitState(() -> inputs.taken() >= n, limit);
    }

    /** Polls {@code condition} every millisecond for at most {@code limit}; whether it held. */
    private static boolean awaitState(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
    }
}
