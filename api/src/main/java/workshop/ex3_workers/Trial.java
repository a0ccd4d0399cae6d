package workshop.ex3_workers;

import java.time.Duration;

/**
 * One timed run of a workload at a given worker count: what the {@code Tuner} measures.
 *
 * <p>A real trial runs a batch of real calls on a pool of {@code workers} threads and times it
 * ({@code Tuner.timing(samples, call)} makes one from a {@link workshop.common.BlockingCall}). A test
 * hands in a fake instead, a formula with a known best worker count, so the tuner is checked without
 * stopwatches:
 *
 * <pre>{@code
 * // A service that serves at most 20 calls at once, 100 ms each: more workers only queue.
 * Trial saturatesAt20 = (workers, calls) ->
 *         Duration.ofMillis(100).multipliedBy(Math.ceilDiv(calls, Math.min(workers, 20)));
 * }</pre>
 */
@FunctionalInterface
public interface Trial {

    /**
     * Runs {@code calls} calls on a pool of {@code workers} threads and returns how long the whole
     * batch took, from the first call submitted to the last call finished.
     *
     * @param workers the pool size to measure, at least 1
     * @param calls how many calls the batch makes, at least 1
     * @return the batch's wall-clock time, more than zero
     * @throws Exception whatever a call threw: a batch that fails is not a measurement
     */
    Duration run(int workers, int calls) throws Exception;
}
