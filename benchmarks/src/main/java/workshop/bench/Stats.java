package workshop.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The runs of one measurement, in seconds, and what the report says about them: the median and the
 * spread (min–max, and the quartiles when there are enough runs to make them mean something).
 *
 * @param samples every measured run, in the order they ran
 */
public record Stats(List<Double> samples) {

    public Stats {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one run");
        }
        samples = List.copyOf(samples);
    }

    public static Stats of(double... values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return new Stats(list);
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return s;
    }

    /** The value below which a fraction {@code q} of the runs fall (linear interpolation). */
    public double quantile(double q) {
        List<Double> s = sorted();
        double pos = q * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    public double median() {
        return quantile(0.5);
    }

    public double min() {
        return sorted().getFirst();
    }

    public double max() {
        return sorted().getLast();
    }

    public int runs() {
        return samples.size();
    }

    /** The same runs, each transformed (seconds to a ratio, to microseconds per task, ...). */
    public Stats map(DoubleUnaryOperator f) {
        return new Stats(samples.stream().map(f::applyAsDouble).toList());
    }

    /**
     * "1.012 (1.004–1.031)": the median, then min–max. {@code format} is a {@link String#format}
     * pattern for one number, e.g. {@code "%.3f"}.
     */
    public String format(String format) {
        if (runs() == 1) {
            return String.format(format, median()) + " (1 run)";
        }
        return String.format(format, median()) + " (" + String.format(format, min()) + "–" + String.format(format, max()) + ")";
    }
}
