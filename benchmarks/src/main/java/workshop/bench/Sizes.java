package workshop.bench;

import java.util.List;

/**
 * The workloads of every figure. {@link #full()} is the table; {@link #tiny()} runs the same
 * code end to end in a few seconds, for the test that keeps the harness from rotting.
 *
 * @param mapN the ordered-map figure: calls
 * @param mapLatencyMs its latency L per call
 * @param mapWorkers its pool size w
 * @param headN the seed's headline: calls
 * @param headLatencyMs its latency
 * @param headWorkers its pool size
 * @param vtN the virtual-thread figure: calls
 * @param vtLatencyMs its latency
 * @param vtPoolWorkers the fixed pool (Java) and thread count (Python) beside it
 * @param dispatchN the dispatch figure: trivial tasks
 * @param dispatchWorkers its pool size
 * @param cpuTasks the CPU-bound figure: equal tasks that make up the fixed work
 * @param cpuTotalMs how long the whole fixed work takes on one thread (calibrated at start)
 * @param cpuThreads the thread counts it tries
 * @param lockTasks the lock-serialised figure: tasks
 * @param lockTaskMs how long one task computes under the lock
 * @param lockWorkers the thread and process counts it tries
 * @param ioN the I/O sweep (CSV): calls
 * @param ioLatencyMs its latency
 * @param ioCap the service's connection cap: calls beyond it wait for a connection
 * @param ioWorkers the pool sizes it tries
 * @param gradeOnly which exercises the grading figure grades (empty: all in the manifest)
 * @param classSize the class the grading figure grades
 * @param backpressureN the backpressure figure: inputs, from a lazy iterator
 * @param backpressureAhead its window: the most inputs held (taken, not yet delivered)
 * @param downloadsN the downloads figure: GET requests to the test kit's HTTP server
 * @param downloadsLatencyMs how long the server takes to answer each
 * @param downloadsCap the most requests in flight at once (the server's connection cap)
 */
public record Sizes(
        int mapN, int mapLatencyMs, int mapWorkers,
        int headN, int headLatencyMs, int headWorkers,
        int vtN, int vtLatencyMs, int vtPoolWorkers,
        int dispatchN, int dispatchWorkers,
        int cpuTasks, int cpuTotalMs, List<Integer> cpuThreads,
        int lockTasks, int lockTaskMs, List<Integer> lockWorkers,
        int ioN, int ioLatencyMs, int ioCap, List<Integer> ioWorkers,
        String gradeOnly, int classSize,
        int backpressureN, int backpressureAhead,
        int downloadsN, int downloadsLatencyMs, int downloadsCap) {

    /** The workloads. */
    public static Sizes full() {
        return new Sizes(
                1000, 50, 100,
                10, 500, 5,
                10_000, 50, 1000,
                100_000, 4,
                64, 800, List.of(1, 2, 4, 8, 64),
                4, 800, List.of(1, 2, 4),
                100, 20, 20, List.of(1, 2, 5, 10, 20, 40, 80),
                "", 20,
                1_000_000, 64,
                200, 50, 20);
    }

    /** The same figures at sizes that run in seconds: for the smoke test, not for numbers. */
    public static Sizes tiny() {
        return new Sizes(
                40, 5, 4,
                4, 20, 2,
                200, 5, 20,
                2000, 2,
                4, 20, List.of(1, 2),
                2, 20, List.of(2),
                8, 5, 2, List.of(1, 2, 4),
                "ex1_ordered", 2,
                20_000, 16,
                20, 5, 4);
    }

    /** The least possible makespan of n calls of latency L on w workers: ceil(n/w) x L, in seconds. */
    public static double ideal(int n, int latencyMs, int workers) {
        return Math.ceilDiv(n, workers) * latencyMs / 1000.0;
    }
}
