// Mistake: CompletableFuture.supplyAsync without an executor: the blocking calls run on the shared
// ForkJoinPool.commonPool(), whatever maxWorkers says.
// Caught by: OrderedMapHiddenTest#usesAnExecutor "run on ForkJoinPool.commonPool()"
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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

        // supplyAsync with no executor: the calls go to ForkJoinPool.commonPool(), maxWorkers unused.
        List<CompletableFuture<O>> futures = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call(input);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        try {
            List<O> results = new ArrayList<>(inputs.size());
            for (Future<O> future : futures) {
                results.add(resultOf(future));
            }
            return results;
        } finally {
            for (Future<O> future : futures) {
                future.cancel(true);
            }
        }
    }

    /** The future's result, or the exception the call threw: unwrapped, not an ExecutionException. */
    private static <O> O resultOf(Future<O> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // The call's exception arrives wrapped in the CompletionException thrown above.
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }
}
