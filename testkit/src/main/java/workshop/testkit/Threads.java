package workshop.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks on the threads an implementation used: were they shut down? */
public final class Threads {

    /** How long a pool's threads may take to exit after the call that used them returned. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    private Threads() {}

    /**
     * Waits up to {@code grace} for every thread in {@code threads} (except the caller's own) to
     * terminate, and returns those still alive. An empty list means the pool was shut down.
     *
     * <p>A pool that was closed or shut down lets its threads exit within milliseconds of its last
     * task; one that was never shut down keeps them waiting for work, for 60 s
     * ({@code newCachedThreadPool}) or forever ({@code newFixedThreadPool}).
     */
    public static List<Thread> stillAliveAfter(Collection<Thread> threads, Duration grace) throws InterruptedException {
        Thread caller = Thread.currentThread();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            if (t == caller) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return threads.stream().filter(t -> t != caller && t.isAlive()).toList();
    }

    /** The names of {@code threads}, for a failure message. */
    public static List<String> names(Collection<Thread> threads) {
        return threads.stream().map(t -> t.isVirtual() ? "virtual thread #" + t.threadId() : t.getName()).toList();
    }
}
