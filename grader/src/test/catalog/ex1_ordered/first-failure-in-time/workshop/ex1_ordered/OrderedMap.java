// Mistake: throws whichever failure happens first in time, not the earliest input's.
// Caught by: OrderedMapHiddenTest#throwsEarliestInputsFailureUnwrapped "the earliest failed input"
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
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
        try (ExecutorService pool = Executors.newFixedThreadPool(maxWorkers)) {
            ExecutorCompletionService<O> done = new ExecutorCompletionService<>(pool);
            Map<Future<O>, Integer> index = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                I input = inputs.get(i);
                index.put(done.submit(() -> call.call(input)), i);
            }
            List<O> results = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), (O) null));
            for (int i = 0; i < inputs.size(); i++) {
                Future<O> f = done.take();
                try {
                    results.set(index.get(f), f.get());
                } catch (ExecutionException e) {
                    index.keySet().forEach(other -> other.cancel(true));
                    throw (Exception) e.getCause();
                }
            }
            return results;
        }
    }
}
