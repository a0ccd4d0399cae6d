package workshop.docs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.common.BlockingCall;
import workshop.docs.Capped;
import workshop.docs.ChildProcesses;
import workshop.ex1_ordered.OrderedMap;
import workshop.ex4_cpubound.ChildOutcome;
import workshop.ex4_cpubound.CpuWork;
import workshop.ex4_cpubound.SerialLibrary;
import workshop.testkit.SlowCall;

/**
 * Measures the wall time of a batch of blocking calls against the number of workers, draws it into
 * {@code docs/images/workers-io-bound.png}, and rewrites the table of figures beside the plot.
 *
 * <p>The calls are the test kit's {@link SlowCall} (each sleeps for its latency), behind a
 * {@link java.util.concurrent.Semaphore}-style connection cap ({@link Capped#atMost}); the pool is our reference
 * {@link OrderedMap}. With {@code n} calls of latency {@code L}, {@code w} workers and a cap {@code c},
 * the ideal wall time is {@code ceil(n / min(w, c)) x L}: it falls while workers are added, then
 * flattens at the cap.
 *
 * <p>It then measures two more kinds of work and draws all three, one panel each, into
 * {@code docs/images/workers-three-kinds.png} (with its own table on page 5):
 * <ul>
 *   <li><b>CPU-bound</b>: {@code --cpu-tasks} hashing tasks ({@link CpuWork#hash}, {@code --cpu-rounds}
 *       rounds of SHA-256 each) on a fixed pool of 1 to 64 platform threads. It flattens at the core count.
 *   <li><b>Lock-serialised</b>: {@code --serial-tasks} calls of {@link SerialLibrary#digest} ({@code
 *       --serial-rounds} rounds each, behind one process-wide lock) on a fixed pool of threads, and the
 *       same calls in child JVMs with exercise 4's process pool ({@link ChildProcesses#digestInChildren}).
 *       Flat for threads; falling for processes, down to the core count.
 * </ul>
 * Every point is the median of {@code --repeat} runs, the worker counts measured in turn in each run.
 *
 * <pre>
 * ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-plot
 * WorkersPlot [--docs DIR] [--out DIR] [--calls N] [--latency-ms L] [--cap C] [--workers 1,2,4] [--repeat R]
 *             [--cpu-tasks N] [--cpu-rounds R] [--serial-tasks N] [--serial-rounds R] [--serial-workers 1,2,4]
 *             [--no-page] [--quiet] [--io-only]
 * </pre>
 */
public final class WorkersPlot {

    /** Where the table of figures sits in a page: between these two lines, rewritten on every run. */
    static final String BEGIN = "<!-- measured: workers-io-bound -->";
    static final String END = "<!-- end measured -->";
    static final String IMAGE = "workers-io-bound.png";
    static final String KINDS_BEGIN = "<!-- measured: workers-three-kinds -->";
    static final String KINDS_IMAGE = "workers-three-kinds.png";
    static final int[] CPU_WORKERS = {1, 2, 4, 8, 16, 32, 64};

    record Settings(Path docs, Path out, int calls, Duration latency, int cap, int[] workers, int repeat, boolean page,
            boolean quiet, int cpuTasks, int cpuRounds, int serialTasks, int serialRounds, int[] serialWorkers, boolean ioOnly) {}

    /** One curve: a median wall time for each worker count. */
    record Curve(String name, int[] workers, Duration[] medians) {
        double[] seconds() {
            return Arrays.stream(medians).mapToDouble(d -> d.toNanos() / 1e9).toArray();
        }
    }

    /** The median wall time at one worker count, and the most calls that were ever in flight at once. */
    record Point(int workers, Duration median, Duration ideal, int maxInFlight) {}

    private WorkersPlot() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings = parse(args);
        Optional<OtherWork> ioStart = OtherWork.now();
        List<Point> points = measure(settings);
        String ioLoad = OtherWork.since(ioStart);
        Path image = draw(settings, points);
        String table = table(settings, points, ioLoad);
        if (settings.ioOnly()) {
            // Waiting needs no core, so page 4's plot can be remade on a busy machine; page 5's panels cannot.
            if (!settings.quiet()) {
                System.out.println(table);
                System.out.println("wrote " + image);
            }
            if (settings.page()) {
                for (Path page : pagesWithTable(settings.docs(), BEGIN)) {
                    rewriteTable(page, BEGIN, table);
                    System.out.println("updated the table in " + page);
                }
            }
            return;
        }
        Optional<OtherWork> kindsStart = OtherWork.now();
        Curve cpu = measureCpu(settings);
        Curve threads = measureSerialThreads(settings);
        Curve processes = measureSerialProcesses(settings);
        String kindsLoad = OtherWork.since(kindsStart);
        Path kinds = drawKinds(settings, points, cpu, threads, processes);
        String kindsTable = kindsTable(settings, cpu, threads, processes, kindsLoad);
        if (!settings.quiet()) {
            System.out.println(table);
            System.out.println("wrote " + image);
            System.out.println(kindsTable);
            System.out.println("wrote " + kinds);
        }
        if (settings.page()) {
            for (Path page : pagesWithTable(settings.docs(), BEGIN)) {
                rewriteTable(page, BEGIN, table);
                System.out.println("updated the table in " + page);
            }
            for (Path page : pagesWithTable(settings.docs(), KINDS_BEGIN)) {
                rewriteTable(page, KINDS_BEGIN, kindsTable);
                System.out.println("updated the table in " + page);
            }
        }
    }

    /** The command line: {@code -Pdocs-plot} passes {@code --docs DIR} and {@code -Ddocs.plot.args}, split at spaces. */
    @Command(name = "workers-plot", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Measures wall time against the number of workers and redraws docs/images/*.png.", ""})
    static final class Cli {
        @Option(names = "--docs", paramLabel = "DIR", description = "the docs folder (default ${DEFAULT-VALUE})")
        Path docs = Path.of("docs");
        @Option(names = "--out", paramLabel = "DIR", description = "where the images go (default: DIR/images)")
        Path out;
        @Option(names = "--calls", paramLabel = "N") int calls = 32;
        @Option(names = "--latency-ms", paramLabel = "L") long latencyMs = 100;
        @Option(names = "--cap", paramLabel = "C") int cap = 8;
        @Option(names = "--workers", split = ",", paramLabel = "W") int[] workers = {1, 2, 4, 8, 16, 32, 64};
        @Option(names = "--repeat", paramLabel = "R") int repeat = 3;
        @Option(names = "--no-page", description = "leave the pages' tables as they are") boolean noPage;
        @Option(names = "--quiet") boolean quiet;
        @Option(names = "--cpu-tasks", paramLabel = "N") int cpuTasks = 64;
        @Option(names = "--cpu-rounds", paramLabel = "R") int cpuRounds = 150_000;
        @Option(names = "--serial-tasks", paramLabel = "N") int serialTasks = 4;
        @Option(names = "--serial-rounds", paramLabel = "R") int serialRounds = 8_000_000;
        @Option(names = "--serial-workers", split = ",", paramLabel = "W") int[] serialWorkers = {1, 2, 4};
        @Option(names = "--io-only", description = "only page 4's I/O-bound plot and table (page 5's panels and table stay)")
        boolean ioOnly;

        Settings settings() {
            return new Settings(docs, out != null ? out : docs.resolve("images"), calls, Duration.ofMillis(latencyMs), cap,
                    workers, repeat, !noPage, quiet, cpuTasks, cpuRounds, serialTasks, serialRounds, serialWorkers, ioOnly);
        }
    }

    /** The settings the command line asks for; a mistyped option throws picocli's ParameterException, which says why. */
    static Settings parse(String[] args) {
        Cli cli = new Cli();
        new CommandLine(cli).parseArgs(args);
        return cli.settings();
    }

    static List<Point> measure(Settings s) throws Exception {
        List<Integer> inputs = IntStream.range(0, s.calls()).boxed().toList();
        List<Point> points = new ArrayList<>();
        for (int w : s.workers()) {
            long[] nanos = new long[s.repeat()];
            int maxInFlight = 0;
            for (int r = 0; r < s.repeat(); r++) {
                SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latency(s.latency()).build();
                BlockingCall<Integer, String> service = Capped.atMost(s.cap(), slow.mock());
                long start = System.nanoTime();
                OrderedMap.map(inputs, service, w);
                nanos[r] = System.nanoTime() - start;
                maxInFlight = Math.max(maxInFlight, slow.maxInFlight());
            }
            Arrays.sort(nanos);
            int rounds = (s.calls() + Math.min(w, s.cap()) - 1) / Math.min(w, s.cap());
            points.add(new Point(w, Duration.ofNanos(nanos[nanos.length / 2]), s.latency().multipliedBy(rounds), maxInFlight));
        }
        return points;
    }

    static Path draw(Settings s, List<Point> points) throws IOException {
        XYChart chart = chart("I/O-bound calls: more workers help until the service's connection cap",
                "workers (threads in the pool, log scale)", "wall time (s)", 520);
        double[] x = points.stream().mapToDouble(p -> log2(p.workers())).toArray();
        XYSeries measured = chart.addSeries("measured: " + s.calls() + " calls of " + s.latency().toMillis()
                + " ms, connection cap " + s.cap() + " (median of " + s.repeat() + ")", x,
                points.stream().mapToDouble(p -> p.median().toNanos() / 1e9).toArray());
        measured.setMarker(SeriesMarkers.CIRCLE);
        measured.setMarkerColor(new Color(120, 170, 220));
        measured.setLineColor(new Color(120, 170, 220));
        measured.setLineWidth(6f);
        // Drawn after the measured curve, thin and dark, so it stays visible where the two agree.
        XYSeries ideal = chart.addSeries("ideal: ceil(" + s.calls() + " / min(workers, " + s.cap() + ")) x "
                + s.latency().toMillis() + " ms", x, points.stream().mapToDouble(p -> p.ideal().toNanos() / 1e9).toArray());
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineStyle(SeriesLines.DASH_DASH);
        ideal.setLineColor(new Color(40, 40, 40));
        ideal.setLineWidth(1.5f);
        chart.addAnnotation(new AnnotationLine(log2(s.cap()), true, false));   // where the cap bites
        double top = points.stream().mapToDouble(p -> p.median().toNanos() / 1e9).max().orElse(1);
        chart.addAnnotation(new AnnotationText("connection cap: " + s.cap(), log2(s.cap()) + 0.75, top * 0.55, false));

        Files.createDirectories(s.out());
        Path image = s.out().resolve(IMAGE);
        BitmapEncoder.saveBitmap(chart, image.toString(), BitmapEncoder.BitmapFormat.PNG);
        return image;
    }

    /**
     * Times {@code run} at each worker count, {@code repeat} runs after one warm-up run; the counts
     * take turns within a run, so a busy moment of the machine hits them alike. Medians.
     */
    static Curve curve(String name, int[] workers, int repeat, Timed run) throws Exception {
        long[][] nanos = new long[workers.length][repeat];
        for (int r = -1; r < repeat; r++) {
            for (int i = 0; i < workers.length; i++) {
                long start = System.nanoTime();
                run.run(workers[i]);
                if (r >= 0) {
                    nanos[i][r] = System.nanoTime() - start;
                }
            }
        }
        Duration[] medians = new Duration[workers.length];
        for (int i = 0; i < workers.length; i++) {
            Arrays.sort(nanos[i]);
            medians[i] = Duration.ofNanos(nanos[i][repeat / 2]);
        }
        return new Curve(name, workers, medians);
    }

    interface Timed {
        void run(int workers) throws Exception;
    }

    /** {@code tasks} calls of {@code work} on a fixed pool of {@code workers} platform threads; waits for all. */
    static void onThreads(int workers, int tasks, IntFunction<String> work) {
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (int t = 0; t < tasks; t++) {
                int task = t;
                pool.submit(() -> work.apply(task));
            }
        }
    }

    static Curve measureCpu(Settings s) throws Exception {
        int[] workers = Arrays.stream(CPU_WORKERS).filter(w -> w <= Math.max(s.cpuTasks(), 1)).toArray();
        return curve("threads, each task its own SHA-256 (CpuWork.hash)", workers, s.repeat(),
                w -> onThreads(w, s.cpuTasks(), t -> CpuWork.hash("task " + t, s.cpuRounds())));
    }

    static Curve measureSerialThreads(Settings s) throws Exception {
        return curve("threads of one JVM (SerialLibrary.digest)", s.serialWorkers(), s.repeat(),
                w -> onThreads(w, s.serialTasks(), t -> SerialLibrary.digest("task " + t, s.serialRounds())));
    }

    static Curve measureSerialProcesses(Settings s) throws Exception {
        List<String> inputs = IntStream.range(0, s.serialTasks()).mapToObj(t -> "task " + t).toList();
        return curve("child JVMs (ProcessPool + SerialWorker)", s.serialWorkers(), s.repeat(), w -> {
            List<ChildOutcome> outcomes = ChildProcesses.digestInChildren(inputs, s.serialRounds(), w);
            ChildProcesses.digests(outcomes);   // throws if a child failed: a failed batch is no measurement
        });
    }

    static XYChart panel(String title, String yTitle) {
        return chart(title, "workers (threads or processes, log scale)", yTitle, 400);
    }

    /** The docs' chart style: white, a light grid, y from 0, x = log2(workers) labelled with the counts. */
    static XYChart chart(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(900).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        // Workers double at each step: plot log2(workers) and label the ticks with the counts themselves.
        styler.setxAxisTickLabelsFormattingFunction(x -> String.valueOf(Math.round(Math.pow(2, x))));
        styler.setXAxisTickMarkSpacingHint(40);
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("0.0");
        styler.setAnnotationLineColor(new Color(200, 80, 60));
        styler.setAnnotationTextFontColor(new Color(200, 80, 60));
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        return chart;
    }

    static void addCurve(XYChart chart, Curve curve, Color color, org.knowm.xchart.style.markers.Marker marker) {
        XYSeries series = chart.addSeries(curve.name(), Arrays.stream(curve.workers()).mapToDouble(WorkersPlot::log2).toArray(),
                curve.seconds());
        series.setMarker(marker);
        series.setMarkerColor(color);
        series.setLineColor(color);
        series.setLineWidth(2.5f);
    }

    static void markAt(XYChart chart, int workers, String label, double y) {
        chart.addAnnotation(new AnnotationLine(log2(workers), true, false));
        chart.addAnnotation(new AnnotationText(label, log2(workers) + 0.6, y, false));
    }

    static Path drawKinds(Settings s, List<Point> io, Curve cpu, Curve threads, Curve processes) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        Color blue = new Color(30, 100, 180);
        Color green = new Color(40, 140, 70);
        Color orange = new Color(220, 120, 20);

        XYChart ioChart = panel("1. I/O-bound: " + s.calls() + " calls of " + s.latency().toMillis()
                + " ms, connection cap " + s.cap() + ": falls, then flat at the cap", "wall time (s)");
        addCurve(ioChart, new Curve("threads (OrderedMap), calls waiting on a capped service",
                io.stream().mapToInt(Point::workers).toArray(), io.stream().map(Point::median).toArray(Duration[]::new)),
                blue, SeriesMarkers.CIRCLE);
        markAt(ioChart, s.cap(), "connection cap: " + s.cap(), io.getFirst().median().toNanos() / 1e9 * 0.5);

        XYChart cpuChart = panel("2. CPU-bound: " + s.cpuTasks() + " hashing tasks: flat from the core count ("
                + cores + ") on", "wall time (s)");
        addCurve(cpuChart, cpu, green, SeriesMarkers.DIAMOND);
        markAt(cpuChart, cores, cores + " cores", cpu.seconds()[0] * 0.5);

        XYChart serialChart = panel("3. One process-wide lock: " + s.serialTasks() + " library calls:"
                + " flat for threads, falling for processes", "wall time (s)");
        addCurve(serialChart, threads, orange, SeriesMarkers.SQUARE);
        addCurve(serialChart, processes, blue, SeriesMarkers.CIRCLE);
        serialChart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        markAt(serialChart, cores, cores + " cores", processes.seconds()[0] * 0.85);

        Files.createDirectories(s.out());
        Path image = s.out().resolve(KINDS_IMAGE);
        BitmapEncoder.saveBitmap(List.of(ioChart, cpuChart, serialChart), 3, 1, image.toString(),
                BitmapEncoder.BitmapFormat.PNG);
        return image;
    }

    /** The table under the three panels; {@code load} says how busy other programs kept the machine meanwhile. */
    static String kindsTable(Settings s, Curve cpu, Curve threads, Curve processes, String load) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Measured on %s on a %d-core machine (%s), JDK %s,"
                        + " %s (the worker counts take turns within each run), with%n"
                        + "`./mvnw -q -pl docs -am verify -DskipTests -Pdocs-plot` (the I/O-bound panel is the table on page 4)."
                        + " CPU-bound: %d tasks of %,d SHA-256 rounds. One lock: %d calls of %,d rounds each.%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), load, Runtime.version().feature(),
                s.repeat() == 1 ? "one run" : "median of " + s.repeat() + " runs", s.cpuTasks(), s.cpuRounds(),
                s.serialTasks(), s.serialRounds()));
        b.append("| work | workers | wall time | speed-up over 1 worker |\n");
        b.append("|---|---:|---:|---:|\n");
        for (Curve c : List.of(cpu, threads, processes)) {
            for (int i = 0; i < c.workers().length; i++) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.2f s | %.2f |%n", c.name(), c.workers()[i],
                        c.medians()[i].toNanos() / 1e9, (double) c.medians()[0].toNanos() / c.medians()[i].toNanos()));
            }
        }
        return b.toString();
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    /** The table beside page 4's plot; {@code load} says how busy other programs kept the machine meanwhile. */
    static String table(Settings s, List<Point> points, String load) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Measured on %s on a %d-core machine (%s) with JDK %s: %d calls of %d ms,"
                        + " connection cap %d, %s, with%n`./mvnw -q -pl docs -am verify -DskipTests -Pdocs-plot%s`.%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), load, Runtime.version().feature(), s.calls(),
                s.latency().toMillis(), s.cap(), s.repeat() == 1 ? "one run" : "median of " + s.repeat() + " runs",
                s.ioOnly() ? " -Ddocs.plot.args=\"--io-only\"" : ""));
        b.append("| workers | wall time | ideal | measured / ideal | most calls in flight |\n");
        b.append("|---:|---:|---:|---:|---:|\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "| %d | %.2f s | %.2f s | %.2f | %d |%n", p.workers(),
                    p.median().toNanos() / 1e9, p.ideal().toNanos() / 1e9,
                    (double) p.median().toNanos() / p.ideal().toNanos(), p.maxInFlight()));
        }
        return b.toString();
    }

    static List<Path> pagesWithTable(Path docs, String begin) throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.filter(f -> f.toString().endsWith(".md")).filter(f -> {
                try {
                    return Files.readString(f).contains(begin);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    static void rewriteTable(Path page, String marker, String table) throws IOException {
        String text = Files.readString(page);
        int begin = text.indexOf(marker);
        int end = text.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new IllegalStateException(page + " has " + marker + " without " + END);
        }
        Files.writeString(page, text.substring(0, begin + marker.length()) + "\n" + table + text.substring(end));
    }
}
