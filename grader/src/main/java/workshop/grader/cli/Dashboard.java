package workshop.grader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import workshop.testkit.Manifest;

/**
 * The class dashboard ({@code --format html}): one self-contained index.html, no network, no
 * script: each exercise's score distribution and each hidden test's pass rate as inline SVG, the
 * catalog mistake each test names, who hit a limit or tampered, and a link to every learner's report.
 */
final class Dashboard {

    /** Incident kinds that mean a limit was hit, something was killed, or the grader was tampered with. */
    static final Set<String> LIMITS = Set.of("time-limit", "timeout", "threads", "processes", "out-of-memory", "output",
            "disk", "tampering", "system-exit", "crash", "threads-left-running", "processes-left-running", "files-left");

    private Dashboard() {}

    /** test id to the catalog mistakes it catches ("common-pool: CompletableFuture.supplyAsync without an executor..."). */
    static Map<String, List<String>> catalog() {
        Properties p = new Properties();
        try (InputStream in = Dashboard.class.getResourceAsStream("/workshop/grader/catalog-index.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // No index: the dashboard shows the tests without mistakes.
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, List.of(p.getProperty(key).split("\\s*\\|\\|\\s*")));
        }
        return out;
    }

    static String html(List<SubmissionResult> results, List<Manifest.Exercise> exercises, String warning,
            Map<String, String> links) {
        Map<String, List<String>> catalog = catalog();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>Class dashboard: ").append(results.size()).append(" submissions</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append(".warning{background:#fde2e2;border:2px solid #c00;padding:1em;font-weight:bold}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:2em}.chart h3{margin:.2em 0;font-size:1em}")
                .append("</style></head><body>\n");
        h.append("<h1>Class dashboard</h1>\n");
        if (!warning.isEmpty()) {
            h.append("<p class=\"warning\" id=\"warning\">").append(esc(warning)).append("</p>\n");
        }
        long full = results.stream().filter(r -> r.maxScore() > 0 && r.score() == r.maxScore()).count();
        double mean = results.stream().mapToDouble(r -> r.maxScore() == 0 ? 0 : 100.0 * r.score() / r.maxScore()).average().orElse(0);
        h.append(String.format(Locale.ROOT, "<p id=\"overview\">%d submissions graded; mean %.0f%%; %d with full marks.</p>%n",
                results.size(), mean, full));

        distribution(h, results, exercises);
        passRates(h, results, catalog);
        limits(h, results, links);
        submissions(h, results, exercises, links);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** A histogram of the scores, one per exercise. */
    private static void distribution(StringBuilder h, List<SubmissionResult> results, List<Manifest.Exercise> exercises) {
        h.append("<h2>Score distribution per exercise</h2>\n<div class=\"charts\">\n");
        for (Manifest.Exercise e : exercises) {
            int[] bins = new int[5];
            int max = 0;
            for (SubmissionResult r : results) {
                for (SubmissionResult.ExerciseResult x : r.exercises()) {
                    if (x.id().equals(e.id())) {
                        max = x.max();
                        int bin = x.max() == 0 ? 0 : Math.min(4, (int) (5.0 * x.earned() / x.max()));
                        bins[x.earned() == x.max() ? 4 : bin]++;
                    }
                }
            }
            h.append("<div class=\"chart\" data-exercise=\"").append(esc(e.id())).append("\"><h3>").append(esc(e.title()))
                    .append(" (").append(max).append(" points)</h3>").append(histogram(bins, results.size())).append("</div>\n");
        }
        h.append("</div>\n");
    }

    /** Each hidden test's pass rate, beside the catalog mistakes it catches. */
    private static void passRates(StringBuilder h, List<SubmissionResult> results, Map<String, List<String>> catalog) {
        h.append("<h2>Hidden tests: pass rate</h2>\n<table id=\"tests\"><tr><th>exercise</th><th>test</th><th>points</th>")
                .append("<th>passed</th><th>pass rate</th><th>the mistake it catches (catalog)</th></tr>\n");
        Map<String, int[]> rates = new LinkedHashMap<>();
        Map<String, SubmissionResult.TestVerdict> any = new LinkedHashMap<>();
        for (SubmissionResult r : results) {
            for (SubmissionResult.TestVerdict t : r.tests()) {
                int[] c = rates.computeIfAbsent(t.test().id(), k -> new int[2]);
                c[0] += t.passed() ? 1 : 0;
                c[1]++;
                any.putIfAbsent(t.test().id(), t);
            }
        }
        for (var entry : rates.entrySet()) {
            SubmissionResult.TestVerdict t = any.get(entry.getKey());
            int[] c = entry.getValue();
            List<String> mistakes = catalog.getOrDefault(t.test().id(), List.of());
            h.append("<tr data-test=\"").append(esc(t.test().id())).append("\"><td>").append(esc(t.test().exercise())).append("</td><td>")
                    .append(esc(t.test().name())).append("<br><small>").append(esc(t.test().id())).append("</small></td><td>").append(t.test().points())
                    .append("</td><td class=\"passed\">").append(c[0]).append("/").append(c[1]).append("</td><td>")
                    .append(bar(c[1] == 0 ? 0 : (double) c[0] / c[1])).append("</td><td>")
                    .append(mistakes.isEmpty() ? "-" : String.join("<br>", mistakes.stream().map(Dashboard::esc).toList()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The submissions that hit a limit, had processes killed, or tampered with the results. */
    private static void limits(StringBuilder h, List<SubmissionResult> results, Map<String, String> links) {
        h.append("<h2>Limits hit, processes killed, tampering</h2>\n");
        List<String> rows = new ArrayList<>();
        for (SubmissionResult r : results) {
            for (SubmissionResult.Incident i : r.incidents()) {
                if (LIMITS.contains(i.kind())) {
                    rows.add("<tr><td>" + link(r.name(), links) + "</td><td>" + esc(i.kind()) + "</td><td>"
                            + esc(Reports.oneLine(i.message(), 300)) + "</td></tr>");
                }
            }
        }
        if (rows.isEmpty()) {
            h.append("<p id=\"limits\">No submission hit a limit.</p>\n");
        } else {
            h.append("<table id=\"limits\"><tr><th>submission</th><th>what</th><th>message</th></tr>\n")
                    .append(String.join("\n", rows)).append("\n</table>\n");
        }
    }

    /** One row per submission, linked to its report. */
    private static void submissions(StringBuilder h, List<SubmissionResult> results, List<Manifest.Exercise> exercises,
            Map<String, String> links) {
        h.append("<h2>Submissions</h2>\n<table id=\"submissions\"><tr><th>submission</th><th>score</th>");
        exercises.forEach(e -> h.append("<th>").append(esc(e.id())).append("</th>"));
        h.append("<th>notes</th></tr>\n");
        for (SubmissionResult r : results) {
            h.append("<tr><td>").append(link(r.name(), links)).append("</td><td>").append(r.score()).append('/')
                    .append(r.maxScore()).append("</td>");
            for (Manifest.Exercise e : exercises) {
                h.append("<td>").append(r.exercises().stream().filter(x -> x.id().equals(e.id())).findFirst()
                        .map(x -> x.earned() + "/" + x.max()).orElse("-")).append("</td>");
            }
            h.append("<td>").append(esc(String.join(", ", r.incidents().stream().map(SubmissionResult.Incident::kind)
                    .filter(k -> !k.equals("ignored-files")).distinct().toList()))).append(r.internalError() == null ? ""
                    : " INTERNAL ERROR").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String link(String name, Map<String, String> links) {
        String href = links.get(name);
        return href == null ? esc(name) : "<a href=\"" + esc(href) + "\">" + esc(name) + "</a>";
    }

    /** Five bars: 0-19%, 20-39%, 40-59%, 60-99%... of the points, and full marks. */
    private static String histogram(int[] bins, int total) {
        String[] labels = {"0-19%", "20-39%", "40-59%", "60-79%", "80-100%"};
        int w = 300;
        int hgt = 150;
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + (hgt + 30)
                + "\" role=\"img\">");
        int max = Math.max(1, java.util.Arrays.stream(bins).max().orElse(1));
        for (int i = 0; i < bins.length; i++) {
            int bh = (int) Math.round((double) hgt * bins[i] / max);
            int x = 10 + i * 58;
            s.append("<rect class=\"bin\" x=\"").append(x).append("\" y=\"").append(hgt - bh).append("\" width=\"48\" height=\"")
                    .append(bh).append("\" fill=\"#4a7bd0\"><title>").append(labels[i]).append(": ").append(bins[i])
                    .append("</title></rect>");
            s.append("<text x=\"").append(x + 24).append("\" y=\"").append(Math.max(12, hgt - bh - 3))
                    .append("\" text-anchor=\"middle\" font-size=\"12\">").append(bins[i]).append("</text>");
            s.append("<text x=\"").append(x + 24).append("\" y=\"").append(hgt + 18)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(labels[i]).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static String bar(double rate) {
        int width = (int) Math.round(150 * rate);
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"16\" role=\"img\">"
                + "<rect x=\"0\" y=\"2\" width=\"150\" height=\"12\" fill=\"#eee\"/><rect class=\"rate\" x=\"0\" y=\"2\" width=\"%d\""
                + " height=\"12\" fill=\"%s\"/><text x=\"155\" y=\"13\" font-size=\"11\">%d%%</text></svg>", width,
                rate >= 0.8 ? "#3a9a4a" : rate >= 0.5 ? "#d9a400" : "#c0392b", Math.round(100 * rate));
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : Reports.xmlSafe(text).toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
