package workshop.ex4_cpubound;

import java.util.List;
import java.util.function.Function;

/**
 * Exercise 4, part 1: CPU-bound work on a thread pool sized to the cores.
 *
 * <p>Java threads run CPU work truly in parallel (Java has no GIL), but only as many at once as
 * there are cores. A pool of 64 threads computes no faster than one of
 * {@code availableProcessors()} threads: the extra threads only take turns on the same cores, and
 * cost memory and context switches. Virtual threads are no way around it either: they compute on a
 * few carrier threads, {@code availableProcessors()} of them by default.
 */
public final class CpuBound {

    private CpuBound() {}

    /**
     * The number of threads to start for CPU-bound work when a caller asks for {@code requested}:
     * {@code requested}, but never more than the processors this JVM may use
     * ({@link Runtime#availableProcessors()}, read on every call: a container's limit can change).
     * So {@code poolSize(64)} on a 2-core machine is 2.
     *
     * @param requested the threads the caller would like, at least 1
     * @return between 1 and {@code availableProcessors()}
     * @throws IllegalArgumentException if {@code requested} is less than 1, with a message giving it
     */
    public static int poolSize(int requested) {
        throw new UnsupportedOperationException("TODO: exercise 4 (CPU-bound work and a process pool), task 1: implement CpuBound.poolSize");
    }

    /**
     * Runs {@code work} once for every input on a pool of {@link #poolSize(int)
     * poolSize(requestedThreads)} platform threads, and returns the results in input order.
     *
     * <ul>
     *   <li>Up to {@code poolSize(requestedThreads)} calls run at once (fewer if there are fewer
     *       inputs), on at most that many threads, never more: asking for 64 threads on a 2-core
     *       machine runs 2.
     *   <li>If calls throw, this throws the exception of the earliest <em>input</em> that failed, as
     *       the work threw it (not wrapped in {@code ExecutionException}); the calls not yet started
     *       are cancelled.
     *   <li>If the calling thread is interrupted while it waits, the calls are cancelled and this
     *       throws {@link InterruptedException}.
     *   <li>No pool thread is left alive when this returns or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty list
     * @param work the CPU-bound computation, run once per input; it must be thread-safe
     * @param requestedThreads the threads the caller would like, at least 1
     * @return one result per input, in input order
     * @throws NullPointerException if {@code inputs} or {@code work} is null, with a message naming it
     * @throws IllegalArgumentException if {@code requestedThreads} is less than 1, with a message
     *     giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <I, O> List<O> map(List<I> inputs, Function<? super I, ? extends O> work, int requestedThreads)
            throws InterruptedException {
        throw new UnsupportedOperationException("TODO: exercise 4 (CPU-bound work and a process pool), task 2: implement CpuBound.map");
    }
}
