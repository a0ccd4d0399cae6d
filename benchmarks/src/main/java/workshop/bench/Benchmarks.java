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
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.bench.rows.BackpressureRow;
import workshop.bench.rows.DownloadsRow;
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
                new CpuScalingRow(), new LockSerialisedRow(), new GradingRow(), new IoSweepRow(), new BackpressureRow(),
                new DownloadsRow());
    }

    /** The order they run in: grading last, since it loads the most classes and starts other JVMs. */
    static List<String> executionOrder() {
        return List.of("ordered-map", "headline", "virtual-threads", "dispatch", "cpu-scaling", "lock-serialised", "io-sweep",
                "backpressure", "downloads", "grading");
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

    static Set<String> figureIds(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The command line of {@code -Pbench} (and of a run by hand). */
    @Command(name = "benchmarks", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Measures the figures of docs/benchmarks.md on this machine and rewrites the report.", ""})
    static final class Cli implements Callable<Integer> {
        @Option(names = "--runs", paramLabel = "N", description = "timed runs per measurement (default ${DEFAULT-VALUE})")
        int runs = DEFAULT_RUNS;
        @Option(names = "--warmups", paramLabel = "N", description = "untimed runs first (default ${DEFAULT-VALUE})")
        int warmups = DEFAULT_WARMUPS;
        @Option(names = "--only", paramLabel = "ID,ID", description = "only these figures (empty: all of them)")
        String only = "";
        @Option(names = "--python", paramLabel = "EXE", description = "the Python of the recipe's figures (default ${DEFAULT-VALUE})")
        String python = "python3";
        @Option(names = "--solutions", paramLabel = "DIR", description = "the reference solutions (default ${DEFAULT-VALUE})")
        Path solutions = Path.of("solutions/src/main/java");
        @Option(names = "--markdown", paramLabel = "FILE", description = "the report to rewrite (default ${DEFAULT-VALUE})")
        Path markdown = Path.of("docs/benchmarks.md");
        @Option(names = "--csv", paramLabel = "FILE", description = "the scaling table for the plot (default ${DEFAULT-VALUE})")
        Path csv = Path.of("docs/data/scaling.csv");
        @Option(names = "--tiny", description = "tiny sizes: a smoke run, not figures")
        boolean tiny;
        @Option(names = "--command", paramLabel = "TEXT", description = "the command the report says made it")
        String command;

        @Override
        public Integer call() throws IOException {
            Sizes sizes = tiny ? Sizes.tiny() : Sizes.full();
            Set<String> ids = figureIds(only);
            String said = command != null ? command : COMMAND + (runs != DEFAULT_RUNS ? " -Dbench.runs=" + runs : "")
                    + (warmups != DEFAULT_WARMUPS ? " -Dbench.warmups=" + warmups : "")
                    + (ids.isEmpty() ? "" : " -Dbench.only=" + String.join(",", ids.stream().sorted().toList()))
                    + (tiny ? " (with --tiny: a smoke run, not figures)" : "");
            Outcome outcome = run(new Settings(sizes, runs, warmups, ids, python, solutions, markdown, csv, said),
                    System.out::println);
            if (!outcome.failed().isEmpty()) {
                System.err.println("figures that failed: " + outcome.failed() + " (see " + markdown + ")");
                return 1;
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }
}
