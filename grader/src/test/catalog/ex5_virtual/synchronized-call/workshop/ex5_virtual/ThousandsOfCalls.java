// Mistake: guards the call with synchronized on one shared lock ("to keep the results safe"): one call at a time, on any JDK.
// Caught by: ThousandsOfCallsHiddenTest#reachesAThousandCallsInFlight "only 1 call was in flight at once; expected 1000"
package workshop.ex5_virtual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

public final class ThousandsOfCalls {
    private ThousandsOfCalls() {}

    public static <I, O> List<Outcome<I, O>> callAll(List<I> inputs, BlockingCall<I, O> call, int maxConcurrentCalls)
            throws InterruptedException {
        Semaphore permits = new Semaphore(maxConcurrentCalls);
        Object lock = new Object();
        @SuppressWarnings("unchecked")
        Outcome<I, O>[] outcomes = new Outcome[inputs.size()];
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                I input = inputs.get(i);
                executor.submit(() -> {
                    permits.acquire();
                    try {
                        synchronized (lock) {
                            try {
                                outcomes[index] = new Outcome.Success<>(index, input, call.call(input));
                            } catch (Exception e) {
                                outcomes[index] = new Outcome.Failure<>(index, input, e);
                            }
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        return new ArrayList<>(Arrays.asList(outcomes));
    }
}
