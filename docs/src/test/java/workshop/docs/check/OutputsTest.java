package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The output a page shows is what its program prints. A block after {@code <!-- output: Headline -->}
 * must equal what {@code workshop.docs.Headline} prints, line for line, except the measured figures
 * (a number with a decimal point followed by {@code s}, {@code ms} or {@code x}: wall times, CPU
 * times, ratios, as {@code workshop.docs.Figures} prints them), which differ from run to run and are
 * compared only in where they stand. With {@code -Ddocs.update=true}
 * the blocks are rewritten from fresh runs, measured figures included (the least disturbed of three
 * runs): that is how the figures on the pages are made.
 */
class OutputsTest {

    /** A measured figure: "1.01 s", "50.1 ms", "0.04 ms", "4.9x". "500 ms", without a decimal point, is not one. */
    static final Pattern FIGURE = Pattern.compile("\\d+\\.\\d+(?: s| ms|x)(?![\\w.])");

    static String masked(String text) {
        return FIGURE.matcher(text).replaceAll("<figure>");
    }

    private static final java.util.Set<String> JDK25 = Jdk25Programs.names();

    @Test
    @DisplayName("every output block shows what its program prints (measured figures aside)")
    void outputsMatchTheirPrograms() throws Exception {
        Map<String, List<String>> printed = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : DocsTree.pages()) {
            Page page = Page.read(file);
            for (Page.Block block : page.blocks().reversed()) {
                if (!"output".equals(block.kind()) || JDK25.contains(block.target())) {
                    continue;                                   // Jdk25ProgramsTest runs those
                }
                List<String> output = printed.computeIfAbsent(block.target(),
                        DocsTree.UPDATE ? OutputsTest::leastDisturbedRun : OutputsTest::run);
                boolean same = masked(String.join("\n", output)).equals(masked(block.text()));
                if (DocsTree.UPDATE && !output.equals(block.body())) {
                    DocsTree.write(file, page.withBody(block, output));
                    page = Page.read(file);
                    System.out.println("rewrote " + block.where(file) + " from a run of " + block.target());
                } else if (!same) {
                    problems.add(block.where(file) + ": the page shows\n" + block.text() + "\nbut "
                            + block.target() + " printed\n" + String.join("\n", output)
                            + "\n(run scripts/update-docs to take the new output)");
                }
            }
        }
        assertThat(problems).as("output blocks that differ from what their program prints").isEmpty();
        if (DocsTree.UPDATE) {
            recordWhereMeasured();
        }
    }

    /** The line after {@code <!-- measured-on -->}: this machine, this JDK, today. Only rewritten, never checked. */
    static void recordWhereMeasured() {
        String machine = String.format("%d cores, %s %s, Java %s (%s), %s%s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version(),
                System.getProperty("java.vendor"), java.time.LocalDate.now(), loadAverage());
        for (Path file : DocsTree.pages()) {
            List<String> lines = new ArrayList<>(DocsTree.read(file).lines().toList());
            int marker = lines.indexOf(MEASURED_ON);
            if (marker >= 0 && marker + 1 < lines.size() && !lines.get(marker + 1).equals(machine)) {
                lines.set(marker + 1, machine);
                DocsTree.write(file, String.join("\n", lines) + "\n");
            }
        }
    }

    /**
     * ", load average 5.83 (busy: ...)" (the last minute's, where the OS tells it), said in words against the core
     * count: figures measured on a busy machine are slower, and a page never calls such a run quiet.
     */
    static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "" : String.format(java.util.Locale.ROOT, ", load average %.2f", load)
                + loadInWords(load, Runtime.getRuntime().availableProcessors());
    }

    static String loadInWords(double load, int cores) {
        return load >= cores ? " (busy: more runnable programs than cores, so wall times run long)"
                : load >= cores / 4.0 ? " (shared: other programs used part of the cores)" : " (lightly loaded)";
    }

    /** The marker every page with measured output carries, followed by the line {@link #recordWhereMeasured} writes. */
    static final String MEASURED_ON = "<!-- measured-on -->";

    @Test
    @DisplayName("every page whose output blocks show measured figures says on which machine, under what load, they were measured")
    void pagesWithFiguresSayWhereTheyWereMeasured() {
        assertThat(measuredOnProblems(DocsTree.pages())).as("pages with figures and no machine or load beside them").isEmpty();
    }

    /** The pages of {@code pages} that show measured output without a measured-on line, one message each. */
    static List<String> measuredOnProblems(List<Path> pages) {
        List<String> problems = new ArrayList<>();
        for (Path file : pages) {
            Page page = Page.read(file);
            boolean figures = page.blocks().stream().anyMatch(b -> "output".equals(b.kind()) && FIGURE.matcher(b.text()).find());
            int marker = page.lines().indexOf(MEASURED_ON);
            if (figures && (marker < 0 || marker + 1 >= page.lines().size() || page.lines().get(marker + 1).isBlank())) {
                problems.add(DocsTree.show(file) + ": shows measured figures but no " + MEASURED_ON
                        + " line saying the machine and its load (add the marker; scripts/update-docs writes the line)");
            }
        }
        return problems;
    }

    /** A wall time in an output line: "1.01 s", "50.1 ms". */
    private static final Pattern TIME = Pattern.compile("(\\d+\\.\\d+) (s|ms)(?![\\w.])");

    /**
     * For update mode: runs the program three times and keeps the output with the shortest wall times
     * in all, the run least disturbed by other programs on a shared machine (the advice of Python's
     * {@code timeit}: the minimum, not the mean, estimates what the code itself costs).
     */
    static List<String> leastDisturbedRun(String name) {
        return leastDisturbed(() -> run(name));
    }

    /** The output with the shortest wall times of three runs of {@code program}. */
    static List<String> leastDisturbed(java.util.function.Supplier<List<String>> program) {
        List<String> best = null;
        double bestSeconds = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            List<String> output = program.get();
            double seconds = TIME.matcher(String.join("\n", output)).results()
                    .mapToDouble(m -> Double.parseDouble(m.group(1)) / (m.group(2).equals("ms") ? 1000 : 1)).sum();
            if (seconds < bestSeconds) {
                best = output;
                bestSeconds = seconds;
            }
        }
        return best;
    }

    /** Runs {@code workshop.docs.<name>.main} in this JVM and returns the lines it printed. */
    static List<String> run(String name) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream into = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(into);
            Class.forName("workshop.docs." + name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw new AssertionError("workshop.docs." + name + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no program workshop.docs." + name + " with a main method", e);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().map(String::stripTrailing).toList();
        if (DocsTree.UPDATE) {
            original.println("ran " + name + ":\n  " + String.join("\n  ", lines));
        }
        return lines;
    }
}
