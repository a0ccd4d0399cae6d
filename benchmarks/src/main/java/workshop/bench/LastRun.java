package workshop.bench;

import workshop.testkit.SlowCall;

/** Keeps the mock and the clock of a variant's latest run, for its {@link Breakdown}. */
public final class LastRun {

    private SlowCall<?, ?> slow;
    private long startNanos;
    private long endNanos;

    /** Times {@code body} as {@link Trial#time} does, and remembers {@code slow} and the times. */
    public double time(SlowCall<?, ?> slow, Trial.Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        long end = System.nanoTime();
        this.slow = slow;
        this.startNanos = start;
        this.endNanos = end;
        return (end - start) / 1e9;
    }

    /** Where the latest run's time went, with {@code perWorker} calls per worker in the ideal schedule. */
    public Breakdown breakdown(int latencyMs, int perWorker) {
        if (slow == null) {
            throw new IllegalStateException("no run yet");
        }
        return Breakdown.of(slow.finished(), startNanos, endNanos, latencyMs, perWorker);
    }
}
