package workshop.bench.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.LastRun;
import workshop.bench.Markdown;
import workshop.bench.PlainJdk;
import workshop.bench.Row;
import workshop.bench.Sizes;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.testkit.SlowCall;

/**
 * Makespan / ideal of n mocked calls of latency L on w workers: exercise 1's ordered map (our figure),
 * exercise 2's as-completed, and the seed's Python {@code pool.map} beside them. The ordered-map figure
 * also runs the plain JDK pool the issue compares against, and two variants that take one cost out
 * each (thread start-up, the mock) to show where the time goes.
 */
public final class MakespanRow implements Row {

    static final String OURS = "exercise 1 `OrderedMap.map` (our solution), SlowCall";
    static final String EX2 = "exercise 2 `AsCompleted.collect` (our solution), SlowCall";
    static final String PLAIN = "plain cold `newFixedThreadPool(w)`: submit all, get in order, close; SlowCall";
    static final String PRESTARTED = "same, threads started before the clock (`prestartAllCoreThreads`)";
    static final String NO_MOCK = "exercise 1 with a plain `Thread.sleep` lambda (no Mockito)";

    private final String id;
    private final String title;
    private final boolean diagnostics;
    private final double goal;

    private MakespanRow(String id, String title, boolean diagnostics, double goal) {
        this.id = id;
        this.title = title;
        this.diagnostics = diagnostics;
        this.goal = goal;
    }

    /** The first row: n=1000, L=50 ms, w=100; goal <= 1.05. */
    public static MakespanRow orderedMap() {
        return new MakespanRow("ordered-map", "ordered map makespan / ideal", true, 1.05);
    }

    /** The seed's headline: 10 downloads of 0.5 s on 5 workers, about 1 s; goal <= 1.02. */
    public static MakespanRow headline() {
        return new MakespanRow("headline", "the seed's headline: makespan / ideal", false, 1.02);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        Sizes z = ctx.sizes();
        int n = diagnostics ? z.mapN() : z.headN();
        int latency = diagnostics ? z.mapLatencyMs() : z.headLatencyMs();
        int w = diagnostics ? z.mapWorkers() : z.headWorkers();
        double ideal = Sizes.ideal(n, latency, w);
        List<Integer> inputs = Calls.inputs(n);

        LastRun ours = new LastRun();
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put(OURS, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return ours.time(slow, () -> Taught.orderedMap(inputs, slow.mock(), w));
        });
        trials.put(EX2, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return Trial.time(() -> Taught.asCompleted(inputs, slow.mock(), w));
        });
        LastRun prestarted = new LastRun();
        if (diagnostics) {
            trials.put(PLAIN, () -> {
                SlowCall<Integer, String> slow = Calls.slow(latency);
                return Trial.time(() -> PlainJdk.fixedPool(inputs, slow.mock(), w));
            });
            trials.put(PRESTARTED, () -> {
                SlowCall<Integer, String> slow = Calls.slow(latency);
                ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(w);
                pool.prestartAllCoreThreads();
                return prestarted.time(slow, () -> {
                    try (pool) {
                        PlainJdk.submitAllThenGet(pool, inputs, slow.mock());
                    }
                });
            });
            trials.put(NO_MOCK, () -> Trial.time(() -> Taught.orderedMap(inputs, Calls.plainSleep(latency), w)));
        }
        ctx.log().accept(String.format("n=%d, L=%d ms, w=%d: %d variants x %d runs", n, latency, w, trials.size(), ctx.measure().runs()));
        Map<String, Stats> java = ctx.measure().interleaved(trials);
        String pythonLabel = "Python `ThreadPoolExecutor(" + w + ").map`" + (diagnostics ? "" : " (the seed's code)");
        Stats python = ctx.python().available() ? ctx.python().map(n, latency, w, ctx.measure()) : null;

        Markdown table = new Markdown("variant", "makespan, s", "makespan / ideal");
        java.forEach((name, s) -> table.row(name, s.format("%.4f"), s.map(v -> v / ideal).format("%.3f")));
        table.row(pythonLabel, python == null ? ctx.python().missing() : python.format("%.4f"),
                python == null ? "-" : python.map(v -> v / ideal).format("%.3f"));

        Stats ratio = java.get(OURS).map(v -> v / ideal);
        String pythonRatio = python == null ? ctx.python().missing() : python.map(v -> v / ideal).format("%.3f");
        String beside = "Python map " + pythonRatio
                + (diagnostics ? "; plain cold pool " + java.get(PLAIN).map(v -> v / ideal).format("%.3f") : "")
                + "; exercise 2 " + java.get(EX2).map(v -> v / ideal).format("%.3f");

        StringBuilder details = new StringBuilder();
        details.append(String.format("n = %d calls of L = %d ms on w = %d workers; ideal = ceil(n/w) x L = %.3f s. "
                + "Each run times the whole call from the caller's side: pool start, every call, results, pool close.%n%n",
                n, latency, w, ideal));
        details.append(table).append('\n');
        int perWorker = Math.ceilDiv(n, w);
        details.append("Where the time of the last run of our solution went (critical path, see `Breakdown`): ")
                .append(ours.breakdown(latency, perWorker).describe()).append(".\n");
        if (diagnostics) {
            details.append("\nThe same with the pool's threads started before the clock: ")
                    .append(prestarted.breakdown(latency, perWorker).describe()).append(".\n");
            double startup = java.get(PLAIN).median() - java.get(PRESTARTED).median();
            double mock = java.get(OURS).median() - java.get(NO_MOCK).median();
            details.append(String.format("%nMedians: starting the %d threads costs %.1f ms (plain cold pool minus prestarted); "
                    + "the mock costs %.1f ms over a plain sleep (ours with SlowCall minus ours with a lambda).%n",
                    w, startup * 1000, mock * 1000));
        }
        return new Figure(id, title, String.format("n=%d, L=%d ms, w=%d", n, latency, w),
                String.format("<= %.2f", goal), ratio.format("%.3f"), beside, Figure.atMost(ratio.median(), goal),
                details.toString());
    }
}
