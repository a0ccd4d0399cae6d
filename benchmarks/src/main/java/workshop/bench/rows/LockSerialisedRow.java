package workshop.bench.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.bench.work.CpuWork;
import workshop.bench.work.LockedLibrary;
import workshop.bench.work.ProcessPool;
import workshop.common.BlockingCall;

/**
 * CPU work serialised by one process-wide lock ({@link LockedLibrary}, our stand-in for Python's GIL):
 * threads give no speedup however many there are; child JVM processes, each with its own lock, give
 * up to the core count, minus what starting a JVM costs. Threads run through exercise 1's ordered map;
 * processes through a plain process pool ({@link ProcessPool}, one child JVM per task). Exercise 4's
 * process pool is PENDING ({@link Taught#lockSerialisedProcesses()}).
 */
public final class LockSerialisedRow implements Row {

    @Override
    public String id() {
        return "lock-serialised";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int tasks = ctx.sizes().lockTasks();
        List<Integer> workers = ctx.sizes().lockWorkers();
        long units = CpuWork.calibrate(ctx.sizes().lockTaskMs());
        List<Integer> inputs = Calls.inputs(tasks);
        BlockingCall<Integer, Long> locked = input -> LockedLibrary.compute(units);
        Optional<Taught.Batch> ex4 = Taught.lockSerialisedProcesses();

        Map<String, Trial> trials = new LinkedHashMap<>();
        for (int w : workers) {
            trials.put("threads " + w, () -> Trial.time(() -> Taught.orderedMap(inputs, locked, w)));
        }
        for (int w : workers) {
            trials.put("processes " + w, () -> Trial.time(() -> ProcessPool.run(tasks, units, w)));
        }
        ex4.ifPresent(solution -> workers.forEach(w -> trials.put("ex4 " + w, () -> Trial.time(() -> solution.run(tasks, units, w)))));
        trials.put("start-up", () -> Trial.time(() -> ProcessPool.child(0)));
        ctx.log().accept(String.format("%d tasks of about %d ms under one lock, %s workers, %d cores: %d variants x %d runs",
                tasks, ctx.sizes().lockTaskMs(), workers, cores, trials.size(), ctx.measure().runs()));
        Map<String, Stats> s = ctx.measure().interleaved(trials);

        double sequential = s.get("threads " + workers.getFirst()).median();
        Stats startup = s.get("start-up");
        Markdown table = new Markdown("workers", "threads, s", "speedup", "child JVMs, s", "speedup",
                "exercise 4 (our solution), s", "ideal for processes with free start-up, s");
        double threadsWorst = 1;
        double threadsBest = 1;
        double processesBest = 0;
        for (int w : workers) {
            Stats threads = s.get("threads " + w);
            Stats processes = s.get("processes " + w);
            ctx.csv().add("locked", "threads", w, threads);
            ctx.csv().add("locked", "processes", w, processes);
            threadsWorst = Math.min(threadsWorst, sequential / threads.median());
            threadsBest = Math.max(threadsBest, sequential / threads.median());
            processesBest = Math.max(processesBest, sequential / processes.median());
            table.row(w, threads.format("%.3f"), threads.map(v -> sequential / v).format("%.2f"),
                    processes.format("%.3f"), processes.map(v -> sequential / v).format("%.2f"),
                    ex4.isPresent() ? s.get("ex4 " + w).format("%.3f") : "pending",
                    String.format("%.3f", sequential / Math.min(w, cores)));
        }
        boolean threadsFlat = threadsWorst >= 0.75 && threadsBest <= 1.3;
        boolean processesScale = cores == 1 || processesBest >= 1.2;
        String verdict = (threadsFlat && processesScale ? "shown" : "**not shown** (noisy run? see the section)")
                + (ex4.isPresent() ? "" : "; exercise 4 pending");
        String details = String.format("%d tasks, each about %d ms of `CpuWork.spin` under `LockedLibrary`'s one global lock; "
                + "threads through exercise 1's `OrderedMap.map`, processes through `ProcessPool` (one child JVM per task, "
                + "`ChildWorker`); speedup over threads on %d worker. %d cores.%n%n", tasks, ctx.sizes().lockTaskMs(),
                workers.getFirst(), cores)
                + table
                + String.format("%nStarting one child JVM that does no work takes %s s: every task pays it, so processes land below "
                        + "the core count. On one worker a task costs %.3f s in a child JVM against %.3f s on a thread here: "
                        + "%.3f s of start-up and %.3f s of running the work cold (interpreted, then compiled, in every child). "
                        + "The lock makes threads take turns: no speedup at any count.%n", startup.format("%.3f"),
                        s.get("processes " + workers.getFirst()).median() / tasks, sequential / tasks, startup.median(),
                        s.get("processes " + workers.getFirst()).median() / tasks - sequential / tasks - startup.median())
                + (ex4.isPresent() ? "" : "\nExercise 4's process pool and lock-serialised library: pending (not on main yet).\n");
        String ours = String.format("threads %.2fx-%.2fx; processes up to %.2fx", threadsWorst, threadsBest, processesBest);
        return new Figure(id(), "lock-serialised work: speedup", String.format("%d tasks x %d ms, %s workers", tasks,
                ctx.sizes().lockTaskMs(), workers), "threads ~1x; processes ~cores x minus start-up", ours,
                "JVM start-up " + startup.map(v -> v * 1000).format("%.0f") + " ms per child; " + cores + " cores", verdict, details);
    }
}
