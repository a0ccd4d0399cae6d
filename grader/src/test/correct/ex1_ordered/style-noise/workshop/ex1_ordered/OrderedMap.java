// Design: the solution cut into helpers (submitAll, collectInOrder, cancelAll), with an extra package-private class
// (BatchLog) that logs each batch to stderr.
// Full marks: every hidden test of ex1_ordered.
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.common.BlockingCall;

/**
 * Exercise 1: run a slow call over many inputs on a thread pool and get the results back in input
 * order, like {@code List.stream().map(...)}, only concurrent.
 */
public final class OrderedMap {

    private OrderedMap() {}

    /**
     * Runs {@code call} once for every input, on a pool of at most {@code maxWorkers} threads, and
     * returns the results in input order, whatever order the calls finish in.
     *
     * <ul>
     *   <li>Up to {@code maxWorkers} calls run at once (fewer if there are fewer inputs), and never
     *       more.
     *   <li>If calls fail, this throws the exception of the earliest <em>input</em> that failed, as
     *       the call threw it: the same object, not wrapped in {@code ExecutionException}, checked
     *       exceptions included. Calls that have not started yet are cancelled and running ones are
     *       interrupted.
     *   <li>If the calling thread is interrupted while it waits, the calls are cancelled in the same
     *       way and this throws {@link InterruptedException}.
     *   <li>Either way, no call is still running and no pool thread is left alive when this returns
     *       or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty list (and starts no thread)
     * @param call the slow call, run once per input (inputs may repeat: each is called again)
     * @param maxWorkers the most threads to use, at least 1
     * @return one result per input, in input order
     * @throws NullPointerException if {@code inputs} or {@code call} is null, with a message naming it
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     * @throws Exception the exception thrown by the call for the earliest failed input
     */
    public static <I, O> List<O> map(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(call, "call must not be null");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, was " + maxWorkers);
        }
        if (inputs.isEmpty()) {
            return List.of();
        }

        int threads = Math.min(maxWorkers, inputs.size());
        BatchLog.started("map", inputs.size(), threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<O>> futures = submitAll(pool, inputs, call);
            try {
                return collectInOrder(futures);
            } finally {
                cancelAll(futures);
            }
        } finally {
            BatchLog.finished("map");
        }
    }

    /** Submits one call per input, in input order, before anyone waits for any of them. */
    private static <I, O> List<Future<O>> submitAll(ExecutorService pool, List<I> inputs, BlockingCall<I, O> call) {
        List<Future<O>> futures = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            futures.add(pool.submit(() -> call.call(input)));
        }
        return futures;
    }

    /** The results in submission order: the first failure met is the earliest input's. */
    private static <O> List<O> collectInOrder(List<Future<O>> futures) throws Exception {
        List<O> results = new ArrayList<>(futures.size());
        for (Future<O> future : futures) {
            results.add(resultOf(future));
        }
        return results;
    }

    /** Drops the calls not started and interrupts the running ones; a no-op once all are done. */
    private static void cancelAll(List<? extends Future<?>> futures) {
        futures.forEach(future -> future.cancel(true));
    }

    /** The future's result, or the exception the call threw: unwrapped, not an ExecutionException. */
    private static <O> O resultOf(Future<O> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // A BlockingCall throws Exceptions (checked or not) or Errors; pass either on unchanged.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }
}
