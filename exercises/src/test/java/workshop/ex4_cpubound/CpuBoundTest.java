package workshop.ex4_cpubound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.SlowCall;

/**
 * Visible tests of this exercise's part 1. Run them alone with {@code ./mvnw test -Dtest=CpuBoundTest}.
 * The hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 4: CPU-bound work, threads sized to the cores")
@Timeout(30)
class CpuBoundTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    @Tag("task:1")
    @DisplayName("task 1: a pool for CPU work has no more threads than cores")
    void poolSizeIsCappedAtTheCores() {
        assertThat(CpuBound.poolSize(64)).as("poolSize(64) on %d cores", CORES).isEqualTo(CORES);
        assertThat(CpuBound.poolSize(1)).as("poolSize(1)").isEqualTo(1);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: map keeps every core busy, on no more threads than cores, results in input order")
    void mapRunsOnTheCores() throws Exception {
        List<Integer> inputs = IntStream.range(0, 4 * CORES).boxed().toList();
        // The mock counts calls in flight; every call waits until one call per core is in flight.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).rendezvous(CORES).build();
        Function<Integer, String> work = input -> {
            try {
                return slow.mock().call(input);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        List<String> results = CpuBound.map(inputs, work, 64);

        assertThat(slow.problem()).as("one call per core in flight at once").isEmpty();
        assertThat(slow.maxInFlight()).as("most calls in flight at once, asked for 64 threads on %d cores", CORES)
                .isEqualTo(CORES);
        assertThat(slow.threads()).as("threads that ran the work").hasSizeLessThanOrEqualTo(CORES);
        assertThat(results).as("results").isEqualTo(inputs.stream().map(i -> "result-" + i).toList());
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: map computes real CPU work, the same results as a loop")
    void mapComputesCpuWork() throws Exception {
        List<String> inputs = List.of("a", "b", "c", "d");

        List<String> results = CpuBound.map(inputs, input -> CpuWork.hash(input, 1_000), 64);

        assertThat(results).as("hashes of a, b, c, d")
                .isEqualTo(inputs.stream().map(input -> CpuWork.hash(input, 1_000)).toList());
    }
}
