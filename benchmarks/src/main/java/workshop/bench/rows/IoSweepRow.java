package workshop.bench.rows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Sizes;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.bench.work.CappedService;

/**
 * I/O-bound calls to a service with a connection cap, on pools of growing size: the makespan falls as
 * ceil(n/w) x L until w reaches the cap, then stays flat. The data for the tutorial's plot and for
 * exercise 3's tuner (docs/data/scaling.csv, workload {@code io}).
 */
public final class IoSweepRow implements Row {

    @Override
    public String id() {
        return "io-sweep";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        Sizes z = ctx.sizes();
        int n = z.ioN();
        int latency = z.ioLatencyMs();
        int cap = z.ioCap();
        List<Integer> inputs = Calls.inputs(n);
        Map<String, Trial> trials = new LinkedHashMap<>();
        for (int w : z.ioWorkers()) {
            trials.put("" + w, () -> {
                CappedService<Integer, String> service = new CappedService<>(Calls.slow(latency).mock(), cap);
                return Trial.time(() -> Taught.orderedMap(inputs, service, w));
            });
        }
        ctx.log().accept(String.format("n=%d, L=%d ms, cap=%d, workers %s: %d runs", n, latency, cap, z.ioWorkers(), ctx.measure().runs()));
        Map<String, Stats> s = ctx.measure().interleaved(trials);

        Markdown table = new Markdown("workers", "makespan, s", "ideal ceil(n / min(w, cap)) x L, s", "makespan / ideal");
        double worst = 0;
        for (int w : z.ioWorkers()) {
            Stats seconds = s.get("" + w);
            ctx.csv().add("io", "threads", w, seconds);
            double ideal = Sizes.ideal(n, latency, Math.min(w, cap));
            worst = Math.max(worst, seconds.median() / ideal);
            table.row(w + (w == cap ? " (= cap)" : ""), seconds.format("%.4f"), String.format("%.3f", ideal),
                    seconds.map(v -> v / ideal).format("%.3f"));
        }
        double tolerance = 0.05;
        int chosen = Taught.tunedWorkers(z.ioWorkers(), n, tolerance,
                w -> Duration.ofNanos(Math.max(1, Math.round(s.get("" + w).median() * 1e9))));
        String details = String.format("n = %d calls of L = %d ms (SlowCall) to a service that serves at most %d at once "
                + "(`CappedService`: a fair Semaphore; calls past the cap wait for a connection), through exercise 1's "
                + "`OrderedMap.map` on pools of each size.%n%n", n, latency, cap) + table
                + String.format("%nExercise 3's tuner (our solution), given these medians and a tolerance of %.0f%%, chooses "
                        + "**%d workers** (the cap is %d): the smallest count within %.0f%% of the best throughput.%n",
                        100 * tolerance, chosen, cap, 100 * tolerance);
        return new Figure(id(), "I/O-bound with a connection cap: makespan / ideal (CSV for the plot and the tuner)",
                String.format("n=%d, L=%d ms, cap=%d, w in %s", n, latency, cap, z.ioWorkers()),
                "flat past the cap", String.format("worst %.3f", worst), "exercise 3's tuner chooses " + chosen + " (cap " + cap + ")",
                worst <= 1.25 ? "shown" : "**not shown**", details);
    }
}
