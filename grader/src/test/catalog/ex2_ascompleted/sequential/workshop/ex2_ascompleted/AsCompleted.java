// Mistake: calls each input in turn on the caller's thread, catching errors; nothing overlaps.
// Caught by: AsCompletedHiddenTest#runsConcurrently "only 1 call was in flight at once; expected 5"
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
        List<Outcome.Success<I, O>> results = new ArrayList<>();
        List<Outcome.Failure<I, O>> errors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            try {
                var s = new Outcome.Success<>(i, inputs.get(i), call.call(inputs.get(i)));
                results.add(s);
                listener.accept(s);
            } catch (Exception e) {
                var f = new Outcome.Failure<I, O>(i, inputs.get(i), e);
                errors.add(f);
                listener.accept(f);
            }
        }
        return new Collected<>(results, errors);
    }

    public static <I, O> Collected<I, O> collect(List<I> inputs, BlockingCall<I, O> call, int maxWorkers,
            Consumer<? super Outcome<I, O>> listener, Duration perCallTimeout) throws InterruptedException {
        return collect(inputs, call, maxWorkers, listener);
    }
}
