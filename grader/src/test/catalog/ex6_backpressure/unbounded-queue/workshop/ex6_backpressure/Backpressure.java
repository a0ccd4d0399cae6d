// Mistake: exercise 1's loop over an iterator: submits every input as it is read, into the fixed pool's unbounded queue, then delivers in order. maxWorkers caps the calls, but nothing caps the inputs held: a million inputs are a million queued tasks.
// Caught by: BackpressureHiddenTest#slowConsumerSlowsTheIterator "Take the next input only when fewer than maxAhead are held"
// Caught by: BackpressureHiddenTest#aMillionInputs "keep no list of all of them"
package workshop.ex6_backpressure;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
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
            List<I> taken = new ArrayList<>();
            List<Future<O>> futures = new ArrayList<>();
            try {
                while (inputs.hasNext()) {
                    I input = inputs.next();
                    taken.add(input);
                    futures.add(pool.submit(() -> call.call(input)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    try {
                        deliver.accept(new Outcome.Success<>(i, taken.get(i), futures.get(i).get()));
                    } catch (ExecutionException e) {
                        deliver.accept(new Outcome.Failure<>(i, taken.get(i), e.getCause()));
                    }
                }
                return futures.size();
            } finally {
                for (Future<O> future : futures) {
                    future.cancel(true);
                }
            }
        }
    }
}
