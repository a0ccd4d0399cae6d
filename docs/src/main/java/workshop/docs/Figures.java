package workshop.docs;

import java.time.Duration;
import java.util.Locale;

/**
 * How the pages' programs print what they measure. The docs check compares a program's output with
 * the page line by line, but treats every figure printed by these methods (a number with a decimal
 * point followed by {@code s}, {@code ms} or {@code x}) as a measurement that may differ from run to
 * run. Fixed quantities ({@code 500 ms} of latency) are printed without a decimal point, and compared.
 */
public final class Figures {

    private Figures() {}

    /** The time since {@code startNanos} (a {@link System#nanoTime()} reading). */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** {@code 1.01 s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /** {@code 50.1 ms}, or {@code 0.04 ms} below one millisecond. */
    public static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return String.format(Locale.ROOT, ms < 1 ? "%.2f ms" : "%.1f ms", ms);
    }

    /** {@code 4.9x}: how many times {@code slow} is {@code fast}. */
    public static String ratio(Duration slow, Duration fast) {
        return String.format(Locale.ROOT, "%.1fx", (double) slow.toNanos() / Math.max(1, fast.toNanos()));
    }
}
