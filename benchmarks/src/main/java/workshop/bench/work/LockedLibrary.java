package workshop.bench.work;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A library that is not thread-safe, so every call takes one process-wide lock: our stand-in for
 * Python's GIL. Threads in one JVM queue for the lock and run one at a time; separate JVM processes
 * each have their own lock and run in parallel.
 */
public final class LockedLibrary {

    /** One lock for the whole process, like the GIL. (A ReentrantLock, so virtual threads are not pinned.) */
    private static final ReentrantLock GLOBAL = new ReentrantLock();

    private LockedLibrary() {}

    /** {@link CpuWork#spin} under the process-wide lock. */
    public static long compute(long units) {
        GLOBAL.lock();
        try {
            return CpuWork.spin(units);
        } finally {
            GLOBAL.unlock();
        }
    }
}
