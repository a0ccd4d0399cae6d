package workshop.ex6_backpressure;

import java.util.Iterator;
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
        throw new UnsupportedOperationException("TODO: exercise 6 (backpressure), tasks 1-4: implement Backpressure.map");
    }

    /** An input taken from the iterator, with its place in it and its call's future. */
    private record Held<I, O>(long index, I input, Future<O> future) {}
}
