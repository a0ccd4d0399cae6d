// Mistake: stops collecting at the first failure: the inputs after it are lost.
// Caught by: AsCompletedHiddenTest#everyInputLandsOnce "nothing lost, nothing twice"
package workshop.ex2_ascompleted;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

public final class AsCompleted {
    private AsCompleted() {}

    public static <I, O> Collected<I, O> collect(List<I> inputs, BlockingCall<I, O> call, int maxWorkers,
            Consumer<? super Outcome<I, O>> listener) throws InterruptedException {
        return collect(inputs, call, maxWorkers, listener, Duration.ofDays(1));
    }

    public static <I, O> Collected<I, O> collect(List<I> inputs, BlockingCall<I, O> call, int maxWorkers,
            Consumer<? super Outcome<I, O>> listener, Duration perCallTimeout) throws InterruptedException {
        if (maxWorkers < 1 || perCallTimeout.isZero()) {
            throw new IllegalArgumentException("maxWorkers " + maxWorkers);
        }
        List<Outcome.Success<I, O>> results = new ArrayList<>();
        List<Outcome.Failure<I, O>> errors = new ArrayList<>();
        if (inputs.isEmpty()) {
            return new Collected<>(results, errors);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(maxWorkers)) {
            ExecutorCompletionService<O> done = new ExecutorCompletionService<>(pool);
            Map<Future<O>, Integer> indexOf = new HashMap<>();
            List<Future<O>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                I input = inputs.get(i);
                Future<O> f = done.submit(() -> call.call(input));
                indexOf.put(f, i);
                futures.add(f);
            }

            for (int n = 0; n < inputs.size(); n++) {
                Future<O> f = done.take();
                int i = indexOf.get(f);
                try {
                    var s = new Outcome.Success<>(i, inputs.get(i), f.get());
                    results.add(s);
                    listener.accept(s);
                } catch (ExecutionException e) {
                    var fail = new Outcome.Failure<I, O>(i, inputs.get(i), e.getCause());
                    errors.add(fail);
                    listener.accept(fail);
                    futures.forEach(other -> other.cancel(true));
                    break;
                }
            }
        }
        return new Collected<>(results, errors);
    }
}
