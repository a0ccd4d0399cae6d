package workshop.ex6_backpressure;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

/**
 * Exercise 6: backpressure. Map a slow call over inputs of unknown length (an {@link Iterator}, which
 * may never end) without holding them all: take an input only when there is room for it, so a slow
 * consumer slows the reading of the inputs down instead of letting them pile up in memory.
 */
public final class Backpressure {

    private Backpressure() {}

    /**
     * Runs {@code call} once for every input the iterator gives, on a pool of at most
     * {@code maxWorkers} threads, and hands each outcome to {@code deliver} in input order, while
     * holding at most {@code maxAhead} inputs at a time.
     *
     * <ul>
     *   <li>An input is <em>held</em> from the moment it is taken ({@code inputs.next()}) until its
     *       outcome has been delivered ({@code deliver.accept} has returned). At most {@code maxAhead}
     *       inputs are held at any moment, whether their calls are waiting, running or finished: a
     *       finished call whose outcome waits for an earlier one still counts. So a slow consumer, or
     *       a slow call at the head, stops the taking of inputs, and memory stays bounded whatever the
     *       iterator's length.
     *   <li>Within that bound, inputs are taken as soon as there is room, before waiting for any
     *       outcome: while the first call is still running, up to {@code maxAhead} inputs are taken and
     *       their calls queued, so the workers never wait for the consumer.
     *   <li>At most {@code maxWorkers} calls run at once, and that many when enough inputs are held.
     *       Every call runs on a pool thread, never on the calling thread.
     *   <li>Outcomes are delivered in input order, one at a time, on the calling thread: outcome
     *       {@code i} is for the {@code i}-th input taken (from 0), whatever order the calls finish in.
     *       The iterator, too, is used from the calling thread only.
     *   <li>A call that throws becomes an {@link Outcome.Failure} holding the exception as the call
     *       threw it (not an {@code ExecutionException}), and the run goes on: every input taken gets
     *       exactly one outcome, nothing is lost.
     *   <li>If {@code deliver} throws, or the iterator does, the calls held are cancelled (running ones
     *       interrupted), no more inputs are taken, and that exception propagates unchanged.
     *   <li>If the calling thread is interrupted while it waits, the calls are cancelled in the same
     *       way and this throws {@link InterruptedException}.
     *   <li>Either way, no call is still running and no pool thread is left alive when this returns or
     *       throws.
     * </ul>
     *
     * @param inputs the inputs, taken one at a time; an empty iterator gives 0 (and starts no thread)
     * @param call the slow call, run once per input
     * @param maxWorkers the most calls in flight at once, at least 1
     * @param maxAhead the most inputs held (taken but not yet delivered) at once, at least
     *     {@code maxWorkers}
     * @param deliver receives every outcome, in input order, on the calling thread
     * @return how many outcomes were delivered: the number of inputs
     * @throws NullPointerException if {@code inputs}, {@code call} or {@code deliver} is null, with a
     *     message naming it
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1 or {@code maxAhead} is less
     *     than {@code maxWorkers}, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <I, O> long map(Iterator<I> inputs, BlockingCall<I, O> call, int maxWorkers, int maxAhead,
            Consumer<? super Outcome<I, O>> deliver) throws InterruptedException {
        // STUB: tasks 1-4
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

        // The pool caps the calls in flight; the window caps the inputs held. The window is the
        // backpressure: an input leaves it only once its outcome is delivered, so a slow consumer
        // (or a slow head) keeps the window full, and a full window takes no more inputs.
        try (ExecutorService pool = Executors.newFixedThreadPool(maxWorkers)) {
            Deque<Held<I, O>> window = new ArrayDeque<>(maxAhead);
            long taken = 0;
            long delivered = 0;
            try {
                while (true) {
                    // Fill the window before waiting, so the workers have queued calls to run.
                    while (window.size() < maxAhead && inputs.hasNext()) {
                        I input = inputs.next();
                        window.addLast(new Held<>(taken++, input, pool.submit(() -> call.call(input))));
                    }
                    Held<I, O> head = window.peekFirst();
                    if (head == null) {
                        return delivered;
                    }
                    // Waiting for the head gives input order. It stays in the window (and is cancelled
                    // with the rest after an interrupt) until delivered: only then is its place free.
                    deliver.accept(outcomeOf(head));
                    window.removeFirst();
                    delivered++;
                }
            } finally {
                // After an interrupt or a throwing consumer: drop the queued calls and interrupt the
                // running ones, so close() does not wait for work nobody will use. (Empty on success.)
                for (Held<I, O> held : window) {
                    held.future().cancel(true);
                }
            }
        }
    }

    /** An input taken from the iterator, with its place in it and its call's future. */
    private record Held<I, O>(long index, I input, Future<O> future) {}

    /** A held input's outcome, waiting for its call; the failure is the call's own exception, unwrapped. */
    private static <I, O> Outcome<I, O> outcomeOf(Held<I, O> held) throws InterruptedException {
        try {
            return new Outcome.Success<>(held.index(), held.input(), held.future().get());
        } catch (ExecutionException e) {
            return new Outcome.Failure<>(held.index(), held.input(), e.getCause());
        }
    }
}
