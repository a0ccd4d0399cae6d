// Mistake: "backpressure" from a ThreadPoolExecutor with a bounded queue and CallerRunsPolicy, with no bound of its own: when the queue is full the calling thread runs the call itself (one call more than maxWorkers, and no delivering meanwhile), and the futures of finished calls pile up undelivered.
// Caught by: BackpressureHiddenTest#runsMaxWorkersCallsAtOnce "calls ran on the thread that called map"
package workshop.ex6_backpressure;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

public final class Backpressure {

    private Backpressure() {}

    private record Held<I, O>(long index, I input, Future<O> future) {}

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
        // The queue holds maxAhead - maxWorkers waiting calls; when it is full the caller runs the call: that is the brake.
        try (ThreadPoolExecutor pool = new ThreadPoolExecutor(maxWorkers, maxWorkers, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, maxAhead - maxWorkers)), new ThreadPoolExecutor.CallerRunsPolicy())) {
            Deque<Held<I, O>> held = new ArrayDeque<>();
            long taken = 0;
            long delivered = 0;
            try {
                while (inputs.hasNext()) {
                    I input = inputs.next();
                    held.addLast(new Held<>(taken++, input, pool.submit(() -> call.call(input))));
                    while (!held.isEmpty() && held.peekFirst().future().isDone()) {
                        deliver.accept(outcomeOf(held.removeFirst()));
                        delivered++;
                    }
                }
                while (!held.isEmpty()) {
                    deliver.accept(outcomeOf(held.peekFirst()));
                    held.removeFirst();
                    delivered++;
                }
                return delivered;
            } finally {
                for (Held<I, O> h : held) {
                    h.future().cancel(true);
                }
            }
        }
    }

    private static <I, O> Outcome<I, O> outcomeOf(Held<I, O> held) throws InterruptedException {
        try {
            return new Outcome.Success<>(held.index(), held.input(), held.future().get());
        } catch (ExecutionException e) {
            return new Outcome.Failure<>(held.index(), held.input(), e.getCause());
        }
    }
}
