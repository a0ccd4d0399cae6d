// Mistake: a pool of maxWorkers - 1 threads ("the caller is a worker too"), though the caller only waits: one call fewer overlaps than maxWorkers allows.
// Caught by: OrderedMapHiddenTest#runsConcurrently "fewer threads than maxWorkers"
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

        // A fixed pool caps the calls in flight; "one thread for the caller", so one fewer.
        // try-with-resources: close() waits for every task, so nothing outlives this method.
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(maxWorkers - 1, inputs.size())))) {
            // Submit everything first, so the calls overlap; only then wait for any of them.
            List<Future<O>> futures = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                futures.add(pool.submit(() -> call.call(input)));
            }
            try {
                // Waiting in submission order gives input order, and the first failure we meet is
                // the failure of the earliest input, even if a later input failed sooner.
                List<O> results = new ArrayList<>(inputs.size());
                for (Future<O> future : futures) {
                    results.add(resultOf(future));
                }
                return results;
            } finally {
                // After a failure or an interrupt: drop the calls not yet started, interrupt the
                // running ones, so close() does not wait for work nobody will use. (No-op on success.)
                for (Future<O> future : futures) {
                    future.cancel(true);
                }
            }
        }
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
