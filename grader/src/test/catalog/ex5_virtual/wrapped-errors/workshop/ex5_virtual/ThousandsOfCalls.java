// Mistake: records the ExecutionException that get() threw, not the call's own exception (its cause).
// Caught by: ThousandsOfCallsHiddenTest#failuresBecomeOutcomes "record getCause(), the call's own exception"
package workshop.ex5_virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

public final class ThousandsOfCalls {
    private ThousandsOfCalls() {}

    public static <I, O> List<Outcome<I, O>> callAll(List<I> inputs, BlockingCall<I, O> call, int maxConcurrentCalls)
            throws InterruptedException {
        Semaphore permits = new Semaphore(maxConcurrentCalls);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<O>> futures = new ArrayList<>();
            for (I input : inputs) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return call.call(input);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<Outcome<I, O>> outcomes = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    outcomes.add(new Outcome.Success<>(i, inputs.get(i), futures.get(i).get()));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome.Failure<>(i, inputs.get(i), e));
                }
            }
            return outcomes;
        }
    }
}
