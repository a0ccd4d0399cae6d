package workshop.ex4_cpubound;

import java.security.MessageDigest;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stand-in for a library that is not thread-safe, so every call takes one process-wide lock.
 *
 * <p>Many real libraries are like this: a native codec or solver with global state, a legacy
 * parser that keeps static buffers, a scripting engine with one interpreter. Wrapped for use from
 * many threads, they end up behind a single lock, and then the work runs one call at a time in the
 * whole JVM, however many threads call it. That is Java's counterpart of CPython's GIL: threads
 * give such work no speedup at all. Separate JVM processes do, because each has its own copy of
 * the library and of the lock.
 *
 * <p>Here the unsafe global state is one shared {@link MessageDigest} (a {@code MessageDigest} must
 * never be used by two threads at once), and the work is {@link CpuWork#hash(String, int)}'s.
 * {@link SerialWorker} runs it in a child JVM.
 */
public final class SerialLibrary {

    /** The process-wide lock: at most one call runs the library at any moment in this JVM. */
    private static final ReentrantLock LOCK = new ReentrantLock();

    /** The library's global state, which is why it needs {@link #LOCK}. */
    private static final MessageDigest SHARED_SHA256 = CpuWork.newSha256();

    private SerialLibrary() {}

    /**
     * Computes {@link CpuWork#hash(String, int) CpuWork.hash(input, rounds)} while holding the
     * library's process-wide lock. Safe to call from any thread; calls from several threads take
     * turns.
     *
     * @param input any text
     * @param rounds how many times to hash, at least 1
     * @return the same 64 hex digits as {@code CpuWork.hash(input, rounds)}
     * @throws IllegalArgumentException if {@code rounds} is less than 1
     */
    public static String digest(String input, int rounds) {
        LOCK.lock();
        try {
            return CpuWork.hash(SHARED_SHA256, input, rounds);
        } finally {
            LOCK.unlock();
        }
    }

    /** {@link #digest(String, int)} with {@link CpuWork#DEFAULT_ROUNDS}. */
    public static String digest(String input) {
        return digest(input, CpuWork.DEFAULT_ROUNDS);
    }
}
