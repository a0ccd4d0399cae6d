package workshop.ex6_backpressure;

/**
 * What became of one input: a {@link Success} with its result or a {@link Failure} with its error.
 * The same shape as exercise 5's {@code Outcome}, in this exercise's own package, with a
 * {@code long} index: an iterator of unknown length may hold more than {@code Integer.MAX_VALUE}
 * inputs.
 *
 * <pre>{@code
 * switch (outcome) {
 *     case Outcome.Success<String, Page>(long i, String url, Page page) -> store(page);
 *     case Outcome.Failure<String, Page>(long i, String url, Throwable error) -> log(url, error);
 * }
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public sealed interface Outcome<I, O> {

    /** The input's position in the iterator, from 0: the first input taken has index 0. */
    long index();

    /** The input itself. */
    I input();

    /** The call for {@code input} returned {@code result} (which may be null). */
    record Success<I, O>(long index, I input, O result) implements Outcome<I, O> {}

    /** The call for {@code input} threw {@code error}: the exception as the call threw it. */
    record Failure<I, O>(long index, I input, Throwable error) implements Outcome<I, O> {}
}
