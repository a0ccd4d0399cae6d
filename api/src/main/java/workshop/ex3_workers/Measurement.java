package workshop.ex3_workers;

import java.time.Duration;
import java.util.Objects;

/**
 * How a workload did at one worker count: one row of the tuning table, one point of the plot.
 *
 * @param workers the pool size measured
 * @param calls how many calls the timed batch made
 * @param elapsed how long the batch took (the fastest of the rounds, see {@code Tuner})
 */
public record Measurement(int workers, int calls, Duration elapsed) {

    public Measurement {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1, was " + calls);
        }
        Objects.requireNonNull(elapsed, "elapsed must not be null: a trial returns how long its batch took");
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be more than zero, was " + elapsed
                    + " (for " + workers + " workers): a trial returns how long its batch took");
        }
    }

    /** Calls completed per second: {@code calls / elapsed}. Higher is better. */
    public double throughput() {
        return calls / (elapsed.toNanos() / 1e9);
    }
}
