package workshop.bench.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.common.BlockingCall;
import workshop.testkit.SlowCall;

/**
 * What the pool itself costs per task: 100,000 trivial tasks on 4 workers, through exercise 1's ordered
 * map (goal: at least 20x less per task than Python's {@code pool.map}). The task is a trivial lambda,
 * as Python's is {@code lambda x: x}; the same run with a stub-only Mockito mock and with the tests'
 * SlowCall shows what the mock adds.
 */
public final class DispatchRow implements Row {

    static final String OURS = "exercise 1 `OrderedMap.map`, trivial lambda `x -> x` (our figure)";
    static final String EX2 = "exercise 2 `AsCompleted.collect`, trivial lambda";
    static final String STUB = "exercise 1, stub-only Mockito mock (no recording), no latency";
    static final String SLOW = "exercise 1, SlowCall (records every call), no latency";

    @Override
    public String id() {
        return "dispatch";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        int n = ctx.sizes().dispatchN();
        int w = ctx.sizes().dispatchWorkers();
        List<Integer> inputs = Calls.inputs(n);
        BlockingCall<Integer, Integer> trivial = Calls.trivial();
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put(OURS, () -> Trial.time(() -> Taught.orderedMap(inputs, trivial, w)));
        trials.put(EX2, () -> Trial.time(() -> Taught.asCompleted(inputs, trivial, w)));
        trials.put(STUB, () -> {
            BlockingCall<Integer, String> stub = Calls.stubOnly(0);
            return Trial.time(() -> Taught.orderedMap(inputs, stub, w));
        });
        trials.put(SLOW, () -> {
            SlowCall<Integer, String> slow = Calls.slow(0);
            return Trial.time(() -> Taught.orderedMap(inputs, slow.mock(), w));
        });
        ctx.log().accept(String.format("n=%d, w=%d: %d variants x %d runs", n, w, trials.size(), ctx.measure().runs()));
        Map<String, Stats> java = ctx.measure().interleaved(trials);
        Stats python = ctx.python().available() ? ctx.python().dispatch(n, w, ctx.measure()) : null;

        double toMicros = 1e6 / n;
        Markdown table = new Markdown("variant", "batch, s", "per task, µs", "Python / this (medians)");
        java.forEach((name, s) -> table.row(name, s.format("%.4f"), s.map(v -> v * toMicros).format("%.3f"),
                python == null ? "-" : String.format("%.0fx", python.median() / s.median())));
        table.row("Python `ThreadPoolExecutor(" + w + ").map(lambda x: x, ...)`",
                python == null ? ctx.python().missing() : python.format("%.3f"),
                python == null ? "-" : python.map(v -> v * toMicros).format("%.2f"), python == null ? "-" : "1x");

        Stats ours = java.get(OURS).map(v -> v * toMicros);
        double factor = python == null ? Double.NaN : python.median() / java.get(OURS).median();
        String details = String.format("n = %d trivial tasks on w = %d workers; a run times the whole batch (pool start, "
                + "submit, results in order, close), per task = batch / n.%n%n", n, w)
                + table
                + String.format("%nMockito's share: a stub-only mock adds %.2f µs per task and SlowCall's recording another %.2f µs "
                        + "(medians, over the trivial lambda): with the tests' mock, Mockito's interception and SlowCall's "
                        + "bookkeeping, not the pool, are what a task costs.%n",
                        (java.get(STUB).median() - java.get(OURS).median()) * toMicros,
                        (java.get(SLOW).median() - java.get(STUB).median()) * toMicros);
        String beside = python == null ? ctx.python().missing()
                : "Python " + python.map(v -> v * toMicros).format("%.1f") + " µs per task: " + String.format("%.0fx", factor) + " ours";
        String verdict = python == null ? "no Python" : factor >= 20 ? "met" : "**missed**";
        return new Figure(id(), "dispatch overhead per task", String.format("%,d trivial tasks, w=%d", n, w),
                ">= 20x below Python", ours.format("%.3f") + " µs", beside, verdict, details);
    }
}
