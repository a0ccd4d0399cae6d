package workshop.common;

/**
 * A slow, blocking call: an HTTP request, a database query, a file read.
 *
 * <p>Every exercise takes its slow work as a {@code BlockingCall}, so that a test can hand in a
 * Mockito mock that sleeps, fails for chosen inputs and counts how many calls are in flight.
 * The method may throw any checked exception, as blocking I/O does ({@code IOException},
 * {@code SQLException}, {@code InterruptedException} ...); the exercises must pass it on
 * unchanged, not wrapped.
 *
 * <p>Implementations are called from several threads at once and must be thread-safe.
 *
 * @param <I> the input, for example a URL
 * @param <O> the output, for example the page body
 */
@FunctionalInterface
public interface BlockingCall<I, O> {

    /**
     * Runs the call for one input, blocking the calling thread until it is done.
     *
     * @param input one input
     * @return the result for that input
     * @throws Exception whatever the call throws; an interrupted call throws
     *     {@link InterruptedException} (or another exception) and returns early
     */
    O call(I input) throws Exception;
}
