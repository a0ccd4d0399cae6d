// Mistake: reads tolerance 0.05 as "5% of the best is enough" instead of "within 5% of the best".
// Caught by: TunerHiddenTest#findsTheSaturationPoint "(not tolerance x best)"
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
        Map<Integer, Duration> fastest = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int workers : candidates) {
                Duration elapsed = trial.run(workers, callsPerTrial);
                fastest.merge(workers, elapsed, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        fastest.forEach((workers, elapsed) -> measurements.add(new Measurement(workers, callsPerTrial, elapsed)));
        double best = measurements.stream().mapToDouble(Measurement::throughput).max().orElseThrow();
        int chosen = measurements.stream().filter(m -> m.throughput() >= tolerance * best)
                .findFirst().orElseThrow().workers();
        return new Tuning(measurements, chosen);
    }

    public static <I> Trial timing(List<I> samples, BlockingCall<? super I, ?> call) {
        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 3: implement Tuner.timing");
    }
}
