package workshop.bench.rows;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Taught;
import workshop.common.BlockingCall;
import workshop.testkit.CountingInputs;

/**
 * Exercise 6: 1,000,000 inputs from a lazy iterator through a trivial call on 4 workers, delivered in
 * input order (goal: never more than maxAhead = 64 inputs held). Beside it, exercise 1's loop over the
 * same iterator: submit every input as it is read, then deliver in order. Counted, not timed: the most
 * inputs held (taken, not yet delivered) at any {@code next()}, and the live heap halfway through, after
 * a full GC, above the live heap before the run.
 */
public final class BackpressureRow implements Row {

    static final String OURS = "exercise 6 `Backpressure.map` (our solution), maxAhead = %d";
    static final String ALL = "exercise 1's loop over the iterator: `submit` everything, then deliver in order";
    static final int WORKERS = 4;

    @Override
    public String id() {
        return "backpressure";
    }

    /** What one variant did: the most inputs held, the live heap growth halfway (bytes), the wall time (s). */
    record Held(long maxHeld, long heapGrowth, double seconds, long delivered) {}

    /** One way to map the iterator: calls {@code deliver} with each outcome's index, in input order. */
    @FunctionalInterface
    interface Variant {
        long run(Iterator<Integer> inputs, BlockingCall<Integer, Integer> call, LongConsumer deliver) throws Exception;
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        int n = ctx.sizes().backpressureN();
        int ahead = ctx.sizes().backpressureAhead();
        BlockingCall<Integer, Integer> call = x -> x;
        Variant ours = (inputs, c, deliver) ->
                Taught.backpressure(inputs, c, WORKERS, ahead, outcome -> deliver.accept(outcome.index()));
        Variant all = BackpressureRow::submitEverything;
        ctx.log().accept(String.format("n=%d, w=%d, maxAhead=%d: 2 variants, once each after a warm-up", n, WORKERS, ahead));
        measure(ours, call, Math.min(n, 20_000)); // warm-up
        measure(all, call, Math.min(n, 20_000));
        Held mine = measure(ours, call, n);
        Held theirs = measure(all, call, n);

        Markdown table = new Markdown("variant", "inputs held, at most", "live heap halfway, MB", "time, s");
        table.row(String.format(OURS, ahead), String.format("%,d", mine.maxHeld()), mb(mine.heapGrowth()),
                String.format("%.2f", mine.seconds()));
        table.row(ALL, String.format("%,d", theirs.maxHeld()), mb(theirs.heapGrowth()), String.format("%.2f", theirs.seconds()));
        String details = String.format("n = %,d inputs from a lazy iterator (testkit's `CountingInputs`: nothing stored per"
                + " input), a trivial call `x -> x`, w = %d workers, outcomes delivered in input order to a consumer that only"
                + " counts. *Inputs held* is the most inputs taken but not yet delivered at any `next()`; *live heap halfway*"
                + " is the heap in use after `System.gc()` at the %,d-th delivery, above the same measure before the run"
                + " (so garbage not yet collected does not count). One run each, after a warm-up of 20,000 inputs: these are"
                + " counts and sizes, not timings; the time column is only for orientation.%n%n", n, WORKERS, n / 2)
                + table
                + String.format("%nThe `submit`-everything loop reads the whole iterator before it delivers anything: its"
                        + " futures and the pool's queue hold every input, and its heap grows with n. The window holds"
                        + " at most maxAhead = %d, whatever n is.%n", ahead);
        String verdict = mine.delivered() == n && mine.maxHeld() <= ahead ? "met" : "**missed**";
        return new Figure(id(), "exercise 6: peak inputs held and heap", String.format("%,d inputs, w=%d, maxAhead=%d", n,
                WORKERS, ahead), "held <= " + ahead, String.format("%,d held, %s MB", mine.maxHeld(), mb(mine.heapGrowth())),
                String.format("submit everything: %,d held, %s MB", theirs.maxHeld(), mb(theirs.heapGrowth())), verdict, details);
    }

    private static String mb(long bytes) {
        return String.format("%.1f", Math.max(0, bytes) / 1e6);
    }

    private static Held measure(Variant variant, BlockingCall<Integer, Integer> call, int n) throws Exception {
        CountingInputs inputs = CountingInputs.upTo(n);
        long before = liveHeap();
        AtomicLong halfway = new AtomicLong();
        long start = System.nanoTime();
        long delivered = variant.run(inputs, call, index -> {
            if (index == n / 2) {
                halfway.set(liveHeap());
            }
            inputs.delivered();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Held(inputs.maxHeld(), halfway.get() - before, seconds, delivered);
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Exercise 1's loop, over an iterator: every input submitted as it is read, then each future read in order. */
    static long submitEverything(Iterator<Integer> inputs, BlockingCall<Integer, Integer> call, LongConsumer deliver)
            throws InterruptedException, ExecutionException {
        try (ExecutorService pool = Executors.newFixedThreadPool(WORKERS)) {
            List<Future<Integer>> futures = new ArrayList<>();
            while (inputs.hasNext()) {
                Integer input = inputs.next();
                futures.add(pool.submit(() -> call.call(input)));
            }
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).get();
                deliver.accept(i);
            }
            return futures.size();
        }
    }
}
