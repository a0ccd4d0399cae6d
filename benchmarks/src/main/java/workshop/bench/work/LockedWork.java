package workshop.bench.work;

/**
 * CPU work behind one process-wide lock, run on threads of this JVM or in child JVMs: what the
 * lock-serialised figure measures. {@link Baseline} is the harness's own (a spin loop under
 * {@link LockedLibrary}, a plain {@link ProcessPool}); exercise 4's solution plugs in as another
 * (see {@code Taught.lockSerialised()}).
 */
public interface LockedWork {

    /** The work size of one task that takes about {@code millis} on one warm thread of this JVM. */
    long calibrate(int millis);

    /** Runs {@code tasks} tasks of {@code size} on {@code workers} threads of this JVM; returns when all are done. */
    void threads(int tasks, long size, int workers) throws Exception;

    /** Runs {@code tasks} tasks of {@code size} in child JVMs, {@code workers} at once; returns when all are done. */
    void processes(int tasks, long size, int workers) throws Exception;

    /** The harness's own: {@link CpuWork#spin} under {@link LockedLibrary}, threads through exercise 1's ordered map. */
    final class Baseline implements LockedWork {

        @Override
        public long calibrate(int millis) {
            return CpuWork.calibrate(millis);
        }

        @Override
        public void threads(int tasks, long size, int workers) throws Exception {
            workshop.bench.Taught.orderedMap(workshop.bench.Calls.inputs(tasks), input -> LockedLibrary.compute(size), workers);
        }

        @Override
        public void processes(int tasks, long size, int workers) throws Exception {
            ProcessPool.run(tasks, size, workers);
        }
    }
}
