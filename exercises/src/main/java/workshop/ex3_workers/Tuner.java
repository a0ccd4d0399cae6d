package workshop.ex3_workers;

import java.util.List;
import workshop.common.BlockingCall;

/**
 * Exercise 3, tasks 3 and 4: "when in doubt, measure a couple of values rather than guessing".
 * Times a workload at a few candidate worker counts and picks the smallest count whose throughput
 * is within {@code tolerance} of the best.
 *
 * <p>Why the smallest count within a tolerance, not the fastest: past the point where the service
 * (or the disk, or the cores) is saturated, the throughput curve is flat. The fastest count there
 * wins by noise or by a hair, and costs more threads, more connections and more load on the other
 * side. The knee of the curve gives nearly all the throughput for the fewest workers.
 *
 * <pre>{@code
 * Tuner tuner = new Tuner(List.of(1, 2, 5, 10, 20, 50, 100), 200, 3, 0.05);
 * Tuning tuning = tuner.tune(Tuner.timing(sampleUrls, download));
 * System.out.print(tuning.table());
 * int workers = tuning.chosen();
 * }</pre>
 *
 * <p>The tuner never looks at a clock itself: the {@link Trial} does the timing. So a test hands in
 * a fake trial with a known curve, and the tuner's choice is checked exactly.
 *
 * @param candidates the worker counts to measure, each at least 1, no repeats; kept sorted ascending
 * @param callsPerTrial how many calls each timed batch makes, at least 1; enough for the largest
 *     candidate to be busy for several rounds
 * @param rounds how many times each candidate is measured, at least 1; the fastest round counts
 * @param tolerance how far below the best throughput the chosen count may be, as a fraction from 0
 *     (only the best will do) up to, not including, 1; 0.05 means "within 5% of the best"
 */
public record Tuner(List<Integer> candidates, int callsPerTrial, int rounds, double tolerance) {

    /**
     * Checks the settings and keeps the candidates sorted ascending.
     *
     * @throws NullPointerException if {@code candidates} is or holds null, with a message naming it
     * @throws IllegalArgumentException if {@code candidates} is empty, holds a count less than 1 or a
     *     count twice, if {@code callsPerTrial} or {@code rounds} is less than 1, or if {@code
     *     tolerance} is not from 0 up to (not including) 1; the message names the setting and gives
     *     its value
     */
    public Tuner {
        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 4: check the settings in the Tuner constructor");
    }

    /**
     * Measures every candidate and chooses one.
     *
     * <ul>
     *   <li>Each candidate is measured {@link #rounds()} times with {@code trial.run(workers,
     *       callsPerTrial)}, and the fastest round is its measurement: noise (another program, a
     *       garbage collection) only ever adds time, so the fastest round is the closest to what the
     *       workload itself costs.
     *   <li>The result holds one {@link Measurement} per candidate, none left out, with {@code
     *       calls = callsPerTrial} and the fastest round's time.
     *   <li>It chooses the smallest candidate whose throughput is at least {@code (1 - tolerance)}
     *       times the best throughput measured. With {@code tolerance = 0} that is the fastest count
     *       (the smallest one, if several are equally fast).
     *   <li>If a trial throws, this throws the same exception at once: a workload that fails at
     *       some worker count gives no measurement to compare.
     * </ul>
     *
     * @param trial runs and times one batch at a given worker count
     * @return every measurement, and the chosen worker count
     * @throws NullPointerException if {@code trial} is null, with a message naming it
     * @throws Exception what a trial threw
     */
    public Tuning tune(Trial trial) throws Exception {
        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 4: implement Tuner.tune");
    }

    /**
     * A real {@link Trial}: times {@code call} over the sample inputs on a pool of the given size.
     *
     * <p>{@code run(workers, calls)} opens a fixed pool of {@code workers} threads (fewer if {@code
     * calls} is smaller), submits {@code calls} calls, cycling through {@code samples} (call {@code
     * k} gets {@code samples.get(k % samples.size())}), waits for all of them and returns the time
     * from just before the first submission to the moment the last call finished. The pool is shut
     * down before {@code run} returns. If a call throws, {@code run} cancels the rest and throws that
     * exception, unwrapped; if the calling thread is interrupted, it cancels the calls and throws
     * {@link InterruptedException}.
     *
     * @param samples inputs to call with, not empty; they are copied
     * @param call the slow call to time
     * @return a trial that times a batch of {@code call}
     * @throws NullPointerException if {@code samples} or {@code call} is null, with a message naming it
     * @throws IllegalArgumentException if {@code samples} is empty
     */
    public static <I> Trial timing(List<I> samples, BlockingCall<? super I, ?> call) {
        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 3: implement Tuner.timing");
    }
}
