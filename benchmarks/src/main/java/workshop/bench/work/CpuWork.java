package workshop.bench.work;

import java.util.Arrays;

/**
 * Pure CPU work of a fixed size: chains of multiply-add steps the JIT cannot shorten, since each step
 * needs the one before and the result is returned (callers keep it, so nothing is optimised away).
 */
public final class CpuWork {

    private CpuWork() {}

    /**
     * Steps per call of {@link #chain}: short enough that the JIT compiles {@code chain} as a method
     * after a few hundred calls. One long loop would only get on-stack replacement, which ran this
     * work about twice as slowly, and in every cold child JVM for most of a task.
     */
    private static final long CHUNK = 100_000;

    /** {@code units} steps of a 64-bit linear congruential generator, in chunks, folded into one value. */
    public static long spin(long units) {
        long acc = 0;
        for (long done = 0; done < units; done += CHUNK) {
            acc ^= chain(0x9E3779B97F4A7C15L + done, Math.min(CHUNK, units - done));
        }
        return acc;
    }

    /** {@code steps} steps of the generator from {@code seed}: each needs the one before. */
    private static long chain(long seed, long steps) {
        long x = seed;
        long acc = 0;
        for (long i = 0; i < steps; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            acc ^= x >>> 29;
        }
        return acc;
    }

    /**
     * How many units take {@code millis} on this machine, on one thread, once the JIT has compiled
     * {@link #spin} (it warms it up first). The median of five timings, so one interruption does not
     * skew it.
     */
    public static long calibrate(int millis) {
        long probe = 1_000_000;
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += spin(probe); // warm up: get spin compiled before it is timed
        }
        double[] nanosPerUnit = new double[5];
        for (int i = 0; i < nanosPerUnit.length; i++) {
            long start = System.nanoTime();
            sink += spin(probe * 10);
            nanosPerUnit[i] = (System.nanoTime() - start) / (double) (probe * 10);
        }
        Arrays.sort(nanosPerUnit);
        if (sink == 42) {
            System.out.print(""); // keep sink alive
        }
        return Math.max(1, Math.round(millis * 1e6 / nanosPerUnit[2]));
    }
}
