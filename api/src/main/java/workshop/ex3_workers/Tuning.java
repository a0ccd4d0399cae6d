package workshop.ex3_workers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@code Tuner} found: every measurement, and the worker count it chose.
 *
 * <p>{@link #table()} prints the measurements as a table, for instance:
 * <pre>
 * workers  elapsed ms    calls/s  of best
 *       1       20000       10.0     5.0%
 *      10        2000      100.0    49.5%
 *      20        1010      198.0    98.0%  &lt;- chosen
 *     160         990      202.0   100.0%
 * </pre>
 *
 * @param measurements one per candidate worker count, sorted by worker count (the constructor sorts them)
 * @param chosen the worker count chosen; one of the measured counts
 */
public record Tuning(List<Measurement> measurements, int chosen) {

    public Tuning {
        Objects.requireNonNull(measurements, "measurements must not be null");
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("measurements must not be empty: measure at least one worker count");
        }
        List<Measurement> sorted = new ArrayList<>(measurements);
        sorted.forEach(m -> Objects.requireNonNull(m, "measurements must not contain null"));
        sorted.sort(Comparator.comparingInt(Measurement::workers));
        Set<Integer> seen = new HashSet<>();
        for (Measurement m : sorted) {
            if (!seen.add(m.workers())) {
                throw new IllegalArgumentException("two measurements for " + m.workers()
                        + " workers: keep one per worker count (the fastest of its rounds)");
            }
        }
        if (!seen.contains(chosen)) {
            throw new IllegalArgumentException("chosen = " + chosen + " is not one of the measured worker counts "
                    + sorted.stream().map(Measurement::workers).toList() + ": choose a count you measured");
        }
        measurements = List.copyOf(sorted);
    }

    /** The measurement of the chosen worker count. */
    public Measurement chosenMeasurement() {
        return measurements.stream().filter(m -> m.workers() == chosen).findFirst().orElseThrow();
    }

    /** The measurement with the highest throughput (the smallest worker count among equals). */
    public Measurement best() {
        Measurement best = measurements.getFirst();
        for (Measurement m : measurements) {
            if (m.throughput() > best.throughput()) {
                best = m;
            }
        }
        return best;
    }

    /** The measured worker counts, ascending. */
    public List<Integer> workerCounts() {
        return measurements.stream().map(Measurement::workers).toList();
    }

    /** The measurements as a text table, the chosen row marked: print it, or paste it into a plot. */
    public String table() {
        double best = best().throughput();
        StringBuilder table = new StringBuilder("workers  elapsed ms    calls/s  of best\n");
        for (Measurement m : measurements) {
            table.append(String.format(Locale.ROOT, "%7d  %10d  %9.1f  %6.1f%%%s%n",
                    m.workers(), m.elapsed().toMillis(), m.throughput(), 100 * m.throughput() / best,
                    m.workers() == chosen ? "  <- chosen" : ""));
        }
        return table.toString();
    }
}
