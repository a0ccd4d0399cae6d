package workshop.bench.rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.PlainJdk;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.bench.work.CpuWork;
import workshop.common.BlockingCall;

/**
 * Fixed CPU work split into equal tasks, run on 1, 2, 4, 8 and 64 threads (and the core count, if it
 * is not among them): Java threads do run CPU work in parallel, so it speeds up to the number of cores
 * and stays flat past it. Also one virtual thread per task: no faster, since virtual threads run on
 * as many carriers as there are cores. Beside them, exercise 4's {@code CpuBound.map}
 * ({@link Taught#cpuBound()}), asked for the same counts.
 */
public final class CpuScalingRow implements Row {

    @Override
    public String id() {
        return "cpu-scaling";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int tasks = ctx.sizes().cpuTasks();
        TreeSet<Integer> threadCounts = new TreeSet<>(ctx.sizes().cpuThreads());
        threadCounts.add(cores);
        long units = CpuWork.calibrate(ctx.sizes().cpuTotalMs() / tasks);
        List<Integer> inputs = Calls.inputs(tasks);
        BlockingCall<Integer, Long> work = input -> CpuWork.spin(units);
        Optional<Taught.Batch> ex4 = Taught.cpuBound();

        Map<String, Trial> trials = new LinkedHashMap<>();
        for (int t : threadCounts) {
            trials.put(key(t), () -> Trial.time(() -> Taught.orderedMap(inputs, work, t)));
        }
        trials.put("virtual", () -> Trial.time(() -> PlainJdk.virtualThreads(inputs, work)));
        ex4.ifPresent(solution -> {
            for (int t : threadCounts) {
                trials.put("ex4 " + t, () -> Trial.time(() -> solution.run(tasks, units, t)));
            }
        });
        ctx.log().accept(String.format("%d tasks of %,d units (about %d ms in all on one thread), %d cores: %d variants x %d runs",
                tasks, units, ctx.sizes().cpuTotalMs(), cores, trials.size(), ctx.measure().runs()));
        Map<String, Stats> s = ctx.measure().interleaved(trials);

        double one = s.get(key(threadCounts.first())).median();
        Markdown table = new Markdown("threads", "seconds", "speedup over 1 thread",
                "exercise 4 `CpuBound.map` asked for that many (our solution), seconds", "its speedup");
        List<String> speedups = new ArrayList<>();
        for (int t : threadCounts) {
            Stats seconds = s.get(key(t));
            ctx.csv().add("cpu", "threads", t, seconds);
            speedups.add(String.format("%d: %.2f", t, one / seconds.median()));
            if (ex4.isPresent()) {
                ctx.csv().add("cpu", "ex4", t, s.get("ex4 " + t));
            }
            table.row(t + (t == cores ? " (= cores)" : ""), seconds.format("%.3f"), seconds.map(v -> one / v).format("%.2f"),
                    ex4.isPresent() ? s.get("ex4 " + t).format("%.3f") : "pending",
                    ex4.isPresent() ? s.get("ex4 " + t).map(v -> one / v).format("%.2f") : "-");
        }
        Stats virtual = s.get("virtual");
        ctx.csv().add("cpu", "virtual", tasks, virtual);
        table.row(tasks + " virtual threads", virtual.format("%.3f"), virtual.map(v -> one / v).format("%.2f"), "-", "-");

        double atCores = one / s.get(key(cores)).median();
        double atMost = one / s.get(key(threadCounts.last())).median();
        boolean flat = atMost >= 0.85 * atCores && atMost <= 1.15 * atCores;
        boolean scales = cores == 1 || atCores >= 1 + 0.5 * (Math.min(cores, tasks) - 1);
        String verdict = flat && scales ? "shown" : "**not shown** (noisy run? see the section)";
        String details = String.format("%d equal tasks of CPU work (`CpuWork.spin`, calibrated to about %d ms in all on one "
                + "thread), run through exercise 1's `OrderedMap.map` on a pool of each size; %d cores "
                + "(`availableProcessors`). Speedup = median on 1 thread / each run.%n%n", tasks, ctx.sizes().cpuTotalMs(), cores)
                + table
                + String.format("%nSpeedup at the core count %.2f, at %d threads %.2f: %s.%n", atCores, threadCounts.last(), atMost,
                        flat ? "flat past the core count" : "not flat: the machine was busy, or the work is too small. On a shared "
                                + "machine more threads can even look faster: Linux shares the cores out per thread, so a pool of 64 takes "
                                + "a bigger share from the other programs than a pool of 2; on a quiet machine that advantage is gone")
                + (ex4.isPresent() ? "\nExercise 4's `CpuBound.map` never starts more threads than cores, so asking it for 64 "
                        + "costs nothing; exercise 1's pool starts as many as asked, and they only take turns.\n"
                        : "\nExercise 4's CPU-bound solution: pending (not on main yet).\n");
        return new Figure(id(), "CPU-bound scaling: speedup", String.format("%d tasks, %s threads", tasks, threadCounts),
                "flat past the core count (" + cores + ")", "speedup at " + String.join(", ", speedups),
                "virtual threads: " + String.format("%.2f", one / virtual.median()), verdict + (ex4.isPresent() ? "" : "; exercise 4 pending"),
                details);
    }

    private static String key(int threads) {
        return "threads " + threads;
    }
}
