package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A measured figure in a page's prose (a number with a decimal point followed by {@code s}, {@code ms}
 * or {@code x}, as {@link OutputsTest#FIGURE} defines it) is one its runs printed: it must stand in
 * one of the same page's output blocks or measured tables ({@code <!-- measured: ... -->} to
 * {@code <!-- end measured -->}, {@code <!-- generated ... -->} to {@code <!-- end generated -->}).
 * So when a run is remade and its figures change, the sentence that quoted the old ones fails the
 * build instead of drifting. A figure derived from a run is written as inline arithmetic
 * ({@code `(2.73 s - 1.71 s) / 4 = 0.26 s`}): the sum must come out (to the result's decimals, see
 * {@link Arithmetic}), and each measured figure in it must be one the page's runs printed, so a derived
 * figure fails like a quoted one when its run changes. Other inline code (Java, commands) is left alone,
 * and so are sums of fixed quantities ({@code `ceil(10 / 5) x 500 ms = 1.0 s`}), which are still
 * worked out; a fixed quantity is written without a decimal point ({@code 400 ms}). The benchmark
 * reports, generated whole by their programs, are not prose.
 */
class ProseFiguresTest {

    private static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d+");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    @Test
    @DisplayName("every measured figure in the docs' prose and the README is a figure of that page's own runs")
    void proseFiguresComeFromTheirRuns() {
        List<String> problems = new ArrayList<>();
        for (Path page : LinksTest.linkingPages()) {
            if (!page.getFileName().toString().startsWith("benchmarks")) {
                problems.addAll(problems(page));
            }
        }
        assertThat(problems).as("figures in prose that no run on their page printed").isEmpty();
    }

    /** What is wrong with {@code file}'s prose figures, one line each. */
    static List<String> problems(Path file) {
        Page page = Page.read(file);
        List<String> lines = page.lines();
        boolean[] measured = new boolean[lines.size()];
        Set<String> runFigures = new HashSet<>();
        for (Page.Block block : page.blocks()) {
            for (int i = block.fence(); i <= block.fence() + block.body().size() + 1 && i < lines.size(); i++) {
                measured[i] = true;
            }
            if ("output".equals(block.kind())) {
                block.body().forEach(line -> numbers(line, runFigures));
            }
        }
        boolean inRegion = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("<!-- measured:") || line.startsWith("<!-- generated:")) {
                inRegion = true;
            } else if (line.startsWith("<!-- end measured") || line.startsWith("<!-- end generated")) {
                inRegion = false;
            } else if (inRegion) {
                measured[i] = true;
                numbers(line, runFigures);
            }
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (measured[i]) {
                continue;
            }
            Matcher code = INLINE_CODE.matcher(lines.get(i));
            while (code.find()) {
                String where = DocsTree.show(file) + ":" + (i + 1) + ": " + code.group();
                Arithmetic.parse(code.group().substring(1, code.group().length() - 1)).ifPresent(sum -> {
                    if (!sum.holds()) {
                        problems.add(where + " does not add up: the left side comes to " + sum.leftWritten()
                                + ", not " + sum.result().text());
                    }
                    for (Arithmetic.Operand operand : sum.operands()) {
                        Matcher number = NUMBER.matcher(operand.text());
                        if (OutputsTest.FIGURE.matcher(operand.text()).matches() && number.find()
                                && !runFigures.contains(number.group())) {
                            problems.add(where + " works from \"" + operand.text() + "\", but no output block or measured"
                                    + " table of this page has " + number.group() + ": derive it from a figure the page's"
                                    + " run printed (and redo the sum when the run is remade)");
                        }
                    }
                });
            }
            Matcher figure = OutputsTest.FIGURE.matcher(INLINE_CODE.matcher(lines.get(i)).replaceAll(""));
            while (figure.find()) {
                Matcher number = NUMBER.matcher(figure.group());
                if (number.find() && !runFigures.contains(number.group())) {
                    problems.add(DocsTree.show(file) + ":" + (i + 1) + ": \"" + figure.group() + "\" is in the prose, but no output"
                            + " block or measured table of this page has " + number.group() + ": quote a figure the page's run"
                            + " printed (and change the sentence when the run is remade), or write a fixed quantity without a"
                            + " decimal point (400 ms)");
                }
            }
        }
        return problems;
    }

    private static void numbers(String line, Set<String> into) {
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            into.add(m.group());
        }
    }
}
