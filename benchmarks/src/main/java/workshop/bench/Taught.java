package workshop.bench;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import workshop.bench.work.LockedWork;
import workshop.common.BlockingCall;
import workshop.ex1_ordered.OrderedMap;
import workshop.ex2_ascompleted.AsCompleted;
import workshop.ex2_ascompleted.Collected;
import workshop.ex3_workers.Tuner;
import workshop.ex4_cpubound.CpuBound;
import workshop.ex5_virtual.ThousandsOfCalls;
import workshop.ex6_backpressure.Backpressure;
import workshop.ex6_backpressure.Outcome;
import workshop.ex7_downloads.Downloader;
import workshop.ex7_downloads.RetryPolicy;

/**
 * The code the figures measure: our reference solutions (the {@code workshop-solutions} artifact),
 * called exactly as a learner's code is called. This is the one place where a new exercise plugs into
 * the benchmarks.
 *
 * <p>The figures also run plain JDK code and the harness's own baselines beside these; a figure
 * whose exercise has no solution returns {@code Optional.empty()} here and says "pending".
 */
public final class Taught {

    private Taught() {}

    /** Exercise 7: every URL fetched with at most {@code maxConnections} requests in flight, a 10 s timeout, no retries. */
    public static List<workshop.ex7_downloads.Outcome> downloads(java.net.http.HttpClient client, List<java.net.URI> urls,
            int maxConnections) throws InterruptedException {
        return Downloader.fetchAll(client, urls, maxConnections, Duration.ofSeconds(10), RetryPolicy.none());
    }

    /** Exercise 1: results in input order, on a pool of at most {@code maxWorkers} threads. */
    public static <I, O> List<O> orderedMap(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        return OrderedMap.map(inputs, call, maxWorkers);
    }

    /** Exercise 2: every outcome as it completes (the listener does nothing). */
    public static <I, O> Collected<I, O> asCompleted(List<I> inputs, BlockingCall<I, O> call, int maxWorkers)
            throws InterruptedException {
        return AsCompleted.collect(inputs, call, maxWorkers, outcome -> {});
    }

    /**
     * Exercise 3: the worker count its tuner chooses (the smallest within {@code tolerance} of the best
     * throughput) when each candidate's batch of {@code calls} took {@code measured.apply(workers)}.
     */
    public static int tunedWorkers(List<Integer> candidates, int calls, double tolerance, IntFunction<Duration> measured)
            throws Exception {
        return new Tuner(candidates, calls, 1, tolerance).tune((workers, batch) -> measured.apply(workers)).chosen();
    }

    /** Runs every input through {@code call}, with at most {@code cap} calls in flight, and returns when all are done. */
    @FunctionalInterface
    public interface CappedBatch {
        void run(List<Integer> inputs, BlockingCall<Integer, String> call, int cap) throws Exception;
    }

    /**
     * Runs {@code tasks} tasks of {@link workshop.bench.work.CpuWork#spin CpuWork.spin(unitsPerTask)} on a pool
     * of {@code workers} threads (as requested: the code under test may start fewer); returns when all are done.
     */
    @FunctionalInterface
    public interface Batch {
        void run(int tasks, long unitsPerTask, int workers) throws Exception;
    }

    /** Exercise 5: thousands of calls, one virtual thread each, a Semaphore for the connection cap. */
    public static Optional<CappedBatch> virtualThreads() {
        return Optional.of(ThousandsOfCalls::callAll);
    }

    /** Exercise 4, the CPU-bound part: {@code CpuBound.map}, its pool sized to the cores whatever count is asked for. */
    public static Optional<Batch> cpuBound() {
        return Optional.of((tasks, units, workers) ->
                CpuBound.map(Calls.inputs(tasks), input -> workshop.bench.work.CpuWork.spin(units), workers));
    }

    /**
     * Exercise 4, the lock-serialised part: its lock-serialised library on threads, and its process
     * pool running that library in child JVMs ({@link Exercise4}).
     */
    public static Optional<LockedWork> lockSerialised() {
        return Optional.of(new Exercise4());
    }

    /**
     * Exercise 6: a slow call over an iterator of unknown length, at most {@code maxWorkers} calls in flight
     * and at most {@code maxAhead} inputs held, each outcome delivered in input order; returns how many.
     */
    public static <I, O> long backpressure(Iterator<I> inputs, BlockingCall<I, O> call, int maxWorkers, int maxAhead,
            Consumer<? super Outcome<I, O>> deliver) throws InterruptedException {
        return Backpressure.map(inputs, call, maxWorkers, maxAhead, deliver);
    }
}
