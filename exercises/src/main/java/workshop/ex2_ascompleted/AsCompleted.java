package workshop.ex2_ascompleted;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

/**
 * Exercise 2: run a slow call over many inputs on a thread pool, handle each result the moment it
 * is ready, and keep going when some calls fail: every input ends up in the results or the errors,
 * nothing lost, nothing twice.
 */
public final class AsCompleted {

    private AsCompleted() {}

    /**
     * Runs {@code call} once for every input, on a pool of at most {@code maxWorkers} threads, and
     * collects every outcome.
     *
     * <ul>
     *   <li>Up to {@code maxWorkers} calls run at once (fewer if there are fewer inputs), and never
     *       more.
     *   <li>One failure never stops the others: a call that throws becomes a
     *       {@link Outcome.Failure} holding the exception as the call threw it (not an
     *       {@code ExecutionException}), and the batch goes on.
     *   <li>Every input lands in exactly one of {@link Collected#results()} and
     *       {@link Collected#errors()}, with its index, so equal inputs stay separate entries.
     *   <li>{@code listener} gets each outcome as soon as its call finishes, in the order the calls
     *       finish (not input order), one at a time, on the thread that called {@code collect}, and
     *       before {@code collect} returns. If the listener throws, the remaining calls are cancelled
     *       and its exception propagates.
     *   <li>If the calling thread is interrupted while it waits, the remaining calls are cancelled
     *       (running ones interrupted) and this throws {@link InterruptedException}.
     *   <li>No call is still running and no pool thread is left alive when this returns or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty {@link Collected}
     * @param call the slow call, run once per input
     * @param maxWorkers the most threads to use, at least 1
     * @param listener told of each outcome as it happens
     * @return every outcome, results and errors each in completion order
     * @throws NullPointerException if an argument is null, with a message naming it
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <I, O> Collected<I, O> collect(
            List<I> inputs, BlockingCall<I, O> call, int maxWorkers, Consumer<? super Outcome<I, O>> listener)
            throws InterruptedException {
        throw new UnsupportedOperationException("TODO: exercise 2 (as completed), task 1: implement AsCompleted.collect");
    }

    /**
     * Like {@link #collect(List, BlockingCall, int, Consumer)}, but no call may run longer than
     * {@code perCallTimeout}, counted from the moment that call starts (time spent waiting for a free
     * thread does not count). A call that runs over is interrupted and recorded as a
     * {@link Outcome.Failure} whose error is a {@link java.util.concurrent.TimeoutException}; it never
     * holds up the rest of the batch.
     *
     * @param perCallTimeout the longest one call may run, more than zero
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1 or {@code perCallTimeout}
     *     is not positive, with a message giving it
     */
    public static <I, O> Collected<I, O> collect(
            List<I> inputs,
            BlockingCall<I, O> call,
            int maxWorkers,
            Consumer<? super Outcome<I, O>> listener,
            Duration perCallTimeout)
            throws InterruptedException {
        throw new UnsupportedOperationException("TODO: exercise 2 (as completed), task 4: implement the per-call timeout");
    }
}
