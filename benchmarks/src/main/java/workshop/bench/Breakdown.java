package workshop.bench;

import java.util.Comparator;
import java.util.List;
import workshop.testkit.CallRecord;

/**
 * Where one run's makespan went, read from the mock's own records of when each call started and
 * ended. It follows the thread that ran the last call to finish (the critical path) from the moment
 * the batch was handed in until the result came back:
 *
 * <pre>
 * makespan = ideal + imbalance + start-up + overshoot + hand-offs + tail      (exactly)
 * </pre>
 *
 * <ul>
 *   <li><b>ideal</b>: ceil(n/w) calls of latency L;
 *   <li><b>imbalance</b>: L for every call that thread ran beyond ceil(n/w) (queueing: it took more
 *       than its share);
 *   <li><b>start-up</b>: from the call into the solution until that thread's first call started
 *       (pool and thread creation, submission of the tasks ahead of it);
 *   <li><b>overshoot</b>: its calls' time beyond L (the sleep waking late, the mock's own bookkeeping);
 *   <li><b>hand-offs</b>: the gaps between its calls (taking the next task from the queue, Mockito's
 *       interception before and after the mocked answer, completing the future);
 *   <li><b>tail</b>: from its last call's end until the solution returned (collecting results, closing
 *       the pool and waiting for its threads to end).
 * </ul>
 *
 * @param makespanMs the run's makespan
 * @param idealMs ceil(n/w) x L
 * @param imbalanceMs extra calls on the critical thread, times L
 * @param startupMs until the critical thread's first call started
 * @param overshootMs its calls' time beyond L, summed
 * @param handoffMs the gaps between its calls, summed
 * @param tailMs after its last call
 * @param lastStartMs when the last of all calls started (all calls in flight by then, for one call per thread)
 * @param criticalCalls how many calls the critical thread ran
 */
public record Breakdown(double makespanMs, double idealMs, double imbalanceMs, double startupMs, double overshootMs,
        double handoffMs, double tailMs, double lastStartMs, int criticalCalls) {

    static Breakdown of(List<? extends CallRecord<?>> calls, long startNanos, long endNanos, int latencyMs, int perWorker) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no calls were recorded");
        }
        CallRecord<?> last = calls.stream().max(Comparator.comparingLong(CallRecord::endNanos)).orElseThrow();
        List<? extends CallRecord<?>> critical = calls.stream()
                .filter(c -> c.thread() == last.thread())
                .sorted(Comparator.comparingLong(CallRecord::startNanos))
                .toList();
        double l = latencyMs;
        double running = 0;
        double gaps = 0;
        for (int i = 0; i < critical.size(); i++) {
            running += ms(critical.get(i).endNanos() - critical.get(i).startNanos());
            if (i > 0) {
                gaps += ms(critical.get(i).startNanos() - critical.get(i - 1).endNanos());
            }
        }
        int k = critical.size();
        long lastStart = calls.stream().mapToLong(CallRecord::startNanos).max().orElseThrow();
        return new Breakdown(
                ms(endNanos - startNanos),
                perWorker * l,
                (k - perWorker) * l,
                ms(critical.getFirst().startNanos() - startNanos),
                running - k * l,
                gaps,
                ms(endNanos - critical.getLast().endNanos()),
                ms(lastStart - startNanos),
                k);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** "523.1 ms = 500.0 ideal + 4.1 start-up + ...", in the order of the class comment. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format("%.1f ms = %.1f ideal", makespanMs, idealMs));
        if (imbalanceMs != 0) {
            s.append(String.format(" + %.1f imbalance (%d calls on the critical thread)", imbalanceMs, criticalCalls));
        }
        s.append(String.format(" + %.1f start-up + %.1f overshoot (%d call%s) + %.1f hand-offs + %.1f tail",
                startupMs, overshootMs, criticalCalls, criticalCalls == 1 ? "" : "s", handoffMs, tailMs));
        return s.toString();
    }
}
