package workshop.ex1_ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static workshop.grader.checks.Checks.assertMockSatisfied;
import static workshop.grader.checks.Checks.assertNothingLeftRunning;
import static workshop.grader.checks.Checks.assertPoolShutDown;
import static workshop.grader.checks.Checks.thrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import workshop.common.BlockingCall;
import workshop.grader.Leaderboard;
import workshop.grader.Points;
import workshop.grader.checks.Architecture;
import workshop.grader.checks.Checks;
import workshop.testkit.CallRecord;
import workshop.testkit.SlowCall;

/**
 * Hidden tests of this exercise: {@link OrderedMap#map}.
 *
 * <p>Only {@code resultsInInputOrder} judges the order of the results, with a forced finishing order.
 * The other tests compare results in any order: where the calls may finish in any order, an
 * implementation that returns them in completion order would otherwise pass or fail them by chance,
 * and a verdict must not depend on the scheduler.
 */
@DisplayName("Exercise 1: ordered map")
class OrderedMapHiddenTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<String> expectedResults(List<Integer> inputs) {
        return inputs.stream().map(i -> "result-" + i).toList();
    }

    /**
     * Runs map over {@code inputs} with a mock that makes its calls meet (a rendezvous, a finishing
     * order), and fails with the mock's complaint and a hint if they never met: {@code hint}, or what
     * the threads that ran the calls show (the common pool, a pool smaller than maxWorkers). map may
     * rethrow the mock's own error, so that is looked at before anything map returned or threw.
     */
    private static List<String> mapMeetingTheMock(List<Integer> inputs, SlowCall<Integer, String> slow, int maxWorkers,
            String hint) throws Exception {
        List<String> results;
        try {
            results = OrderedMap.map(inputs, slow.mock(), maxWorkers);
        } catch (Exception | AssertionError e) {
            assertMockSatisfied(slow, overlapHint(slow, Math.min(maxWorkers, inputs.size()), hint));
            throw e;
        }
        assertMockSatisfied(slow, overlapHint(slow, Math.min(maxWorkers, inputs.size()), hint));
        return results;
    }

    /** What the threads that ran the calls say about why fewer than {@code expected} overlapped. */
    private static String overlapHint(SlowCall<Integer, String> slow, int expected, String hint) {
        List<String> names = slow.threads().stream().map(Thread::getName).sorted().toList();
        if (names.stream().anyMatch(name -> name.startsWith("ForkJoinPool.commonPool"))) {
            return "the calls ran on ForkJoinPool.commonPool() " + names + " (a parallel stream, or supplyAsync"
                    + " without an executor): it has cores - 1 threads, shared by the whole JVM, whatever maxWorkers"
                    + " says. Submit the calls to a pool of your own, Executors.newFixedThreadPool(Math.min(maxWorkers,"
                    + " inputs.size()))";
        }
        if (names.size() > 1 && names.size() < expected) {
            return "the calls ran on only " + names.size() + " threads, fewer threads than maxWorkers allows here ("
                    + expected + "): size the pool with Math.min(maxWorkers, inputs.size()), not one less (the caller"
                    + " only waits for the futures; it runs no call)";
        }
        return hint;
    }

    @Test
    @Points(3)
    @DisplayName("returns results in input order when the calls finish in reverse order")
    void resultsInInputOrder() throws Exception {
        List<Integer> inputs = range(6);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().finishInOrder(inputs.reversed()).build();

        List<String> results = mapMeetingTheMock(inputs, slow, 6,
                "the calls must run at the same time; submit them all to the pool before waiting for any");
        assertThat(results)
                .withFailMessage("expected results in input order %s but got %s (the calls finished in the order %s):"
                        + " collect the futures in submission order, not completion order",
                        expectedResults(inputs), results, slow.finishedInputs())
                .isEqualTo(expectedResults(inputs));
    }

    @Test
    @Points(3)
    @DisplayName("runs the calls concurrently, as many at once as maxWorkers allows")
    void runsConcurrently() throws Exception {
        List<Integer> inputs = range(5);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().rendezvous(5).build();

        List<String> results = mapMeetingTheMock(inputs, slow, 5, "with maxWorkers = 5 all five calls should overlap."
                + " Submit every call to the pool before calling get() on any future, and size the pool with maxWorkers");
        assertThat(results).as("results, one per input").containsExactlyInAnyOrderElementsOf(expectedResults(inputs));
    }

    @Test
    @Points(3)
    @DisplayName("never runs more than maxWorkers calls at once, on at most maxWorkers threads")
    void respectsMaxWorkers() throws Exception {
        List<Integer> inputs = range(12);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(40).rendezvous(3).build();

        List<String> results = mapMeetingTheMock(inputs, slow, 3, "with maxWorkers = 3, three calls should overlap");
        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but maxWorkers was 3: size the pool with"
                        + " maxWorkers (Executors.newFixedThreadPool(maxWorkers)), not one thread per input",
                        slow.maxInFlight())
                .isEqualTo(3);
        assertThat(slow.threads())
                .withFailMessage("the calls ran on %d different threads, but maxWorkers was 3: reuse a pool of"
                        + " maxWorkers threads instead of starting one per call", slow.threads().size())
                .hasSizeLessThanOrEqualTo(3);
        assertThat(results).as("results, one per input").containsExactlyInAnyOrderElementsOf(expectedResults(inputs));
    }

    @Test
    @Points(2)
    @Leaderboard("makespan / ideal (20 calls of 200 ms on 10 workers; 1.00 is perfect)")
    @DisplayName("overlaps the waits: 20 calls of 200 ms on 10 workers keep all 10 in flight at once")
    void overlapsTheWaits(TestReporter reporter) throws Exception {
        List<Integer> inputs = range(20);
        Duration latency = Duration.ofMillis(200);
        // Overlap is proved by counting, not by the clock: the first ten calls wait until ten are in
        // flight at once, so a loaded machine slows a correct solution down but never fails it.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latency(latency).rendezvous(10).build();
        Duration ideal = latency.multipliedBy((inputs.size() + 9) / 10);

        List<String> results = mapMeetingTheMock(inputs, slow, 10, "the calls are not overlapping: with maxWorkers = 10,"
                + " ten of the 20 calls should be in flight at once. Submit them all, then wait");

        assertThat(results).as("results, one per input").containsExactlyInAnyOrderElementsOf(expectedResults(inputs));
        // For Gradescope's leaderboard: first call's start to last call's end, as the test kit recorded them.
        long first = slow.finished().stream().mapToLong(CallRecord::startNanos).min().orElseThrow();
        long last = slow.finished().stream().mapToLong(CallRecord::endNanos).max().orElseThrow();
        reporter.publishEntry(Leaderboard.KEY, String.valueOf((double) (last - first) / ideal.toNanos()));
    }

    @Test
    @Points(3)
    @DisplayName("throws the failure of the earliest input, unwrapped, even when a later input failed first")
    void throwsEarliestInputsFailureUnwrapped() {
        List<Integer> inputs = range(6);
        IOException early = new IOException("input 1 failed");
        IllegalStateException late = new IllegalStateException("input 4 failed");
        // Input 4 fails at once; input 1 fails only after input 4's call has ended, and half a second
        // later than that at the earliest, so an implementation that throws whichever failure comes
        // first in time is caught every time. A correct one waits in input order and never notices.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 1 ? Duration.ofMillis(500) : Duration.ZERO)
                .failing(Map.of(1, early, 4, late))
                .finishInOrder(List.of(4, 1))
                .build();

        Throwable thrown = thrownBy(() -> OrderedMap.map(inputs, slow.mock(), 6),
                "expected map to throw the IOException of input 1");

        assertMockSatisfied(slow, "the calls must run at the same time; submit them all before waiting for any");
        if (thrown instanceof ExecutionException && thrown.getCause() == early) {
            throw new AssertionError("map threw an ExecutionException wrapping the call's IOException: unwrap it"
                    + " with getCause() and throw the original exception (a checked one too)");
        }
        assertThat(thrown)
                .withFailMessage("expected the IOException thrown for input 1 (the earliest failed input), but map"
                        + " threw %s. Wait for the futures in input order and rethrow the first failure you meet,"
                        + " as the call threw it", thrown)
                .isSameAs(early);
    }

    @Test
    @Points(2)
    @DisplayName("after a failure, cancels the calls that have not started and leaves nothing running")
    void cancelsTheRestAfterAFailure() throws Exception {
        List<Integer> inputs = range(20);
        IOException boom = new IOException("input 0 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 0 ? Duration.ZERO : Duration.ofMillis(300))
                .failing(Map.of(0, boom))
                .build();

        Throwable thrown = thrownBy(() -> OrderedMap.map(inputs, slow.mock(), 2),
                "expected map to throw the IOException of input 0");

        assertThat(thrown).withFailMessage("expected the IOException of input 0, got %s", thrown).isSameAs(boom);
        assertThat(slow.startedCount())
                .withFailMessage("input 0 failed at once, yet %d of the 20 calls still ran: once you know map will"
                        + " throw, cancel the futures you will not use (future.cancel(true)) before the pool closes",
                        slow.startedCount())
                .isLessThanOrEqualTo(10);
        assertNothingLeftRunning(slow, "map");
        assertPoolShutDown(slow, "map");
    }

    @Test
    @Points(2)
    @DisplayName("shuts its pool down: no thread it started is alive after map returns")
    void shutsThePoolDown() throws Exception {
        List<Integer> inputs = range(8);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(4).build();

        List<String> results = mapMeetingTheMock(inputs, slow, 4, "with maxWorkers = 4, four calls should overlap");
        assertThat(results).as("results, one per input").containsExactlyInAnyOrderElementsOf(expectedResults(inputs));
        assertNothingLeftRunning(slow, "map");
        assertPoolShutDown(slow, "map");
    }

    @Test
    @Points(2)
    @DisplayName("when the caller is interrupted, interrupts the calls and throws InterruptedException")
    void interruptStopsTheBatch() throws Exception {
        List<Integer> inputs = range(4);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().blockUntilInterrupted().build();

        Checks.Running<List<String>> running = Checks.startInOwnThread(() -> OrderedMap.map(inputs, slow.mock(), 4));
        boolean allStarted = slow.awaitState(s -> s.inFlight() == 4, Duration.ofSeconds(5));
        running.thread().interrupt();
        Throwable thrown = running.thrownWithin(Duration.ofSeconds(10),
                "interrupting the thread that waits in map should end map with an InterruptedException");

        assertThat(allStarted).withFailMessage("the 4 calls never ran at once with maxWorkers = 4").isTrue();
        assertThat(thrown)
                .withFailMessage("expected InterruptedException, but map threw %s: let InterruptedException propagate"
                        + " (or restore the flag with Thread.currentThread().interrupt() before throwing)", thrown)
                .isInstanceOf(InterruptedException.class);
        // Interrupted calls end a moment after their interrupt: look once they have (whether map waits for
        // its pool is shutsThePoolDown's question), so the verdict here never depends on that moment.
        slow.awaitState(s -> s.inFlight() == 0, Duration.ofSeconds(5));
        assertThat(slow.interruptedInputs())
                .withFailMessage("only the calls for %s were interrupted: cancel every future with cancel(true)"
                        + " when the wait is interrupted, so blocked calls stop too", slow.interruptedInputs())
                .hasSize(4);
        assertNothingLeftRunning(slow, "map");
    }

    @Test
    @Points(2)
    @DisplayName("calls each input exactly once, repeated inputs included")
    void callsEachInputOnce() throws Exception {
        List<Integer> inputs = List.of(7, 7, 3, 9, 9, 9);
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(10).build();
        BlockingCall<Integer, String> call = slow.mock();

        List<String> results = OrderedMap.map(inputs, call, 3);

        assertThat(results)
                .withFailMessage("expected one result per input (%s, in any order here), got %s",
                        expectedResults(inputs), results)
                .containsExactlyInAnyOrderElementsOf(expectedResults(inputs));
        verify(call, times(2)).call(7);
        verify(call, times(1)).call(3);
        verify(call, times(3)).call(9);
        verify(call, never()).call(0);
    }

    @Test
    @Points(1)
    @DisplayName("gives an empty list for empty input, without calling anything")
    void emptyInput() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();

        List<String> results = OrderedMap.map(List.of(), slow.mock(), 4);

        assertThat(results).withFailMessage("map of no inputs should be an empty list, got %s", results).isEmpty();
        verifyNoInteractions(slow.mock());
    }

    @Test
    @Points(1)
    @DisplayName("rejects null arguments and maxWorkers < 1 with messages that name them")
    void validatesArguments() {
        BlockingCall<Integer, String> call = SlowCall.<Integer>echoing().build().mock();

        Throwable nullInputs = thrownBy(() -> OrderedMap.map(null, call, 2), "map(null, call, 2) should throw");
        Throwable nullCall = thrownBy(() -> OrderedMap.map(List.of(1), null, 2), "map(inputs, null, 2) should throw");
        Throwable zeroWorkers = thrownBy(() -> OrderedMap.map(List.of(1), call, 0), "map(inputs, call, 0) should throw");

        assertThat(nullInputs).as("map(null, call, 2)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("inputs");
        assertThat(nullCall).as("map(inputs, null, 2)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("call");
        assertThat(zeroWorkers).as("map(inputs, call, 0)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWorkers");
    }

    @Test
    @Points(1)
    @DisplayName("uses an executor of its own: no raw threads, parallel streams or common pool")
    void usesAnExecutor() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        assertThat(OrderedMap.map(range(3), slow.mock(), 2))
                .as("map works before its design is judged").containsExactlyInAnyOrderElementsOf(expectedResults(range(3)));

        var classes = Architecture.classesBeside(OrderedMap.class);
        Architecture.NO_RAW_THREADS.check(classes);
        Architecture.NO_COMMON_POOL.check(classes);
    }
}
