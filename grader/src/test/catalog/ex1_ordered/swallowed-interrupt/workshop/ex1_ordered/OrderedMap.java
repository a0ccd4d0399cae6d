// Mistake: catches InterruptedException and carries on, so an interrupted caller is never released.
// Caught by: OrderedMapHiddenTest#interruptStopsTheBatch "expected InterruptedException"
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
        try {
            for (Future<O> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw new RuntimeException("interrupted", e);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        } finally {
            pool.shutdown();
        }
        return results;
    }
}
