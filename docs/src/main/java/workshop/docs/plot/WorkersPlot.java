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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import workshop.common.BlockingCall;
import workshop.docs.Capped;
import workshop.ex1_ordered.OrderedMap;
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
 * <pre>
 * ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-plot
 * WorkersPlot [--docs DIR] [--out DIR] [--calls N] [--latency-ms L] [--cap C] [--workers 1,2,4] [--repeat R] [--no-page] [--quiet]
 * </pre>
 *
 * <p>TODO(second pass, once exercise 4 lands): add the CPU-bound curve (flattens at the core count)
 * and the lock-serialised curve (flat for threads, falling for processes) to the same picture.
 */
public final class WorkersPlot {

    /** Where the table of figures sits in a page: between these two lines, rewritten on every run. */
    static final String BEGIN = "<!-- measured: workers-io-bound -->";
    static final String END = "<!-- end measured -->";
    static final String IMAGE = "workers-io-bound.png";

    record Settings(Path docs, Path out, int calls, Duration latency, int cap, int[] workers, int repeat, boolean page,
            boolean quiet) {}

    /** The median wall time at one worker count, and the most calls that were ever in flight at once. */
    record Point(int workers, Duration median, Duration ideal, int maxInFlight) {}

    private WorkersPlot() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings = parse(args);
        List<Point> points = measure(settings);
        Path image = draw(settings, points);
        String table = table(settings, points);
        if (!settings.quiet()) {
            System.out.println(table);
            System.out.println("wrote " + image);
        }
        if (settings.page()) {
            for (Path page : pagesWithTable(settings.docs())) {
                rewriteTable(page, table);
                System.out.println("updated the table in " + page);
            }
        }
    }

    static Settings parse(String[] rawArgs) {
        // The build passes optional arguments as one string ("--repeat 5"), or an empty one.
        List<String> args = Arrays.stream(rawArgs).flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty()).toList();
        Path docs = Path.of("docs");
        Path out = null;
        int calls = 32;
        long latencyMs = 100;
        int cap = 8;
        int[] workers = {1, 2, 4, 8, 16, 32, 64};
        int repeat = 3;
        boolean page = true;
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--docs" -> docs = Path.of(args.get(++i));
                case "--out" -> out = Path.of(args.get(++i));
                case "--calls" -> calls = Integer.parseInt(args.get(++i));
                case "--latency-ms" -> latencyMs = Long.parseLong(args.get(++i));
                case "--cap" -> cap = Integer.parseInt(args.get(++i));
                case "--workers" -> workers = Arrays.stream(args.get(++i).split(",")).mapToInt(Integer::parseInt).toArray();
                case "--repeat" -> repeat = Integer.parseInt(args.get(++i));
                case "--no-page" -> page = false;
                case "--quiet" -> quiet = true;
                default -> throw new IllegalArgumentException("unknown argument " + args.get(i) + "; usage: WorkersPlot"
                        + " [--docs DIR] [--out DIR] [--calls N] [--latency-ms L] [--cap C] [--workers 1,2,4] [--repeat R] [--no-page] [--quiet]");
            }
        }
        return new Settings(docs, out != null ? out : docs.resolve("images"), calls, Duration.ofMillis(latencyMs), cap,
                workers, repeat, page, quiet);
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
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("I/O-bound calls: more workers help until the service's connection cap")
                .xAxisTitle("workers (threads in the pool)").yAxisTitle("wall time (s)").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotBorderVisible(false);
        // Workers double at each step: plot log2(workers) and label the ticks with the counts themselves.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> String.valueOf(Math.round(Math.pow(2, x))));
        chart.getStyler().setXAxisTickMarkSpacingHint(40);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setAnnotationLineColor(new Color(200, 80, 60));
        chart.getStyler().setAnnotationTextFontColor(new Color(200, 80, 60));
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));

        double[] x = points.stream().mapToDouble(p -> log2(p.workers())).toArray();
        XYSeries ideal = chart.addSeries("ideal: ceil(" + s.calls() + " / min(workers, " + s.cap() + ")) x "
                + s.latency().toMillis() + " ms", x, points.stream().mapToDouble(p -> p.ideal().toNanos() / 1e9).toArray());
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineStyle(SeriesLines.DASH_DASH);
        ideal.setLineColor(Color.GRAY);
        XYSeries measured = chart.addSeries("measured: " + s.calls() + " calls of " + s.latency().toMillis()
                + " ms, connection cap " + s.cap() + " (median of " + s.repeat() + ")", x,
                points.stream().mapToDouble(p -> p.median().toNanos() / 1e9).toArray());
        measured.setMarker(SeriesMarkers.CIRCLE);
        measured.setMarkerColor(new Color(30, 100, 180));
        measured.setLineColor(new Color(30, 100, 180));
        measured.setLineWidth(2.5f);
        chart.addAnnotation(new AnnotationLine(log2(s.cap()), true, false));   // where the cap bites
        double top = points.stream().mapToDouble(p -> p.median().toNanos() / 1e9).max().orElse(1);
        chart.addAnnotation(new AnnotationText("connection cap: " + s.cap(), log2(s.cap()) + 0.75, top * 0.55, false));

        Files.createDirectories(s.out());
        Path image = s.out().resolve(IMAGE);
        BitmapEncoder.saveBitmap(chart, image.toString(), BitmapEncoder.BitmapFormat.PNG);
        return image;
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    static String table(Settings s, List<Point> points) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Measured on %s on a %d-core machine with JDK %s: %d calls of %d ms,"
                        + " connection cap %d, %s, with%n`./mvnw -q -pl docs -am verify -DskipTests -Pdocs-plot`.%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), s.calls(),
                s.latency().toMillis(), s.cap(), s.repeat() == 1 ? "one run" : "median of " + s.repeat() + " runs"));
        b.append("| workers | wall time | ideal | measured / ideal | most calls in flight |\n");
        b.append("|---:|---:|---:|---:|---:|\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "| %d | %.2f s | %.2f s | %.2f | %d |%n", p.workers(),
                    p.median().toNanos() / 1e9, p.ideal().toNanos() / 1e9,
                    (double) p.median().toNanos() / p.ideal().toNanos(), p.maxInFlight()));
        }
        return b.toString();
    }

    static List<Path> pagesWithTable(Path docs) throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.filter(f -> f.toString().endsWith(".md")).filter(f -> {
                try {
                    return Files.readString(f).contains(BEGIN);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    static void rewriteTable(Path page, String table) throws IOException {
        String text = Files.readString(page);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new IllegalStateException(page + " has " + BEGIN + " without " + END);
        }
        Files.writeString(page, text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end));
    }
}
