package workshop.ex5_virtual;

/**
 * What became of one input: a {@link Success} with its result or a {@link Failure} with its error.
 * The same shape as exercise 2's {@code Outcome}, in this exercise's own package.
 *
 * <p>Both carry the input's {@link #index() position} in the input list, so two equal inputs stay
 * two outcomes. Use a {@code switch} with record patterns to tell them apart:
 *
 * <pre>{@code
 * switch (outcome) {
 *     case Outcome.Success<String, Page>(int i, String url, Page page) -> show(page);
 *     case Outcome.Failure<String, Page>(int i, String url, Throwable error) -> log(url, error);
 * }
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public sealed interface Outcome<I, O> {

    /** The input's position in the list given to {@code callAll}, from 0. */
    int index();

    /** The input itself. */
    I input();

    /** The call for {@code input} returned {@code result} (which may be null). */
    record Success<I, O>(int index, I input, O result) implements Outcome<I, O> {}

    /** The call for {@code input} threw {@code error}: the exception as the call threw it. */
    record Failure<I, O>(int index, I input, Throwable error) implements Outcome<I, O> {}
}
