// Mistake: copies exercise 1: a fixed pool of maxConcurrentCalls platform threads. The cap holds, but 1,000 calls in flight cost 1,000 OS threads.
// Caught by: ThousandsOfCallsHiddenTest#tenThousandCallsOnVirtualThreads "were platform threads"
package workshop.ex5_virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.common.BlockingCall;

public final class ThousandsOfCalls {
    private ThousandsOfCalls() {}

    public static <I, O> List<Outcome<I, O>> callAll(List<I> inputs, BlockingCall<I, O> call, int maxConcurrentCalls)
            throws InterruptedException {
        if (inputs.isEmpty()) {
            return List.of();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrentCalls, inputs.size()))) {
            List<Future<O>> futures = new ArrayList<>();
            for (I input : inputs) {
                futures.add(pool.submit(() -> call.call(input)));
            }
            try {
                List<Outcome<I, O>> outcomes = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    try {
                        outcomes.add(new Outcome.Success<>(i, inputs.get(i), futures.get(i).get()));
                    } catch (ExecutionException e) {
                        outcomes.add(new Outcome.Failure<>(i, inputs.get(i), e.getCause()));
                    }
                }
                return outcomes;
            } finally {
                futures.forEach(f -> f.cancel(true));
            }
        }
    }
}
