// Mistake: releases the permit only after a call that returned; every call that throws keeps its permit for good, until none is left.
// Caught by: ThousandsOfCallsHiddenTest#failedCallsGiveBackTheirPermits "release() in a finally block"
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
                    O result = call.call(input);
                    permits.release();
                    return result;
                }));
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
