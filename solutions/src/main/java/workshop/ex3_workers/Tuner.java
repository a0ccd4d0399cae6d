package workshop.ex3_workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        // STUB: task 4: check the settings in the Tuner constructor
        Objects.requireNonNull(candidates, "candidates must not be null");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty: give the worker counts to measure");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer workers : candidates) {
            Objects.requireNonNull(workers, "candidates must not contain null");
            if (workers < 1) {
                throw new IllegalArgumentException("candidates must all be at least 1, but held " + workers);
            }
            if (!seen.add(workers)) {
                throw new IllegalArgumentException("candidates holds " + workers + " twice: measure each count once");
            }
        }
        if (callsPerTrial < 1) {
            throw new IllegalArgumentException("callsPerTrial must be at least 1, was " + callsPerTrial);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (!(tolerance >= 0 && tolerance < 1)) { // written this way round, it rejects NaN too
            throw new IllegalArgumentException("tolerance must be from 0 up to (not including) 1, was " + tolerance);
        }
        candidates = candidates.stream().sorted().toList();
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
        // STUB: task 4
        Objects.requireNonNull(trial, "trial must not be null");
        // Round by round (every candidate once, then again), so a change in the machine's load
        // while we measure spreads over all candidates instead of spoiling one of them.
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
        // The measurements are in ascending order of workers: the first good enough is the smallest.
        int chosen = measurements.stream()
                .filter(m -> m.throughput() >= (1 - tolerance) * best)
                .findFirst().orElseThrow()
                .workers();
        return new Tuning(measurements, chosen);
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
        // STUB: task 3
        Objects.requireNonNull(samples, "samples must not be null");
        Objects.requireNonNull(call, "call must not be null");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("samples must not be empty: give at least one input to call with");
        }
        List<I> inputs = List.copyOf(samples);
        return (workers, calls) -> timeBatch(inputs, call, workers, calls);
    }

    /** Exercise 1's pattern, timed: submit everything to a fixed pool, then wait for every future. */
    private static <I> Duration timeBatch(List<I> inputs, BlockingCall<? super I, ?> call, int workers, int calls)
            throws Exception {
        if (workers < 1 || calls < 1) {
            throw new IllegalArgumentException("workers and calls must be at least 1, were " + workers + " and " + calls);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, calls))) {
            List<Future<?>> futures = new ArrayList<>(calls);
            long start = System.nanoTime();
            for (int k = 0; k < calls; k++) {
                I input = inputs.get(k % inputs.size());
                futures.add(pool.submit(() -> call.call(input)));
            }
            try {
                for (Future<?> future : futures) {
                    awaitCall(future);
                }
                // Stop the clock when the last call is done, before close(): thread exit is not the workload's.
                return Duration.ofNanos(Math.max(1, System.nanoTime() - start));
            } finally {
                // After a failure or an interrupt: drop the calls not started, interrupt the running ones.
                futures.forEach(future -> future.cancel(true));
            }
        }
    }

    /** Waits for one call; rethrows what it threw, unwrapped. */
    private static void awaitCall(Future<?> future) throws Exception {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }
}
