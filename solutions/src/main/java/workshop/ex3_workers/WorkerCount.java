package workshop.ex3_workers;

import java.time.Duration;
import java.util.Objects;

/**
 * Exercise 3, tasks 1 and 2: the rules of thumb for sizing a pool, as code. They give a starting
 * point; {@link Tuner} measures where the real knee is.
 *
 * <ul>
 *   <li><b>CPU-bound work</b> (parsing, hashing, compressing): one thread per core,
 *       {@link #cpuBound()}. Java threads do compute in parallel, but only as many at once as there
 *       are cores; more threads only take turns.
 *   <li><b>Local disk</b>: small, 4 to 8, {@link #localDisk()}. A disk does not read faster with
 *       more readers, and too many thrash it; this does not grow with the core count.
 *   <li><b>Network and API calls</b>: tens to low hundreds, because the threads mostly wait, but never
 *       more than the service allows, {@link #network(int, double, Duration)}: no more than its
 *       connection cap, and no more than its rate limit lets through (Little's law).
 *   <li><b>Light I/O, nothing known</b>: {@link #lightIo()}, our default.
 * </ul>
 *
 * <p><b>Java has no default pool size for blocking calls.</b> Python's {@code ThreadPoolExecutor}
 * picks {@code min(32, os.cpu_count() + 4)} when you leave {@code max_workers} unset; Java makes you
 * choose ({@code Executors.newFixedThreadPool(n)}), and the pools that choose for you are wrong for
 * blocking calls: {@code Executors.newCachedThreadPool()} starts a new thread whenever no idle one
 * is free, with no upper bound, so 10,000 slow calls to one service can mean 10,000 threads and
 * 10,000 open connections, far past any connection cap; {@code ForkJoinPool.commonPool()} (behind
 * parallel streams and one-argument {@code CompletableFuture.supplyAsync}) has cores - 1 threads,
 * is shared by the whole JVM and is meant for CPU work. So this workshop's default is Python's
 * formula, {@link #lightIo()}: enough threads to overlap light I/O, and bounded, so a batch never
 * opens more than 32 connections because nobody chose a number.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WorkerCount {

    /**
     * The most workers {@link #network(int)} hands out, whatever the service allows: "low
     * hundreds". Past that, platform threads (each reserves its own stack, 1 MB by default on 64-bit
     * Linux) cost more than they bring; for thousands of calls in flight use virtual threads and a
     * {@code Semaphore} (exercise 5).
     */
    public static final int NETWORK_CEILING = 200;

    /** The most workers {@link #lightIo()} hands out, as in Python's {@code min(32, cpu_count + 4)}. */
    public static final int LIGHT_IO_CEILING = 32;

    private final int cores;

    private WorkerCount(int cores) {
        this.cores = cores;
    }

    /**
     * The rules for this machine: {@code Runtime.getRuntime().availableProcessors()} cores. That
     * number can change while the JVM runs (a container's CPU limit), so ask again each time you
     * size a pool rather than keeping it in a static field.
     *
     * @return the rules for the cores this JVM may use now
     */
    public static WorkerCount forThisMachine() {
        // STUB: task 1
        return forCores(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The rules for a machine with {@code cores} cores: to size a pool for another machine, and to
     * test the rules.
     *
     * @param cores the number of cores, at least 1
     * @return the rules for that many cores
     * @throws IllegalArgumentException if {@code cores} is less than 1, with a message giving it
     */
    public static WorkerCount forCores(int cores) {
        // STUB: task 1
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        return new WorkerCount(cores);
    }

    /**
     * The number of cores these rules are for.
     *
     * @return the core count, at least 1
     */
    public int cores() {
        // STUB: task 1
        return cores;
    }

    /**
     * Workers for CPU-bound work: the number of cores. Not more: the extra threads only take turns
     * on the same cores. Not one less either: the thread that waits for the results blocks, it
     * does not compute.
     *
     * @return {@link #cores()}
     */
    public int cpuBound() {
        // STUB: task 1
        return cores;
    }

    /**
     * Workers for reading and writing local files: small, between 4 and 8 whatever the core count,
     * because a disk does not get faster with more readers and too many thrash it.
     *
     * @return a count from 4 to 8
     */
    public int localDisk() {
        // STUB: task 1
        // A few requests in flight keep an SSD's queue busy; beyond that they only queue, and on a
        // spinning disk they make the head seek back and forth. Cores have nothing to do with it.
        return 4;
    }

    /**
     * Our default for light I/O when nothing is known about the other side: {@code min(32, cores +
     * 4)}, Python's default for {@code max_workers}. At least 5 threads, so some I/O overlaps even
     * on one core, and at most {@link #LIGHT_IO_CEILING}, so a batch stays polite to the service.
     *
     * @return {@code min(32, cores() + 4)}
     */
    public int lightIo() {
        // STUB: task 1
        return Math.min(LIGHT_IO_CEILING, cores + 4);
    }

    /**
     * The most workers worth trying for calls to a service that accepts at most {@code
     * connectionCap} connections at once: the cap itself, but no more than {@link #NETWORK_CEILING}.
     * Every worker holds one connection while its call runs, so a pool larger than the cap gets
     * refused or queued connections, never more throughput. Measure below this with {@link Tuner}.
     *
     * @param connectionCap the most connections the service (or your HTTP client's connection pool)
     *     allows at once, at least 1
     * @return {@code min(connectionCap, NETWORK_CEILING)}
     * @throws IllegalArgumentException if {@code connectionCap} is less than 1, with a message giving it
     */
    public int network(int connectionCap) {
        // STUB: task 2
        if (connectionCap < 1) {
            throw new IllegalArgumentException("connectionCap must be at least 1, was " + connectionCap);
        }
        return Math.min(connectionCap, NETWORK_CEILING);
    }

    /**
     * Workers for calls to a rate-limited service. By Little's law (calls in flight = arrival rate x
     * time each call takes), a service that allows {@code requestsPerSecond} and answers in {@code
     * latency} is kept at its limit by {@code requestsPerSecond x latency} calls in flight; more
     * workers only collect "429 Too Many Requests". So: that product rounded <em>down</em> (rounding
     * up would go over the limit), at least 1, and never more than {@link #network(int)}.
     *
     * <p>Example: 50 requests/s at 250 ms each is 12.5 calls in flight, so 12 workers (with a cap of
     * 100 connections); with a cap of 8 connections, 8.
     *
     * <p>One worker is the floor, even when it alone would go over the limit (0.5 requests/s at 1 s
     * each): a pool cannot call less often than once per latency. Slow it down with a rate limiter.
     *
     * @param connectionCap the most connections the service allows at once, at least 1
     * @param requestsPerSecond the service's rate limit, more than zero ({@code
     *     Double.POSITIVE_INFINITY} for none: then this is {@link #network(int)})
     * @param latency how long one call takes, more than zero
     * @return {@code max(1, min(floor(requestsPerSecond x latency), network(connectionCap)))}
     * @throws IllegalArgumentException if {@code connectionCap} is less than 1, or {@code
     *     requestsPerSecond} or {@code latency} is not more than zero (or not a number), with a message
     *     naming it
     * @throws NullPointerException if {@code latency} is null, with a message naming it
     */
    public int network(int connectionCap, double requestsPerSecond, Duration latency) {
        // STUB: task 2
        int cap = network(connectionCap);
        if (!(requestsPerSecond > 0)) { // written this way round, it rejects NaN too
            throw new IllegalArgumentException("requestsPerSecond must be more than zero, was " + requestsPerSecond);
        }
        Objects.requireNonNull(latency, "latency must not be null");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be more than zero, was " + latency);
        }
        // Little's law. Multiply before dividing: 100/s x 290 ms is exactly 29 this way, while
        // 0.29 * 100 in floating point is 28.999999999999996, which would round down to 28.
        double inFlight = requestsPerSecond * latency.toNanos() / 1e9;
        return (int) Math.max(1, Math.min(Math.floor(inFlight), cap));
    }
}
