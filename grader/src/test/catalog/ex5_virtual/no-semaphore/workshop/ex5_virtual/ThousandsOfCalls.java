// Mistake: one virtual thread per call and no semaphore: every call hits the service at once, whatever maxConcurrentCalls says.
// Caught by: ThousandsOfCallsHiddenTest#neverExceedsTheCap "but maxConcurrentCalls was 100"
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
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<O>> futures = new ArrayList<>();
            for (I input : inputs) {
                futures.add(executor.submit(() -> call.call(input)));
            }
            List<Outcome<I, O>> outcomes = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    outcomes.add(new Outcome.Success<>(i, inputs.get(i), futures.get(i).get()));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome.Failure<>(i, inputs.get(i), e.getCause()));
                }
            }
            return outcomes;
        }
    }
}
