// Mistake: calls each input in turn on the caller's thread; nothing overlaps.
// Caught by: OrderedMapHiddenTest#runsConcurrently "only 1 call was in flight at once; expected 5"
// Caught by: OrderedMapHiddenTest#overlapsTheWaits "the calls are not overlapping"
package workshop.ex1_ordered;

import java.util.ArrayList;
import java.util.List;
import workshop.common.BlockingCall;

public final class OrderedMap {
    private OrderedMap() {}

    public static <I, O> List<O> map(List<I> inputs, BlockingCall<I, O> call, int maxWorkers) throws Exception {
        List<O> results = new ArrayList<>();
        for (I input : inputs) {
            results.add(call.call(input));
        }
        return results;
    }
}
