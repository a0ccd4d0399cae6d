// Mistake: stops the clock once the calls are submitted, before they have run.
// Caught by: TunerHiddenTest#timingCoversTheWholeBatch "not after submitting"
package workshop.ex3_workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.common.BlockingCall;

public record Tuner(List<Integer> candidates, int callsPerTrial, int rounds, double tolerance) {

    public Tuner {
        Objects.requireNonNull(candidates, "candidates must not be null");
        if (candidates.isEmpty() || candidates.stream().anyMatch(w -> w < 1)
                || new HashSet<>(candidates).size() != candidates.size()) {
            throw new IllegalArgumentException("candidates must be distinct counts of at least 1: " + candidates);
        }
        if (callsPerTrial < 1 || rounds < 1) {
            throw new IllegalArgumentException("callsPerTrial and rounds must be at least 1");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
        candidates = candidates.stream().sorted().toList();
    }

    public Tuning tune(Trial trial) throws Exception {
        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 4: implement Tuner.tune");
    }

    public static <I> Trial timing(List<I> samples, BlockingCall<? super I, ?> call) {
        List<I> inputs = List.copyOf(samples);
        return (workers, calls) -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, calls))) {
                long start = System.nanoTime();
                for (int k = 0; k < calls; k++) {
                    I input = inputs.get(k % inputs.size());
                    pool.submit(() -> call.call(input));
                }
                return Duration.ofNanos(System.nanoTime() - start);
            }
        };
    }
}
