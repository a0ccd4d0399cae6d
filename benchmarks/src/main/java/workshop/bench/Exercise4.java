package workshop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import workshop.bench.work.LockedWork;
import workshop.bench.work.ProcessPool;
import workshop.ex4_cpubound.ChildOutcome;
import workshop.ex4_cpubound.ChildProgram;
import workshop.ex4_cpubound.CpuWork;
import workshop.ex4_cpubound.SerialLibrary;
import workshop.ex4_cpubound.SerialWorker;

/**
 * Exercise 4's lock-serialised figure, as taught: its {@link SerialLibrary} (SHA-256 rounds under one
 * process-wide lock) on threads through exercise 1's ordered map, and its process pool running
 * {@link SerialWorker} in child JVMs. The work size is the number of hashing rounds.
 */
final class Exercise4 implements LockedWork {

    /** Long enough for any child of the figure; a child that runs over fails the run. */
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public long calibrate(int millis) {
        int probe = CpuWork.DEFAULT_ROUNDS;
        for (int i = 0; i < 50; i++) {
            SerialLibrary.digest("warm-up", probe); // get the hashing compiled before it is timed
        }
        double[] nanos = new double[5];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            SerialLibrary.digest("calibrate", probe * 10);
            nanos[i] = (System.nanoTime() - start) / (probe * 10.0);
        }
        Arrays.sort(nanos);
        return Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(millis * 1e6 / nanos[2])));
    }

    @Override
    public void threads(int tasks, long rounds, int workers) throws Exception {
        Taught.orderedMap(inputs(tasks), input -> SerialLibrary.digest(input, (int) rounds), workers);
    }

    @Override
    public void processes(int tasks, long rounds, int workers) throws Exception {
        // Not ChildProgram.QUICK_START: its C1-only compiler suits short children, these compute for a while.
        ChildProgram program = new ChildProgram(SerialWorker.class.getName(), ProcessPool.classesOf(SerialWorker.class).toString(),
                List.of("-XX:+UseSerialGC", "-Xshare:auto", "-D" + SerialWorker.ROUNDS_PROPERTY + "=" + rounds));
        for (ChildOutcome outcome : workshop.ex4_cpubound.ProcessPool.map(program, inputs(tasks), workers, CHILD_TIMEOUT)) {
            if (outcome instanceof ChildOutcome.Failed failed) {
                throw new IllegalStateException("a child of exercise 4's process pool failed", failed.error());
            }
        }
    }

    private static List<String> inputs(int tasks) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            inputs.add("input-" + i);
        }
        return inputs;
    }
}
