package workshop.ex2_ascompleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;
import workshop.grader.Points;
import workshop.grader.checks.Architecture;
import workshop.grader.checks.Checks;
import workshop.testkit.SlowCall;

/** Hidden tests of this exercise: {@link AsCompleted#collect}. */
@DisplayName("Exercise 2: as completed, with error collection")
class AsCompletedHiddenTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static <I, O> List<Integer> indices(Collected<I, O> collected) {
        return Stream.concat(collected.results().stream().map(Outcome::index), collected.errors().stream().map(Outcome::index))
                .sorted().toList();
    }

    @Test
    @Points(4)
    @DisplayName("puts every input in exactly one of results or errors, errors as the call threw them")
    void everyInputLandsOnce() throws Exception {
        List<Integer> inputs = range(10);
        Map<Integer, Exception> failures = Map.of(
                2, new IOException("input 2 failed"),
                5, new IllegalStateException("input 5 failed"),
                8, new IOException("input 8 failed"));
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).failing(failures).build();

        Collected<Integer, String> collected = AsCompleted.collect(inputs, slow.mock(), 4, outcome -> {});

        assertThat(indices(collected))
                .withFailMessage("expected each of the inputs 0..9 exactly once across results and errors, got the"
                        + " indices %s: every input must land in exactly one list, nothing lost, nothing twice"
                        + " (did the loop stop at the first failure?)", indices(collected))
                .isEqualTo(inputs);
        for (Outcome.Failure<Integer, String> failure : collected.errors()) {
            Exception expected = failures.get(failure.input());
            if (failure.error() instanceof ExecutionException wrapped && wrapped.getCause() == expected) {
                throw new AssertionError("the error for input " + failure.input() + " is an ExecutionException"
                        + " wrapping what the call threw: record getCause(), the call's own exception");
            }
            assertThat(failure.error())
                    .withFailMessage("the error recorded for input %s should be the exception its call threw (%s),"
                            + " but was %s", failure.input(), expected, failure.error())
                    .isSameAs(expected);
            assertThat(failure.index()).as("index of failed input %s", failure.input()).isEqualTo(failure.input());
        }
        assertThat(collected.errors()).extracting(Outcome::input).as("inputs in errors").containsExactlyInAnyOrder(2, 5, 8);
        for (Outcome.Success<Integer, String> success : collected.results()) {
            assertThat(success.result()).as("result for input %s", success.input()).isEqualTo("result-" + success.input());
            assertThat(success.index()).as("index of input %s", success.input()).isEqualTo(success.input());
        }
    }

    @Test
    @Points(2)
    @DisplayName("keeps repeated inputs as separate entries, each called once")
    void repeatedInputsStaySeparate() throws Exception {
        List<String> inputs = List.of("a", "a", "b", "a", "c");
        // "c" fails, and only after the four other calls have finished (and a margin): however an
        // implementation reacts to a failure, it sees the same order every time, so its verdict here is
        // about repeated inputs and never about timing.
        AtomicReference<SlowCall<String, String>> self = new AtomicReference<>();
        SlowCall<String, String> slow = SlowCall.<String>echoing()
                .latencyMillis(10).failing(Map.of("c", new IOException("c failed")))
                .beforeAnswer(input -> {
                    if (input.equals("c") && self.get().awaitState(s -> s.finished().size() >= 4, Duration.ofSeconds(5))) {
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                })
                .build();
        self.set(slow);
        BlockingCall<String, String> call = slow.mock();

        Collected<String, String> collected = AsCompleted.collect(inputs, call, 3, outcome -> {});

        assertThat(collected.results()).extracting(Outcome::index)
                .withFailMessage("expected results for the indices [0, 1, 2, 3] (three \"a\" and one \"b\"), got %s:"
                        + " key outcomes by the input's position, not by the input, or equal inputs collapse",
                        collected.results().stream().map(Outcome::index).toList())
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(collected.errors()).extracting(Outcome::index).as("indices of errors").containsExactly(4);
        verify(call, times(3)).call("a");
        verify(call, times(1)).call("b");
        verify(call, times(1)).call("c");
    }

    @Test
    @Points(3)
    @DisplayName("hands each outcome to the listener as it completes, on the calling thread")
    void listenerSeesCompletionOrder() throws Exception {
        List<Integer> inputs = range(5);
        List<Integer> heard = new CopyOnWriteArrayList<>();
        List<Thread> listenerThreads = new CopyOnWriteArrayList<>();
        // The call for input i may only finish once the listener has heard of input i + 1: a loop
        // that waits for the futures in input order never gets past input 0.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .beforeAnswer(i -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (i < 4 && !heard.contains(i + 1)) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the call for input " + (i + 1) + " had finished, but 5 s later the"
                                    + " listener had still not been told (it had heard " + heard + "): hand each outcome"
                                    + " to the listener as soon as its call completes (ExecutorCompletionService.take()),"
                                    + " not in input order");
                        }
                        TimeUnit.MILLISECONDS.sleep(2);
                    }
                })
                .build();

        Thread caller = Thread.currentThread();
        Collected<Integer, String> collected = AsCompleted.collect(inputs, slow.mock(), 5, outcome -> {
            heard.add(outcome.index());
            listenerThreads.add(Thread.currentThread());
        });

        assertMockSatisfied(slow, "the listener must hear of each outcome as it completes");
        assertThat(heard)
                .withFailMessage("the listener heard %s, but the calls finished in the order [4, 3, 2, 1, 0]:"
                        + " tell it of each outcome as it completes, once each, before collect returns", heard)
                .isEqualTo(List.of(4, 3, 2, 1, 0));
        assertThat(listenerThreads)
                .withFailMessage("the listener ran on %s, not on the thread that called collect (%s): call it from"
                        + " your loop over completed futures, not from the pool's threads",
                        listenerThreads.stream().map(Thread::getName).distinct().toList(), caller.getName())
                .allMatch(t -> t == caller);
        assertThat(collected.results()).extracting(Outcome::index)
                .as("results in completion order").containsExactly(4, 3, 2, 1, 0);
    }

    @Test
    @Points(3)
    @DisplayName("runs the calls concurrently, as many at once as maxWorkers allows")
    void runsConcurrently() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().rendezvous(5).build();

        Collected<Integer, String> collected = AsCompleted.collect(range(5), slow.mock(), 5, outcome -> {});

        assertMockSatisfied(slow, "with maxWorkers = 5 all five calls should overlap: submit every call to the pool"
                + " before waiting for any");
        assertThat(collected.results()).as("results").hasSize(5);
    }

    @Test
    @Points(3)
    @DisplayName("never runs more than maxWorkers calls at once, on at most maxWorkers threads")
    void respectsMaxWorkers() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(40).rendezvous(3).build();

        Collected<Integer, String> collected = AsCompleted.collect(range(12), slow.mock(), 3, outcome -> {});

        assertMockSatisfied(slow, "with maxWorkers = 3, three calls should overlap");
        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but maxWorkers was 3: size the pool with"
                        + " maxWorkers", slow.maxInFlight())
                .isEqualTo(3);
        assertThat(slow.threads())
                .withFailMessage("the calls ran on %d different threads, but maxWorkers was 3", slow.threads().size())
                .hasSizeLessThanOrEqualTo(3);
        assertThat(collected.size()).as("outcomes").isEqualTo(12);
    }

    @Test
    @Points(2)
    @DisplayName("overlaps the waits: 20 calls of 200 ms on 10 workers keep all 10 in flight at once")
    void overlapsTheWaits() throws Exception {
        // Overlap is proved by counting, not by the clock: the first ten calls wait until ten are in
        // flight at once, so a loaded machine slows a correct solution down but never fails it.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(200).rendezvous(10).build();

        Collected<Integer, String> collected = AsCompleted.collect(range(20), slow.mock(), 10, outcome -> {});

        assertMockSatisfied(slow, "the calls are not overlapping: with maxWorkers = 10, ten of the 20 calls should be"
                + " in flight at once. Submit every call before taking any outcome");
        assertThat(collected.results()).as("results").hasSize(20);
    }

    @Test
    @Points(3)
    @DisplayName("records a call that runs past its timeout as a TimeoutException, and interrupts it")
    void timeoutInterruptsTheSlowCall() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 2 ? Duration.ofSeconds(12) : Duration.ofMillis(50))
                .build();

        Collected<Integer, String> collected =
                AsCompleted.collect(range(4), slow.mock(), 4, outcome -> {}, Duration.ofSeconds(2));

        assertThat(collected.errors()).extracting(Outcome::input)
                .withFailMessage("expected only input 2 (a 12 s call against a 2 s timeout; the others take 50 ms) in errors, got %s",
                        collected.errors().stream().map(f -> f.input() + ": " + f.error()).toList())
                .containsExactly(2);
        assertThat(collected.errors().getFirst().error())
                .withFailMessage("the error for the timed-out call should be a java.util.concurrent.TimeoutException,"
                        + " was %s", collected.errors().getFirst().error())
                .isInstanceOf(TimeoutException.class);
        assertThat(slow.interruptedInputs())
                .withFailMessage("the call for input 2 ran past its timeout but was never interrupted: cancel its"
                        + " future with cancel(true) when the time is up, or it keeps a thread busy")
                .containsExactly(2);
        assertThat(collected.results()).extracting(Outcome::input).as("inputs in results").containsExactlyInAnyOrder(0, 1, 3);
        assertNothingLeftRunning(slow, "collect");
    }

    @Test
    @Points(2)
    @DisplayName("counts a call's timeout from when it starts, not from when it was queued")
    void timeoutStartsWithTheCall() throws Exception {
        // One worker, 15 calls of 100 ms: the last starts 1.4 s after the batch, well within a 1 s
        // limit of its own, but not of a clock started at submission.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(100).build();

        Collected<Integer, String> collected =
                AsCompleted.collect(range(15), slow.mock(), 1, outcome -> {}, Duration.ofSeconds(1));

        assertThat(collected.errors())
                .withFailMessage("every call took 100 ms against a 1 s timeout, yet %s timed out: start each call's"
                        + " clock when that call starts running, not when the batch was submitted",
                        collected.errors().stream().map(Outcome::input).toList())
                .isEmpty();
        assertThat(collected.results()).as("results").hasSize(15);
    }

    @Test
    @Points(2)
    @DisplayName("when the caller is interrupted, interrupts the calls and throws InterruptedException")
    void interruptStopsTheBatch() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted().build();

        Checks.Running<Collected<Integer, String>> running =
                Checks.startInOwnThread(() -> AsCompleted.collect(range(4), slow.mock(), 4, outcome -> {}));
        boolean allStarted = slow.awaitState(s -> s.inFlight() == 4, Duration.ofSeconds(5));
        running.thread().interrupt();
        Throwable thrown = running.thrownWithin(Duration.ofSeconds(10),
                "interrupting the thread that waits in collect should end collect with an InterruptedException");

        assertThat(allStarted).withFailMessage("the 4 calls never ran at once with maxWorkers = 4").isTrue();
        assertThat(thrown)
                .withFailMessage("expected InterruptedException, but collect threw %s", thrown)
                .isInstanceOf(InterruptedException.class);
        // Interrupted calls end a moment after their interrupt: look once they have (whether collect waits for
        // its pool is shutsThePoolDown's question), so the verdict here never depends on that moment.
        slow.awaitState(s -> s.inFlight() == 0, Duration.ofSeconds(5));
        assertThat(slow.interruptedInputs())
                .withFailMessage("only the calls for %s were interrupted: cancel every future with cancel(true)"
                        + " when the wait is interrupted", slow.interruptedInputs())
                .hasSize(4);
        assertNothingLeftRunning(slow, "collect");
    }

    @Test
    @Points(1)
    @DisplayName("when the listener throws, stops the batch and passes the listener's exception on")
    void throwingListenerStopsTheBatch() throws Exception {
        IllegalStateException fromListener = new IllegalStateException("listener gave up");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 0 ? Duration.ZERO : Duration.ofMillis(300)).build();

        Throwable thrown = thrownBy(() -> AsCompleted.collect(range(20), slow.mock(), 2, outcome -> {
            throw fromListener;
        }), "expected collect to throw the listener's exception");

        assertThat(thrown).withFailMessage("expected the listener's own exception, got %s", thrown).isSameAs(fromListener);
        assertThat(slow.startedCount())
                .withFailMessage("the listener threw on the first outcome, yet %d of the 20 calls still ran: cancel"
                        + " the remaining futures before the pool closes", slow.startedCount())
                .isLessThanOrEqualTo(10);
        assertPoolShutDown(slow, "collect");
    }

    @Test
    @Points(2)
    @DisplayName("shuts its pool down: no thread it started is alive after collect returns")
    void shutsThePoolDown() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(4).build();

        Collected<Integer, String> collected = AsCompleted.collect(range(8), slow.mock(), 4, outcome -> {});

        assertMockSatisfied(slow, "with maxWorkers = 4, four calls should overlap");
        assertThat(collected.results()).as("results").hasSize(8);
        assertNothingLeftRunning(slow, "collect");
        assertPoolShutDown(slow, "collect");
    }

    @Test
    @Points(1)
    @DisplayName("gives an empty result for empty input, and rejects bad arguments with clear messages")
    void edgeCases() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        BlockingCall<Integer, String> call = slow.mock();
        List<Outcome<Integer, String>> heard = Collections.synchronizedList(new ArrayList<>());

        Collected<Integer, String> empty = AsCompleted.collect(List.of(), call, 2, heard::add);
        assertThat(empty.size()).withFailMessage("collect of no inputs should be empty, got %s", empty).isZero();
        assertThat(heard).as("outcomes heard for no inputs").isEmpty();
        verifyNoInteractions(call);

        assertThat(thrownBy(() -> AsCompleted.collect(null, call, 2, o -> {}), "collect(null, ...) should throw"))
                .as("collect(null, call, 2, listener)").isInstanceOf(NullPointerException.class).hasMessageContaining("inputs");
        assertThat(thrownBy(() -> AsCompleted.collect(List.of(1), call, 0, o -> {}), "collect(..., 0, ...) should throw"))
                .as("collect(inputs, call, 0, listener)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWorkers");
        assertThat(thrownBy(() -> AsCompleted.collect(List.of(1), call, 2, o -> {}, Duration.ZERO),
                "a zero timeout should be rejected"))
                .as("collect(..., Duration.ZERO)").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(1)
    @DisplayName("uses an executor of its own: no raw threads, parallel streams or common pool")
    void usesAnExecutor() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        assertThat(AsCompleted.collect(range(3), slow.mock(), 2, o -> {}).results())
                .as("collect works before its design is judged").hasSize(3);

        var classes = Architecture.classesBeside(AsCompleted.class);
        Architecture.NO_RAW_THREADS.check(classes);
        Architecture.NO_COMMON_POOL.check(classes);
    }
}
