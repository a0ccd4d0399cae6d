package workshop.testkit;

/**
 * One call of a {@link SlowCall}: its input, the thread it ran on and when.
 *
 * @param input the input it was called with
 * @param thread the thread that ran it
 * @param startNanos {@link System#nanoTime()} when it started
 * @param endNanos {@link System#nanoTime()} when it returned or threw (0 while it runs)
 * @param interrupted whether it was interrupted while it blocked
 * @param thrown what it threw, or {@code null} if it returned a result
 */
public record CallRecord<I>(I input, Thread thread, long startNanos, long endNanos, boolean interrupted, Throwable thrown) {}
