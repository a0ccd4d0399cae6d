package workshop.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text timeline of the calls a {@link SlowCall} recorded: one row per thread, time running left to
 * right, within 80 columns. Calls one after another on different threads draw a staircase, a pool of 5
 * a block five rows deep, and calls that never ended (a leaked pool) run off the right edge ({@code >}).
 * Below it, the makespan beside the ideal one.
 *
 * <pre>
 * t1   [=====][=====]
 * t2          [=====]
 * </pre>
 */
public final class Timeline {

    /** Columns of the whole drawing. */
    public static final int WIDTH = 80;
    /** Rows drawn at most; more threads are counted below them. */
    public static final int MAX_ROWS = 16;
    private static final int LABEL = 6;

    private Timeline() {}

    /**
     * Draws the calls.
     *
     * @param calls the calls, finished ({@code endNanos > 0}) or still running ({@code endNanos == 0})
     * @param nowNanos {@link System#nanoTime()} at the time of drawing: where running calls are cut off
     * @param ideal the makespan of the calls at full overlap, or {@code null} if unknown
     */
    public static String render(List<? extends CallRecord<?>> calls, long nowNanos, Duration ideal) {
        if (calls.isEmpty()) {
            return "(no calls were made)\n";
        }
        long origin = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Map<Thread, List<CallRecord<?>>> byThread = new LinkedHashMap<>();
        List<CallRecord<?>> ordered = new ArrayList<>(calls);
        ordered.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        boolean running = false;
        for (CallRecord<?> call : ordered) {
            origin = Math.min(origin, call.startNanos());
            long stop = call.endNanos() == 0 ? nowNanos : call.endNanos();
            running |= call.endNanos() == 0;
            end = Math.max(end, stop);
            byThread.computeIfAbsent(call.thread(), t -> new ArrayList<>()).add(call);
        }
        int columns = WIDTH - LABEL - 1;
        double span = Math.max(1, end - origin);
        StringBuilder out = new StringBuilder();
        int row = 0;
        for (List<CallRecord<?>> own : byThread.values()) {
            if (row == MAX_ROWS) {
                out.append(String.format("... %d more threads%n", byThread.size() - MAX_ROWS));
                break;
            }
            row++;
            char[] line = new char[columns];
            java.util.Arrays.fill(line, ' ');
            for (CallRecord<?> call : own) {
                int from = (int) Math.min(columns - 1, Math.floor((call.startNanos() - origin) / span * columns));
                boolean open = call.endNanos() == 0;
                long stop = open ? nowNanos : call.endNanos();
                int to = (int) Math.min(columns - 1, Math.max(from, Math.ceil((stop - origin) / span * columns) - 1));
                for (int c = from; c <= to; c++) {
                    line[c] = '=';
                }
                if (open) {
                    line[columns - 1] = '>';
                    line[from] = line[from] == '>' ? '>' : '[';
                } else if (to > from) {
                    line[from] = '[';
                    line[to] = ']';
                } else {
                    line[from] = '#';
                }
            }
            out.append(String.format("%-" + LABEL + "s", "t" + row)).append(' ')
                    .append(new String(line).stripTrailing()).append('\n');
        }
        double makespan = (end - origin) / 1e9;
        out.append(String.format(Locale.ROOT, "%d calls on %d threads: makespan %.2f s%s", calls.size(), byThread.size(),
                makespan, running ? " and counting (> calls that never ended)" : ""));
        if (ideal != null && !ideal.isZero()) {
            double best = ideal.toNanos() / 1e9;
            out.append(String.format(Locale.ROOT, ", ideal %.2f s (%.1fx)", best, makespan / best));
        }
        return out.append('\n').toString();
    }
}
