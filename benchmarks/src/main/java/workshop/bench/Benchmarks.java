package workshop.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import workshop.bench.rows.BackpressureRow;
import workshop.bench.rows.CpuScalingRow;
import workshop.bench.rows.DispatchRow;
import workshop.bench.rows.GradingRow;
import workshop.bench.rows.IoSweepRow;
import workshop.bench.rows.LockSerialisedRow;
import workshop.bench.rows.MakespanRow;
import workshop.bench.rows.VirtualThreadsRow;

/**
 * The benchmark run: measures every figure, writes {@code docs/benchmarks.md} and
 * {@code docs/data/scaling.csv}.
 *
 * <pre>
 * ./mvnw -q verify -DskipTests -Pbench                        # the whole run, about 6 minutes
 * ./mvnw -q verify -DskipTests -Pbench -Dbench.runs=9 -Dbench.only=ordered-map,dispatch
 *
 * Benchmarks [--runs N] [--warmups N] [--only[=]ID,ID] [--python EXE] [--solutions DIR]
 *            [--markdown FILE] [--csv FILE] [--tiny] [--command TEXT]
 * </pre>
 */
public final class Benchmarks {

    /** The documented command; the report names it (with the options that differ from the defaults). */
    public static final String COMMAND = "./mvnw -q verify -DskipTests -Pbench";
    public static final int DEFAULT_RUNS = 5;
    public static final int DEFAULT_WARMUPS = 2;

    private Benchmarks() {}

    /**
     * What to run and where to write.
     *
     * @param sizes the workloads
     * @param runs measured runs per variant
     * @param warmups warm-up runs per variant
     * @param only the figure ids to run (empty: all)
     * @param python the python3 executable
     * @param solutions our solutions' sources (for the grading figure)
     * @param markdown where the report goes (null: nowhere)
     * @param csv where the sweeps' CSV goes (null: nowhere)
     * @param command the command the report names
     */
    public record Settings(Sizes sizes, int runs, int warmups, Set<String> only, String python, Path solutions, Path markdown,
            Path csv, String command) {}

    /** The figures in the order of the table (the report's order). */
    static List<Row> rows() {
        return List.of(MakespanRow.orderedMap(), MakespanRow.headline(), new VirtualThreadsRow(), new DispatchRow(),
                new CpuScalingRow(), new LockSerialisedRow(), new GradingRow(), new IoSweepRow(), new BackpressureRow());
    }

    /** The order they run in: grading last, since it loads the most classes and starts other JVMs. */
    static List<String> executionOrder() {
        return List.of("ordered-map", "headline", "virtual-threads", "dispatch", "cpu-scaling", "lock-serialised", "io-sweep",
                "backpressure", "grading");
    }

    /**
     * What a run produced.
     *
     * @param markdown the report
     * @param csv the sweeps' CSV
     * @param figures every figure, in report order
     * @param failed the figures that threw
     */
    public record Outcome(String markdown, String csv, List<Figure> figures, List<String> failed) {}

    public static Outcome run(Settings settings, Consumer<String> log) throws IOException {
        Instant started = Instant.now();
        Optional<Machine.CpuTicks> cpuBefore = Machine.cpuTicks();
        Python python = new Python(settings.python());
        ScalingCsv csv = new ScalingCsv();
        Measure measure = new Measure(settings.warmups(), settings.runs());
        Map<String, Row> byId = new LinkedHashMap<>();
        rows().forEach(r -> byId.put(r.id(), r));
        if (!byId.keySet().equals(Set.copyOf(executionOrder()))) {
            throw new IllegalStateException("rows() and executionOrder() must list the same figures: " + byId.keySet() + " vs " + executionOrder());
        }
        for (String id : settings.only()) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("no figure '" + id + "'; the figures are " + byId.keySet());
            }
        }
        log.accept("Benchmarks: " + Machine.cpu() + "; " + Machine.jdk() + "; " + python.describe());
        Map<String, Figure> figures = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        List<String> toRun = executionOrder().stream().filter(id -> settings.only().isEmpty() || settings.only().contains(id)).toList();
        int done = 0;
        for (String id : toRun) {
            done++;
            String prefix = String.format("[%d/%d] %s", done, toRun.size(), id);
            Context context = new Context(settings.sizes(), measure, python, csv, settings.solutions(),
                    line -> log.accept(prefix + ": " + line));
            long start = System.nanoTime();
            try {
                Figure figure = byId.get(id).run(context);
                figures.put(id, figure);
                log.accept(String.format("%s: %s -> %s (%.1f s)", prefix, figure.ours(), figure.verdict(), (System.nanoTime() - start) / 1e9));
            } catch (Exception | Error e) {
                failed.add(id);
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                log.accept(prefix + ": FAILED " + e);
                figures.put(id, new Figure(id, id, "-", "-", "failed", "-", "**failed**: " + e.getMessage(),
                        "The figure failed:\n\n```\n" + trace + "```\n"));
            }
        }
        List<Figure> inReportOrder = rows().stream()
                .map(r -> figures.getOrDefault(r.id(), Figure.skipped(r.id())))
                .toList();
        double minutes = Duration.between(started, Instant.now()).toMillis() / 60_000.0;
        Report.Run run = new Report.Run(settings.command(), started.truncatedTo(ChronoUnit.SECONDS).toString(), python.describe(),
                cpuBefore.flatMap(before -> Machine.cpuTicks()
                        .map(after -> Machine.otherCores(before, after, Runtime.getRuntime().availableProcessors()))),
                settings.runs(), settings.warmups(), minutes);
        String markdown = Report.markdown(run, inReportOrder);
        if (settings.markdown() != null) {
            Files.createDirectories(settings.markdown().toAbsolutePath().getParent());
            Files.writeString(settings.markdown(), markdown);
            log.accept("wrote " + settings.markdown());
        }
        if (settings.csv() != null) {
            csv.write(settings.csv());
            log.accept("wrote " + settings.csv());
        }
        return new Outcome(markdown, csv.text(), inReportOrder, failed);
    }

    private static Set<String> figureIds(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static void main(String[] args) throws IOException {
        Sizes sizes = Sizes.full();
        int runs = DEFAULT_RUNS;
        int warmups = DEFAULT_WARMUPS;
        Set<String> only = Set.of();
        String python = "python3";
        Path solutions = Path.of("solutions/src/main/java");
        Path markdown = Path.of("docs/benchmarks.md");
        Path csv = Path.of("docs/data/scaling.csv");
        String command = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--only=")) {
                only = figureIds(args[i].substring("--only=".length()));
                continue;
            }
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--only" -> only = figureIds(args[++i]);
                case "--python" -> python = args[++i];
                case "--solutions" -> solutions = Path.of(args[++i]);
                case "--markdown" -> markdown = Path.of(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--tiny" -> sizes = Sizes.tiny();
                case "--command" -> command = args[++i];
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.err.println("usage: Benchmarks [--runs N] [--warmups N] [--only ID,ID] [--python EXE] [--solutions DIR] "
                            + "[--markdown FILE] [--csv FILE] [--tiny] [--command TEXT]");
                    System.exit(2);
                }
            }
        }
        if (command == null) {
            command = COMMAND + (runs != DEFAULT_RUNS ? " -Dbench.runs=" + runs : "")
                    + (warmups != DEFAULT_WARMUPS ? " -Dbench.warmups=" + warmups : "")
                    + (only.isEmpty() ? "" : " -Dbench.only=" + String.join(",", only.stream().sorted().toList()))
                    + (sizes.equals(Sizes.tiny()) ? " (with --tiny: a smoke run, not figures)" : "");
        }
        Outcome outcome = run(new Settings(sizes, runs, warmups, only, python, solutions, markdown, csv, command), System.out::println);
        if (!outcome.failed().isEmpty()) {
            System.err.println("figures that failed: " + outcome.failed() + " (see " + markdown + ")");
            System.exit(1);
        }
    }
}
