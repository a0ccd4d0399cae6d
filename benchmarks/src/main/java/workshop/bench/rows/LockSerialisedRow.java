package workshop.bench.rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.bench.work.LockedWork;
import workshop.bench.work.ProcessPool;

/**
 * CPU work serialised by one process-wide lock (our stand-in for Python's GIL): threads give no speedup
 * however many there are; child JVM processes, each with its own lock, give up to the core count, minus
 * what starting a JVM costs. Measured on the harness's own {@link LockedWork.Baseline} and on exercise
 * 4's library and process pool ({@link Taught#lockSerialised()}).
 */
public final class LockSerialisedRow implements Row {

    private static final String BASELINE = "harness";
    private static final String EX4 = "exercise 4";

    @Override
    public String id() {
        return "lock-serialised";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int tasks = ctx.sizes().lockTasks();
        int taskMs = ctx.sizes().lockTaskMs();
        List<Integer> workers = ctx.sizes().lockWorkers();
        Map<String, LockedWork> works = new LinkedHashMap<>();
        works.put(BASELINE, new LockedWork.Baseline());
        Optional<LockedWork> ex4 = Taught.lockSerialised();
        ex4.ifPresent(work -> works.put(EX4, work));

        Map<String, Trial> trials = new LinkedHashMap<>();
        for (Map.Entry<String, LockedWork> e : works.entrySet()) {
            LockedWork work = e.getValue();
            long size = work.calibrate(taskMs);
            for (int w : workers) {
                trials.put(e.getKey() + " threads " + w, () -> Trial.time(() -> work.threads(tasks, size, w)));
                trials.put(e.getKey() + " processes " + w, () -> Trial.time(() -> work.processes(tasks, size, w)));
            }
        }
        trials.put("start-up", () -> Trial.time(() -> ProcessPool.child(0)));
        ctx.log().accept(String.format("%d tasks of about %d ms under one lock, %s workers, %d cores: %d variants x %d runs",
                tasks, taskMs, workers, cores, trials.size(), ctx.measure().runs()));
        // One warm-up at most: the tasks are long, and every child JVM runs cold whatever we do.
        Map<String, Stats> s = ctx.measure().withAtMostWarmups(1).interleaved(trials);
        Stats startup = s.get("start-up");

        StringBuilder details = new StringBuilder(String.format("%d tasks of about %d ms of CPU work each, under one process-wide "
                + "lock; speedup over that code's own threads on %d worker. %d cores. Starting one child JVM that does no work "
                + "(`ChildWorker 0`) takes %s s.%n", tasks, taskMs, workers.getFirst(), cores, startup.format("%.3f")));
        List<String> summary = new ArrayList<>();
        boolean shown = true;
        for (String name : works.keySet()) {
            double sequential = s.get(name + " threads " + workers.getFirst()).median();
            Markdown table = new Markdown("workers", "threads, s", "speedup", "child JVMs, s", "speedup",
                    "ideal for processes with free start-up, s");
            double threadsWorst = Double.MAX_VALUE;
            double threadsBest = 0;
            double processesBest = 0;
            for (int w : workers) {
                Stats threads = s.get(name + " threads " + w);
                Stats processes = s.get(name + " processes " + w);
                String prefix = name.equals(BASELINE) ? "" : "ex4-";
                ctx.csv().add("locked", prefix + "threads", w, threads);
                ctx.csv().add("locked", prefix + "processes", w, processes);
                threadsWorst = Math.min(threadsWorst, sequential / threads.median());
                threadsBest = Math.max(threadsBest, sequential / threads.median());
                processesBest = Math.max(processesBest, sequential / processes.median());
                table.row(w, threads.format("%.3f"), threads.map(v -> sequential / v).format("%.2f"),
                        processes.format("%.3f"), processes.map(v -> sequential / v).format("%.2f"),
                        String.format("%.3f", sequential / Math.min(w, cores)));
            }
            shown &= threadsWorst >= 0.75 && threadsBest <= 1.3 && (cores == 1 || processesBest >= 1.2);
            double childPerTask = s.get(name + " processes " + workers.getFirst()).median() / tasks;
            details.append(name.equals(BASELINE)
                    ? "\n### The harness's own: `CpuWork.spin` under `LockedLibrary`, threads through exercise 1's `OrderedMap.map`, "
                            + "one child JVM per task through `ProcessPool` (`ChildWorker`)\n\n"
                    : "\n### Exercise 4 (our solution): its lock-serialised library on threads, its process pool in child JVMs\n\n");
            details.append(table).append(String.format("%nOn one worker a task costs %.3f s in a child JVM against %.3f s on a "
                    + "thread here: %.3f s of start-up, and %.3f s of running the work cold (interpreted, then compiled, in every "
                    + "child). The lock makes threads take turns: no speedup at any count.%n", childPerTask, sequential / tasks,
                    startup.median(), childPerTask - sequential / tasks - startup.median()));
            summary.add(String.format("%s: threads %.2fx-%.2fx, processes up to %.2fx", name, threadsWorst, threadsBest, processesBest));
        }
        if (ex4.isEmpty()) {
            details.append("\nExercise 4's library and process pool: pending (not on main yet).\n");
        }
        String verdict = (shown ? "shown" : "**not shown** (noisy run? see the section)") + (ex4.isPresent() ? "" : "; exercise 4 pending");
        return new Figure(id(), "lock-serialised work: speedup", String.format("%d tasks x %d ms, %s workers", tasks, taskMs, workers),
                "threads ~1x; processes ~cores x minus start-up", String.join("; ", summary),
                "JVM start-up " + startup.map(v -> v * 1000).format("%.0f") + " ms per child; " + cores + " cores", verdict,
                details.toString());
    }
}
