// Mistake: adds each outcome to a shared queue as its call finishes, so the list comes back in completion order, not input order.
// Caught by: ThousandsOfCallsHiddenTest#outcomesInInputOrder "expected the outcomes in input order"
package workshop.ex5_virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

public final class ThousandsOfCalls {
    private ThousandsOfCalls() {}

    public static <I, O> List<Outcome<I, O>> callAll(List<I> inputs, BlockingCall<I, O> call, int maxConcurrentCalls)
            throws InterruptedException {
        Semaphore permits = new Semaphore(maxConcurrentCalls);
        Queue<Outcome<I, O>> outcomes = new ConcurrentLinkedQueue<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                I input = inputs.get(i);
                executor.submit(() -> {
                    permits.acquire();
                    try {
                        outcomes.add(new Outcome.Success<>(index, input, call.call(input)));
                    } catch (Exception e) {
                        outcomes.add(new Outcome.Failure<>(index, input, e));
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        return new ArrayList<>(outcomes);
    }
}
