package workshop.ex4_cpubound;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.grader.checks.Checks.assertMockSatisfied;
import static workshop.grader.checks.Checks.assertPoolShutDown;
import static workshop.grader.checks.Checks.thrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;
import workshop.grader.Points;
import workshop.grader.checks.Architecture;
import workshop.testkit.SlowCall;

/**
 * Hidden tests of this exercise's part 1: {@link CpuBound}. The mocked work counts how many calls run at
 * once and on how many threads; no test measures a speedup.
 */
@DisplayName("Exercise 4: CPU-bound work, threads sized to the cores")
class CpuBoundHiddenTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The mocked call as CPU work: a Function, which throws only unchecked exceptions. */
    private static <I, O> Function<I, O> asWork(BlockingCall<I, O> call) {
        return input -> {
            try {
                return call.call(input);
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    @Points(2)
    @DisplayName("poolSize gives the requested threads, but never more than the cores")
    void poolSizeIsCappedAtTheCores() {
        int for64 = CpuBound.poolSize(64);
        assertThat(for64)
                .withFailMessage("poolSize(64) returned %d, but this JVM has %d processors: more threads than cores"
                        + " cannot compute at once, they only take turns. Cap the size at"
                        + " Runtime.getRuntime().availableProcessors()", for64, CORES)
                .isEqualTo(CORES);
        assertThat(CpuBound.poolSize(CORES + 1)).as("poolSize(cores + 1) with %d cores", CORES).isEqualTo(CORES);
        assertThat(CpuBound.poolSize(CORES)).as("poolSize(cores) with %d cores", CORES).isEqualTo(CORES);
        int for1 = CpuBound.poolSize(1);
        assertThat(for1)
                .withFailMessage("poolSize(1) returned %d: a caller who asks for one thread gets one; the cores are"
                        + " the upper limit, not the answer", for1)
                .isEqualTo(1);
        assertThat(thrownBy(() -> CpuBound.poolSize(0), "poolSize(0) should throw"))
                .as("poolSize(0)").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        List<String> cached = Architecture.readTheCoresOnce(CpuBound.class);
        assertThat(cached)
                .withFailMessage("%s read(s) Runtime.getRuntime().availableProcessors() once, into a static field, when"
                        + " the class loads: the number can change while the JVM runs (a container's CPU limit), and"
                        + " poolSize must read it on every call. Call availableProcessors() inside poolSize", cached)
                .isEmpty();
    }

    @Test
    @Points(3)
    @DisplayName("map asked for 64 threads keeps every core busy, on no more threads than cores")
    void mapRunsOnAtMostOneThreadPerCore() throws Exception {
        List<Integer> inputs = range(Math.max(8, 4 * CORES));
        // Every call waits until one call per core is in flight: a sequential loop never gets there.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(30).rendezvous(CORES).build();

        List<String> results = CpuBound.map(inputs, asWork(slow.mock()), 64);

        assertMockSatisfied(slow, "with " + CORES + " cores, " + CORES + " calls should run at once: submit every"
                + " input to a pool of poolSize(requestedThreads) threads before waiting for any result");
        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls ran at once, but this machine has %d cores: the 64 requested threads"
                        + " would only take turns on them. Size the pool with poolSize(requestedThreads), and use"
                        + " platform threads (virtual threads too run on as many carriers as there are cores)",
                        slow.maxInFlight(), CORES)
                .isLessThanOrEqualTo(CORES);
        assertThat(slow.threads())
                .withFailMessage("the calls ran on %d different threads, but this machine has %d cores: reuse a fixed"
                        + " pool of poolSize(requestedThreads) platform threads, not a thread per input",
                        slow.threads().size(), CORES)
                .hasSizeLessThanOrEqualTo(CORES);
        assertThat(results)
                .withFailMessage("expected results in input order %s, got %s", inputs.stream().map(i -> "result-" + i).toList(), results)
                .isEqualTo(inputs.stream().map(i -> "result-" + i).toList());
    }

    @Test
    @Points(2)
    @DisplayName("map throws the work's own exception, and shuts its pool down")
    void mapThrowsTheWorksOwnException() throws Exception {
        IllegalStateException boom = new IllegalStateException("input 2 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).failing(Map.of(2, boom)).build();

        Throwable thrown = thrownBy(() -> CpuBound.map(range(6), asWork(slow.mock()), 64),
                "expected map to throw the IllegalStateException of input 2");

        for (Throwable cause = thrown; cause != null && thrown != boom; cause = cause.getCause()) {
            if (cause.getCause() == boom) {
                throw new AssertionError("map threw " + thrown + ", which wraps the exception the work threw for input"
                        + " 2: throw the work's own exception instead (unwrap ExecutionException with getCause())");
            }
        }
        assertThat(thrown)
                .withFailMessage("expected the IllegalStateException that the work threw for input 2, but map threw %s",
                        thrown)
                .isSameAs(boom);
        assertPoolShutDown(slow, "map");
    }

    @Test
    @Points(1)
    @DisplayName("map gives an empty list for empty input, and rejects bad arguments with clear messages")
    void mapEdgeCases() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().build();
        Function<Integer, String> work = asWork(slow.mock());

        List<String> empty = CpuBound.map(List.of(), work, 4);
        assertThat(empty).withFailMessage("map of no inputs should be an empty list, got %s", empty).isEmpty();
        assertThat(slow.startedCount()).as("calls made for no inputs").isZero();

        assertThat(thrownBy(() -> CpuBound.map(null, work, 2), "map(null, work, 2) should throw"))
                .as("map(null, work, 2)").isInstanceOf(NullPointerException.class).hasMessageContaining("inputs");
        assertThat(thrownBy(() -> CpuBound.map(List.of(1), null, 2), "map(inputs, null, 2) should throw"))
                .as("map(inputs, null, 2)").isInstanceOf(NullPointerException.class).hasMessageContaining("work");
        assertThat(thrownBy(() -> CpuBound.map(List.of(1), work, 0), "map(inputs, work, 0) should throw"))
                .as("map(inputs, work, 0)").isInstanceOf(IllegalArgumentException.class);
    }
}
