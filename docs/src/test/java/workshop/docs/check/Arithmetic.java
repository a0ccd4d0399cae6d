package workshop.docs.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arithmetic a page writes in inline code, such as {@code `ceil(10 / 5) x 500 ms = 1.0 s`} or
 * {@code `(2.73 s - 1.71 s) / 4 = 0.26 s`}: numbers (a time in {@code s} or {@code ms}, a ratio such
 * as {@code 1.6x}, or a plain number), {@code + - x * /}, parentheses and {@code ceil}, {@code floor},
 * {@code min}, {@code max}, then {@code =} and the result. Times are compared in seconds; the result
 * must equal the left side rounded to as many decimals as the result is written with. Anything else
 * in inline code (Java, a command) is not arithmetic and {@link #parse} leaves it alone.
 */
final class Arithmetic {

    /** One number of an equation as written ("2.73 s"), and its value (seconds, for a time). */
    record Operand(String text, double value) {}

    /** A parsed equation: its operands in order, the left side's value, and the result as written. */
    record Equation(String text, List<Operand> operands, double left, Operand result, int resultDecimals) {

        /** Whether the result is the left side, rounded as the result is written. */
        boolean holds() {
            double unit = result.text().endsWith("ms") ? 1e-3 : 1;
            double tolerance = 0.5 * Math.pow(10, -resultDecimals) * unit + 1e-9;
            return Math.abs(left - result.value()) <= tolerance;
        }

        /** What the left side really comes to, written like the result. */
        String leftWritten() {
            String unit = result.text().replaceAll("^[\\d.]+", "");
            double shown = unit.strip().equals("ms") ? left * 1000 : left;
            return String.format(Locale.ROOT, "%." + resultDecimals + "f", shown) + unit;
        }
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(\\d+(?:\\.\\d+)?)(x(?![\\w.])| ms(?![\\w.])| s(?![\\w.]))?|(ceil|floor|min|max)|([-+*/x×(),=]))");

    private final List<String> tokens = new ArrayList<>();
    private final List<Operand> operands = new ArrayList<>();
    private int at;

    private Arithmetic() {}

    /** The equation {@code code} (the text between a pair of backticks) is, if it is one. */
    static Optional<Equation> parse(String code) {
        String text = code.strip();
        if (!text.contains("=") || text.indexOf('=') != text.lastIndexOf('=')) {
            return Optional.empty();
        }
        Arithmetic a = new Arithmetic();
        if (!a.tokenize(text)) {
            return Optional.empty();
        }
        try {
            double left = a.sum();
            if (!a.take("=")) {
                return Optional.empty();
            }
            int before = a.operands.size();
            a.number();
            if (a.at != a.tokens.size() || a.operands.size() != before + 1) {
                return Optional.empty();
            }
            Operand result = a.operands.removeLast();
            String digits = result.text().replaceAll("[^\\d.]", "");
            int decimals = digits.contains(".") ? digits.length() - digits.indexOf('.') - 1 : 0;
            return Optional.of(new Equation(text, List.copyOf(a.operands), left, result, decimals));
        } catch (IllegalStateException notArithmetic) {
            return Optional.empty();
        }
    }

    /** Numbers carry their unit in the token: "2.73 s", "500 ms", "1.6x", "4". */
    private boolean tokenize(String text) {
        Matcher m = TOKEN.matcher(text);
        int end = 0;
        while (end < text.length()) {
            if (!m.find(end) || m.start() != end) {
                return text.substring(end).isBlank();
            }
            tokens.add(m.group(1) != null ? "#" + m.group(1) + (m.group(2) == null ? "" : m.group(2))
                    : m.group(3) != null ? m.group(3) : m.group(4));
            end = m.end();
        }
        return true;
    }

    private boolean take(String token) {
        if (at < tokens.size() && tokens.get(at).equals(token)) {
            at++;
            return true;
        }
        return false;
    }

    private double sum() {
        double value = product();
        while (true) {
            if (take("+")) {
                value += product();
            } else if (take("-")) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = factor();
        while (true) {
            if (take("x") || take("*") || take("×")) {
                value *= factor();
            } else if (take("/")) {
                value /= factor();
            } else {
                return value;
            }
        }
    }

    private double factor() {
        if (take("(")) {
            double value = sum();
            expect(")");
            return value;
        }
        for (String function : List.of("ceil", "floor", "min", "max")) {
            if (take(function)) {
                expect("(");
                double value = sum();
                while (take(",")) {
                    double next = sum();
                    value = function.equals("min") ? Math.min(value, next) : Math.max(value, next);
                }
                expect(")");
                return switch (function) {
                    case "ceil" -> Math.ceil(value - 1e-9);
                    case "floor" -> Math.floor(value + 1e-9);
                    default -> value;
                };
            }
        }
        return number();
    }

    private double number() {
        if (at >= tokens.size() || !tokens.get(at).startsWith("#")) {
            throw new IllegalStateException("not arithmetic");
        }
        String token = tokens.get(at++).substring(1);
        String digits = token.replaceAll("[^\\d.]", "");
        double value = Double.parseDouble(digits) * (token.endsWith(" ms") ? 1e-3 : 1);
        operands.add(new Operand(token, value));
        return value;
    }

    private void expect(String token) {
        if (!take(token)) {
            throw new IllegalStateException("not arithmetic");
        }
    }
}
