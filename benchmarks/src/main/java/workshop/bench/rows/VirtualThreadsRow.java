package workshop.bench.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.LastRun;
import workshop.bench.Markdown;
import workshop.bench.MockitoConfig;
import workshop.bench.PlainJdk;
import workshop.bench.Row;
import workshop.bench.Sizes;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.testkit.SlowCall;

/**
 * 10,000 mocked calls of 50 ms, all at once on virtual threads (goal: makespan <= 1.5 L = 75 ms), beside
 * Python with 1000 threads and Java's fixed pool of 1000. Exercise 5's solution is the figure
 * (PENDING until it is on main; {@link Taught#virtualThreads()}); plain-JDK virtual threads and
 * variants without the mock show where the time goes.
 *
 * <p>It ends by installing the empty Mockito configuration ({@link MockitoConfig}) and measuring the
 * mocked variants again, so it must run after every other figure.
 */
public final class VirtualThreadsRow implements Row {

    static final String EX5 = "exercise 5 (our solution), SlowCall, cap = n";
    static final String VT = "plain `newVirtualThreadPerTaskExecutor`, SlowCall";
    static final String VT_CAPPED = "same with a `Semaphore(n)` around each call, SlowCall";
    static final String VT_STUB = "plain virtual threads, stub-only Mockito mock (no recording)";
    static final String VT_SLEEP = "plain virtual threads, plain `Thread.sleep` lambda (no Mockito)";
    static final String POOL = "exercise 1 `OrderedMap.map` on a fixed pool of %d, SlowCall";

    @Override
    public String id() {
        return "virtual-threads";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        Sizes z = ctx.sizes();
        int n = z.vtN();
        int latency = z.vtLatencyMs();
        int poolSize = z.vtPoolWorkers();
        double goalMs = 1.5 * latency;
        List<Integer> inputs = Calls.inputs(n);
        Optional<Taught.CappedBatch> ex5 = Taught.virtualThreads();
        String pool = String.format(POOL, poolSize);

        LastRun vtRun = new LastRun();
        Map<String, Trial> mocked = new LinkedHashMap<>();
        ex5.ifPresent(solution -> mocked.put(EX5, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return Trial.time(() -> solution.run(inputs, slow.mock(), n));
        }));
        mocked.put(VT, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return vtRun.time(slow, () -> PlainJdk.virtualThreads(inputs, slow.mock()));
        });
        mocked.put(VT_CAPPED, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return Trial.time(() -> PlainJdk.virtualThreadsCapped(inputs, slow.mock(), n));
        });
        mocked.put(VT_STUB, () -> {
            var stub = Calls.stubOnly(latency);
            return Trial.time(() -> PlainJdk.virtualThreads(inputs, stub));
        });
        Map<String, Trial> trials = new LinkedHashMap<>(mocked);
        trials.put(VT_SLEEP, () -> Trial.time(() -> PlainJdk.virtualThreads(inputs, Calls.plainSleep(latency))));
        trials.put(pool, () -> {
            SlowCall<Integer, String> slow = Calls.slow(latency);
            return Trial.time(() -> Taught.orderedMap(inputs, slow.mock(), poolSize));
        });
        ctx.log().accept(String.format("n=%d, L=%d ms: %d variants x %d runs", n, latency, trials.size(), ctx.measure().runs()));
        Map<String, Stats> java = ctx.measure().interleaved(trials);
        String vtBreakdown = vtRun.breakdown(latency, 1).describe();
        Stats python = ctx.python().available() ? ctx.python().map(n, latency, poolSize, ctx.measure()) : null;

        // The proposed fix for the mock's cost on fresh threads, measured after everything else (it cannot be undone).
        boolean presentFromStart = MockitoConfig.present();
        boolean configured = !presentFromStart && MockitoConfig.install();
        Map<String, Stats> withConfig = configured ? ctx.measure().interleaved(mocked) : Map.of();

        Markdown table = new Markdown("variant", "makespan, ms", "makespan / L");
        java.forEach((name, s) -> table.row(name, s.map(v -> v * 1000).format("%.1f"), s.map(v -> v * 1000 / latency).format("%.2f")));
        withConfig.forEach((name, s) -> table.row(name + ", **with an empty `MockitoConfiguration`**",
                s.map(v -> v * 1000).format("%.1f"), s.map(v -> v * 1000 / latency).format("%.2f")));
        table.row(String.format("Python `ThreadPoolExecutor(%d).map`", poolSize),
                python == null ? ctx.python().missing() : python.map(v -> v * 1000).format("%.1f"),
                python == null ? "-" : python.map(v -> v * 1000 / latency).format("%.2f"));

        StringBuilder details = new StringBuilder();
        details.append(String.format("n = %d calls of L = %d ms, all in flight at once: ideal = L = %d ms; goal <= %.0f ms. "
                + "Beside: Python and a Java fixed pool, both with %d threads (ideal ceil(n/%d) x L = %.0f ms).%n%n",
                n, latency, latency, goalMs, poolSize, poolSize, Sizes.ideal(n, latency, poolSize) * 1000));
        details.append(table).append('\n');
        details.append("Where the time of the last plain virtual-thread run with SlowCall went: ").append(vtBreakdown)
                .append(". The start-up term is the time until the last call to finish had started: spawning the virtual "
                        + "threads and each call's way into the mock.\n");
        if (presentFromStart) {
            details.append("\n(A `MockitoConfiguration` was already on the classpath for this whole run, so every mocked figure had it.)\n");
        } else if (!configured) {
            details.append("\n(The run with an empty `MockitoConfiguration` was skipped: no Java compiler in this runtime.)\n");
        }

        String oursText;
        String verdict;
        if (ex5.isPresent()) {
            Stats ours = java.get(EX5).map(v -> v * 1000);
            oursText = ours.format("%.1f") + " ms";
            verdict = Figure.atMost(ours.median(), goalMs);
        } else {
            oursText = "pending (exercise 5 not on main); plain-JDK virtual threads: " + java.get(VT).map(v -> v * 1000).format("%.1f") + " ms";
            verdict = "pending (exercise 5)";
        }
        String beside = "Python, " + poolSize + " threads: " + (python == null ? ctx.python().missing() : python.map(v -> v * 1000).format("%.0f") + " ms")
                + "; Java fixed pool of " + poolSize + ": " + java.get(pool).map(v -> v * 1000).format("%.0f") + " ms"
                + "; no mock: " + java.get(VT_SLEEP).map(v -> v * 1000).format("%.1f") + " ms";
        return new Figure(id(), "10,000 calls on virtual threads: makespan", String.format("n=%d, L=%d ms", n, latency),
                String.format("<= %.0f ms", goalMs), oursText, beside, verdict, details.toString());
    }
}
