// Mistake: inputs.parallelStream().map(...): the blocking calls run on the shared ForkJoinPool.commonPool() (cores - 1 threads and the caller), whatever maxWorkers says.
// Caught by: OrderedMapHiddenTest#usesAnExecutor "run on ForkJoinPool.commonPool()"
// On machines with fewer than 5 cores (the common pool's cores - 1 threads and the caller make fewer than 5),
// runsConcurrently, respectsMaxWorkers and shutsThePoolDown fail too, with "the calls ran on ForkJoinPool.commonPool()
// ... (a parallel stream, or supplyAsync without an executor)"; on bigger machines they may pass, so only the
// architecture rule is named here.
package workshop.ex1_ordered;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import workshop.common.BlockingCall;

public final class OrderedMap {

    private OrderedMap() {}

    public static <I, O> List<O> map(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(call, "call must not be null");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, was " + maxWorkers);
        }
        // "A parallel stream keeps the order and runs the calls concurrently."
        try {
            return inputs.parallelStream().map(input -> {
                try {
                    return call.call(input);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
