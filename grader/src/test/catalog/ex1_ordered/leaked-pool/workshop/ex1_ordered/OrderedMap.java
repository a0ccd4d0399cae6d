// Mistake: never shuts the pool down, so its threads wait for work forever.
// Caught by: OrderedMapHiddenTest#shutsThePoolDown "Shut the pool down"
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.common.BlockingCall;

public final class OrderedMap {
    private OrderedMap() {}

    public static <I, O> List<O> map(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        if (inputs.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(maxWorkers);
        List<Future<O>> futures = new ArrayList<>();
        for (I input : inputs) {
            futures.add(pool.submit(() -> call.call(input)));
        }
        List<O> results = new ArrayList<>();
        for (Future<O> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
        return results;
    }
}
