package workshop.ex2_ascompleted;

import java.util.List;

/**
 * Every input of a batch, each in exactly one of the two lists, in the order the calls finished.
 *
 * @param results the inputs whose call returned
 * @param errors the inputs whose call threw or timed out
 * @param <I> the input type
 * @param <O> the result type
 */
public record Collected<I, O>(List<Outcome.Success<I, O>> results, List<Outcome.Failure<I, O>> errors) {

    public Collected {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
    }

    /** How many inputs the batch had: results plus errors. */
    public int size() {
        return results.size() + errors.size();
    }
}
