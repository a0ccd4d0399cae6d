// Mistake: keeps the bound right (at most maxAhead held, a new input for each outcome delivered) but delivers the outcomes as the calls finish, through an ExecutorCompletionService: completion order, not input order.
// Caught by: BackpressureHiddenTest#deliversInInputOrder "always wait for the head, not for whichever call finishes first"
package workshop.ex6_backpressure;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

public final class Backpressure {

    private Backpressure() {}

    public static <I, O> long map(Iterator<I> inputs, BlockingCall<I, O> call, int maxWorkers, int maxAhead,
            Consumer<? super Outcome<I, O>> deliver) throws InterruptedException {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(call, "call must not be null");
        Objects.requireNonNull(deliver, "deliver must not be null");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, was " + maxWorkers);
        }
        if (maxAhead < maxWorkers) {
            throw new IllegalArgumentException("maxAhead must be at least maxWorkers (" + maxWorkers + "), was " + maxAhead);
        }
        if (!inputs.hasNext()) {
            return 0;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(maxWorkers)) {
            CompletionService<O> done = new ExecutorCompletionService<>(pool);
            Map<Future<O>, Long> indexOf = new HashMap<>();
            Map<Future<O>, I> inputOf = new HashMap<>();
            long taken = 0;
            long delivered = 0;
            try {
                while (true) {
                    while (indexOf.size() < maxAhead && inputs.hasNext()) {
                        I input = inputs.next();
                        Future<O> future = done.submit(() -> call.call(input));
                        indexOf.put(future, taken++);
                        inputOf.put(future, input);
                    }
                    if (indexOf.isEmpty()) {
                        return delivered;
                    }
                    Future<O> next = done.take();
                    long index = indexOf.remove(next);
                    I input = inputOf.remove(next);
                    try {
                        deliver.accept(new Outcome.Success<>(index, input, next.get()));
                    } catch (ExecutionException e) {
                        deliver.accept(new Outcome.Failure<>(index, input, e.getCause()));
                    }
                    delivered++;
                }
            } finally {
                for (Future<O> future : indexOf.keySet()) {
                    future.cancel(true);
                }
            }
        }
    }
}
