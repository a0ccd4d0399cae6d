package workshop.ex1_ordered;

import java.util.List;
import workshop.common.BlockingCall;

/**
 * Exercise 1: run a slow call over many inputs on a thread pool and get the results back in input
 * order, like {@code List.stream().map(...)}, only concurrent.
 */
public final class OrderedMap {

    private OrderedMap() {}

    /**
     * Runs {@code call} once for every input, on a pool of at most {@code maxWorkers} threads, and
     * returns the results in input order, whatever order the calls finish in.
     *
     * <ul>
     *   <li>Up to {@code maxWorkers} calls run at once (fewer if there are fewer inputs), and never
     *       more.
     *   <li>If calls fail, this throws the exception of the earliest <em>input</em> that failed, as
     *       the call threw it: the same object, not wrapped in {@code ExecutionException}, checked
     *       exceptions included. Calls that have not started yet are cancelled and running ones are
     *       interrupted.
     *   <li>If the calling thread is interrupted while it waits, the calls are cancelled in the same
     *       way and this throws {@link InterruptedException}.
     *   <li>Either way, no call is still running and no pool thread is left alive when this returns
     *       or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty list (and starts no thread)
     * @param call the slow call, run once per input (inputs may repeat: each is called again)
     * @param maxWorkers the most threads to use, at least 1
     * @return one result per input, in input order
     * @throws NullPointerException if {@code inputs} or {@code call} is null, with a message naming it
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     * @throws Exception the exception thrown by the call for the earliest failed input
     */
    public static <I, O> List<O> map(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        throw new UnsupportedOperationException("TODO: exercise 1 (ordered map): implement OrderedMap.map");
    }
}
