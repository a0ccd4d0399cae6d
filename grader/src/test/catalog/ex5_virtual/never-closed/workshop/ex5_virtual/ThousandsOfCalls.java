// Mistake: never closes the executor nor waits for the futures: the tasks fill in the outcomes, and callAll returns while calls are still in flight.
// Caught by: ThousandsOfCallsHiddenTest#waitsForEveryCall "had not finished when callAll returned"
package workshop.ex5_virtual;

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
        @SuppressWarnings("unchecked")
        Outcome<I, O>[] outcomes = new Outcome[inputs.size()];
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            I input = inputs.get(i);
            executor.submit(() -> {
                permits.acquire();
                try {
                    outcomes[index] = new Outcome.Success<>(index, input, call.call(input));
                } catch (Exception e) {
                    outcomes[index] = new Outcome.Failure<>(index, input, e);
                } finally {
                    permits.release();
                }
                return null;
            });
        }
        return Arrays.asList(outcomes);
    }
}
