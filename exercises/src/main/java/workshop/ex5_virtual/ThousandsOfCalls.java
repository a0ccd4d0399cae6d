package workshop.ex5_virtual;

import java.util.List;
import workshop.common.BlockingCall;

/**
 * Exercise 5 (bonus): thousands of slow calls at once, each on a virtual thread of its own, with a
 * {@link java.util.concurrent.Semaphore} to stay within the service's connection cap, because a
 * pool's size no longer does that for you.
 */
public final class ThousandsOfCalls {

    private ThousandsOfCalls() {}

    /**
     * Runs {@code call} once for every input, each call on a virtual thread of its own, with at most
     * {@code maxConcurrentCalls} calls in flight at once, and returns every outcome in input order.
     *
     * <ul>
     *   <li>Every call runs on a virtual thread ({@link Thread#isVirtual()}): ten thousand calls that
     *       mostly wait cost ten thousand cheap threads, not ten thousand platform threads, and no
     *       pool size holds them back.
     *   <li>Never more than {@code maxConcurrentCalls} calls are in flight at once (the service's
     *       connection cap), and that many when there are enough inputs.
     *   <li>One failure never stops the others: a call that throws becomes an {@link Outcome.Failure}
     *       holding the exception as the call threw it (not an {@code ExecutionException}), and the
     *       batch goes on. A call that failed frees its place for the next one, as one that
     *       returned does.
     *   <li>The list holds one outcome per input, in input order: outcome {@code i} is for
     *       {@code inputs.get(i)} and has index {@code i}, whatever order the calls finish in.
     *   <li>If the calling thread is interrupted while it waits, the running calls are interrupted,
     *       calls not yet started are cancelled, and this throws {@link InterruptedException}.
     *   <li>Either way, no call is still running when this returns or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty list (and starts no thread)
     * @param call the slow call, run once per input (inputs may repeat: each is called again)
     * @param maxConcurrentCalls the most calls in flight at once, at least 1
     * @return one outcome per input, in input order
     * @throws NullPointerException if {@code inputs} or {@code call} is null, with a message naming it
     * @throws IllegalArgumentException if {@code maxConcurrentCalls} is less than 1, with a message
     *     giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <I, O> List<Outcome<I, O>> callAll(List<I> inputs, BlockingCall<I, O> call, int maxConcurrentCalls)
            throws InterruptedException {
        throw new UnsupportedOperationException("TODO: exercise 5 (thousands of calls): implement ThousandsOfCalls.callAll");
    }
}
