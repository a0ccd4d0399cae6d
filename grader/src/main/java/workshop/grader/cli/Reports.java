package workshop.grader.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import workshop.grader.isolation.Sandbox;
import workshop.testkit.Manifest;

/** The report formats: a terminal table, Gradescope's results.json, JUnit XML, and a CSV for a class. */
final class Reports {

    private Reports() {}

    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS)).build();
    private static final XmlMapper XML = XmlMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS)).build();
    private static final CsvMapper CSV = new CsvMapper();

    // ---------------------------------------------------------------- terminal table

    /** The score table of one submission, with what happened besides right and wrong answers. */
    static String table(SubmissionResult r, Manifest manifest) {
        StringBuilder out = new StringBuilder(r.scoreReport(manifest).table());
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            List<SubmissionResult.TestVerdict> failed = e.tests().stream().filter(t -> !t.passed()).toList();
            if (failed.isEmpty()) {
                continue;
            }
            out.append("\nFailed in exercise ").append(e.number()).append(" (").append(e.title()).append("), ")
                    .append(failed.size()).append(" of ").append(e.tests().size()).append(" tests:\n");
            if (failed.stream().noneMatch(SubmissionResult.TestVerdict::ran)
                    && failed.stream().map(SubmissionResult.TestVerdict::message).distinct().count() == 1) {
                out.append("  - none ran: ").append(oneLine(failed.get(0).message(), 300)).append('\n');
                continue;
            }
            for (SubmissionResult.TestVerdict t : failed) {
                out.append("  - ").append(t.test().name()).append(" [").append(t.test().points()).append(" point")
                        .append(t.test().points() == 1 ? "" : "s").append("]: ").append(oneLine(t.message(), 300)).append('\n');
            }
        }
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            if (!e.compilerMessages().isBlank()) {
                out.append("\nCompiler messages for exercise ").append(e.number()).append(" (").append(e.title()).append("):\n")
                        .append(indent(limitLines(e.compilerMessages(), 30))).append('\n');
            }
        }
        List<SubmissionResult.Incident> shown = r.incidents().stream().filter(i -> !i.kind().equals("does-not-compile")
                || i.exercise().isEmpty()).toList();
        if (!shown.isEmpty()) {
            out.append("\nWhat else happened:\n");
            for (SubmissionResult.Incident i : shown.subList(0, Math.min(20, shown.size()))) {
                out.append("  - [").append(i.kind()).append("] ")
                        .append(i.test().isEmpty() ? i.exercise().isEmpty() ? "" : i.exercise() + ": " : i.test() + ": ")
                        .append(oneLine(i.message(), 300)).append('\n');
            }
            if (shown.size() > 20) {
                out.append("  - ... and ").append(shown.size() - 20).append(" more (see report.json)\n");
            }
        }
        if (r.internalError() != null) {
            out.append("\nINTERNAL ERROR: ").append(r.internalError()).append('\n');
        }
        SubmissionResult.Timing t = r.timing();
        out.append(String.format(Locale.ROOT, "(graded in %.1f s: %d JVM start%s, compile %.1f s, hidden tests %.1f s)%n",
                t.millis() / 1000.0, t.jvmStarts(), t.jvmStarts() == 1 ? "" : "s", t.compileMillis() / 1000.0,
                t.testMillis() / 1000.0));
        return out.toString();
    }

    /** One row per submission: the class at a glance. */
    static String classTable(List<SubmissionResult> results, List<Manifest.Exercise> exercises) {
        StringBuilder out = new StringBuilder("Class summary\n");
        int nameWidth = Math.max(10, results.stream().mapToInt(r -> r.name().length()).max().orElse(10));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s %9s %5s", "submission", "score", "%"));
        for (int i = 0; i < exercises.size(); i++) {
            header.append(String.format(Locale.ROOT, " %7s", "ex" + (i + 1)));
        }
        out.append(header).append("  notes\n");
        for (SubmissionResult r : results) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s %9s %5d", r.name(),
                    r.score() + "/" + r.maxScore(), percent(r)));
            for (Manifest.Exercise e : exercises) {
                String cell = r.exercises().stream().filter(x -> x.id().equals(e.id())).findFirst()
                        .map(x -> x.earned() + "/" + x.max()).orElse("-");
                row.append(String.format(Locale.ROOT, " %7s", cell));
            }
            out.append(row).append("  ").append(notes(r)).append('\n');
        }
        return out.toString();
    }

    static String containment(List<Sandbox.Measure> measures) {
        StringBuilder out = new StringBuilder("Containment on this machine:\n");
        for (Sandbox.Measure m : measures) {
            out.append("  ").append(m.contained() ? "[contained]     " : "[NOT contained] ").append(m.aspect()).append(": ")
                    .append(m.how()).append('\n');
        }
        return out.toString();
    }

    private static String notes(SubmissionResult r) {
        String kinds = r.incidents().stream().map(SubmissionResult.Incident::kind)
                .filter(k -> !k.equals("ignored-files")).distinct().collect(Collectors.joining(", "));
        return (r.internalError() != null ? "INTERNAL ERROR " : "") + kinds;
    }

    private static long percent(SubmissionResult r) {
        return r.maxScore() == 0 ? 0 : Math.round(100.0 * r.score() / r.maxScore());
    }

    // ---------------------------------------------------------------- Gradescope results.json

    /** Gradescope's autograder results format (https://gradescope-autograders.readthedocs.io/en/latest/specs/). */
    @JsonPropertyOrder({"score", "execution_time", "output", "output_format", "test_output_format", "visibility",
            "stdout_visibility", "tests", "leaderboard", "extra_data"})
    record Gradescope(double score, @JsonProperty("execution_time") long executionTime, String output,
            @JsonProperty("output_format") String outputFormat, @JsonProperty("test_output_format") String testOutputFormat,
            String visibility, @JsonProperty("stdout_visibility") String stdoutVisibility, List<GradescopeTest> tests,
            List<LeaderboardEntry> leaderboard, @JsonProperty("extra_data") Map<String, Object> extraData) {

        Gradescope(double score, long executionTime, String output, String outputFormat, String testOutputFormat,
                String visibility, String stdoutVisibility, List<GradescopeTest> tests, Map<String, Object> extraData) {
            this(score, executionTime, output, outputFormat, testOutputFormat, visibility, stdoutVisibility, tests, null,
                    extraData);
        }
    }

    /** A column of Gradescope's leaderboard: its name, this submission's value, "asc" when lower ranks first. */
    @JsonPropertyOrder({"name", "value", "order"})
    record LeaderboardEntry(String name, double value, String order) {}

    /** The leaderboard entries of {@code r}: the figures its passed leaderboard tests measured (none: null, no field). */
    static List<LeaderboardEntry> leaderboard(SubmissionResult r) {
        List<LeaderboardEntry> entries = r.tests().stream().map(SubmissionResult.TestVerdict::figure)
                .filter(java.util.Objects::nonNull)
                .map(f -> new LeaderboardEntry(f.name(), Math.round(f.value() * 1000) / 1000.0, f.order())).toList();
        return entries.isEmpty() ? null : entries;
    }

    @JsonPropertyOrder({"number", "name", "score", "max_score", "status", "output", "visibility", "tags", "extra_data"})
    record GradescopeTest(String number, String name, double score, @JsonProperty("max_score") double maxScore,
            String status, String output, String visibility, List<String> tags,
            @JsonProperty("extra_data") Map<String, Object> extraData) {}

    /** What a learner is shown: the options that decide it. */
    record LearnerView(String visibility, boolean printedOutputVisible, boolean stdoutVisible, Map<String, String> overrides) {
        static final LearnerView DEFAULT = new LearnerView("visible", false, false, Map.of());

        LearnerView(String visibility, boolean printedOutputVisible, boolean stdoutVisible) {
            this(visibility, printedOutputVisible, stdoutVisible, Map.of());
        }

        /** A test's visibility: its own line of --visibility-config, else its exercise's, else --visibility. */
        String of(String exercise, String testId) {
            return overrides.getOrDefault(testId, overrides.getOrDefault(exercise, visibility));
        }
    }

    static final java.util.Set<String> VISIBILITIES = java.util.Set.of("visible", "hidden", "after_due_date", "after_published");

    /**
     * Reads a --visibility-config file: {@code default=...}, {@code <exercise id>=...} or
     * {@code <TestClass#method>=...} lines; returns the default ("" when none) under key "" and the rest.
     */
    static Map<String, String> visibilityConfig(java.nio.file.Path file, java.util.Set<String> exercises,
            java.util.Set<String> tests) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            String value = p.getProperty(key).strip();
            if (!VISIBILITIES.contains(value)) {
                throw new IllegalArgumentException(file + ": " + key + "=" + value + ": the value must be visible, hidden,"
                        + " after_due_date or after_published");
            }
            if (key.equals("default")) {
                out.put("", value);
            } else if (exercises.contains(key) || tests.contains(key)) {
                out.put(key, value);
            } else {
                throw new IllegalArgumentException(file + ": " + key + " is neither an exercise id nor a hidden test"
                        + " (Class#method), nor 'default'");
            }
        }
        return out;
    }

    /**
     * The learner's results.json: verdicts and messages. No containment notes, no sandbox limits, and
     * unless {@code printedOutputVisible}, nothing of what the submission printed (a test's output may
     * hold a hidden test's data, or bytes an attacker chose), and stdout_visibility hidden.
     */
    static Gradescope gradescope(SubmissionResult r, LearnerView view) {
        Gradescope g = gradescope(r, view.visibility(), view.printedOutputVisible(), false);
        List<GradescopeTest> tests = new ArrayList<>();
        for (GradescopeTest t : g.tests()) {
            tests.add(new GradescopeTest(t.number(), t.name(), t.score(), t.maxScore(), t.status(), t.output(),
                    view.of(t.tags().get(0), String.valueOf(t.extraData().get("id"))), t.tags(), t.extraData()));
        }
        return new Gradescope(g.score(), g.executionTime(), g.output() + "\n" + xmlSafe(NextStep.text(r)), g.outputFormat(),
                g.testOutputFormat(), g.visibility(), view.stdoutVisible() ? "visible" : "hidden", tests, g.leaderboard(),
                g.extraData());
    }

    /** The instructor's report.json: the same verdicts with everything: printed output, incidents, containment, timing. */
    static Gradescope instructor(SubmissionResult r, String visibility) {
        return gradescope(r, visibility, true, true);
    }

    private static Gradescope gradescope(SubmissionResult r, String visibility, boolean printed, boolean instructor) {
        List<GradescopeTest> tests = new ArrayList<>();
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            int k = 1;
            for (SubmissionResult.TestVerdict t : e.tests()) {
                StringBuilder output = new StringBuilder(t.passed() ? "passed" : t.message());
                if (t.outputBytes() > 0 && printed) {
                    output.append("\n\nYour code printed ").append(t.outputBytes()).append(" bytes during this test")
                            .append(t.outputBytes() > t.output().length() ? "; the first of them:\n" : ":\n")
                            .append(t.output());
                }
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("id", t.test().id());
                extra.put("ran", t.ran());
                if (instructor) {
                    extra.put("millis", t.millis());
                    extra.put("output_bytes", t.outputBytes());
                }
                tests.add(new GradescopeTest(e.number() + "." + k++, "Exercise " + e.number() + " (" + e.title() + "): "
                        + t.test().name(), t.passed() ? t.test().points() : 0, t.test().points(), t.passed() ? "passed" : "failed",
                        xmlSafe(output.toString()), visibility, List.of(e.id()), extra));
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("submission", r.name());
        extra.put("max_score", r.maxScore());
        extra.put("exercises", r.exercises().stream().map(e -> {
            Map<String, Object> exercise = new LinkedHashMap<>(); // in this order every time, unlike Map.of
            exercise.put("id", e.id());
            exercise.put("score", e.earned());
            exercise.put("max_score", e.max());
            exercise.put("status", e.status());
            return exercise;
        }).toList());
        if (instructor) {
            extra.put("incidents", r.incidents());
            extra.put("containment", r.containment());
            extra.put("timing", r.timing());
            if (r.internalError() != null) {
                extra.put("internal_error", r.internalError());
            }
        }
        return new Gradescope(r.score(), Math.round(r.timing().millis() / 1000.0), overview(r, instructor), "text", "text",
                visibility, printed ? "visible" : "hidden", tests, leaderboard(r), extra);
    }

    /** Incidents a learner is told about: what their code did, not what the grader watches for. */
    static boolean forLearner(SubmissionResult.Incident i) {
        return !i.kind().equals("files");
    }

    /** The text for the whole submission: scores, compiler messages, what happened; for the instructor, what was contained. */
    private static String overview(SubmissionResult r, boolean instructor) {
        StringBuilder out = new StringBuilder();
        out.append(r.name()).append(": ").append(r.score()).append('/').append(r.maxScore()).append('\n');
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            out.append("Exercise ").append(e.number()).append(" (").append(e.title()).append("): ").append(e.earned())
                    .append('/').append(e.max()).append(e.status().equals("graded") ? "" : " - " + e.status()).append('\n');
            if (!e.compilerMessages().isBlank()) {
                out.append(indent(limitLines(e.compilerMessages(), 40))).append('\n');
            }
        }
        List<SubmissionResult.Incident> incidents = r.incidents().stream().filter(i -> instructor || forLearner(i)).toList();
        if (!incidents.isEmpty()) {
            out.append("\nWhat else happened:\n");
            incidents.stream().limit(50).forEach(i -> out.append("- [").append(i.kind()).append("] ")
                    .append(i.test().isEmpty() ? "" : i.test() + ": ").append(i.message()).append('\n'));
        }
        if (instructor) {
            out.append('\n').append(containment(r.containment()));
        }
        return xmlSafe(out.toString());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- JUnit XML

    @JacksonXmlRootElement(localName = "testsuites")
    @JsonPropertyOrder({"name", "tests", "failures", "errors", "time", "testsuite"})
    record JUnitSuites(@JacksonXmlProperty(isAttribute = true) String name,
            @JacksonXmlProperty(isAttribute = true) int tests,
            @JacksonXmlProperty(isAttribute = true) int failures,
            @JacksonXmlProperty(isAttribute = true) int errors,
            @JacksonXmlProperty(isAttribute = true) String time,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "testsuite") List<JUnitSuite> testsuite) {}

    @JsonPropertyOrder({"name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "properties",
            "testcase", "system-out"})
    record JUnitSuite(@JacksonXmlProperty(isAttribute = true) String name,
            @JacksonXmlProperty(isAttribute = true) int tests,
            @JacksonXmlProperty(isAttribute = true) int failures,
            @JacksonXmlProperty(isAttribute = true) int errors,
            @JacksonXmlProperty(isAttribute = true) int skipped,
            @JacksonXmlProperty(isAttribute = true) String time,
            @JacksonXmlProperty(isAttribute = true) String timestamp,
            @JacksonXmlProperty(isAttribute = true) String hostname,
            @JacksonXmlElementWrapper(localName = "properties") @JacksonXmlProperty(localName = "property") List<JUnitProperty> properties,
            @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "testcase") List<JUnitCase> testcase,
            @JacksonXmlProperty(localName = "system-out") String systemOut) {}

    record JUnitProperty(@JacksonXmlProperty(isAttribute = true) String name,
            @JacksonXmlProperty(isAttribute = true) String value) {}

    @JsonPropertyOrder({"classname", "name", "time", "failure", "system-out"})
    record JUnitCase(@JacksonXmlProperty(isAttribute = true) String classname,
            @JacksonXmlProperty(isAttribute = true) String name,
            @JacksonXmlProperty(isAttribute = true) String time,
            JUnitFailure failure,
            @JacksonXmlProperty(localName = "system-out") String systemOut) {}

    /** A failed test's message (attribute) and details (text). */
    static final class JUnitFailure {
        @JacksonXmlProperty(isAttribute = true)
        public final String message;
        @JacksonXmlProperty(isAttribute = true)
        public final String type;
        @JacksonXmlText
        public final String details;

        JUnitFailure(String message, String type, String details) {
            this.message = message;
            this.type = type;
            this.details = details;
        }
    }

    /** JUnit XML (the Ant/Surefire schema that CI systems read): a test suite per submission and exercise. */
    static String junit(List<SubmissionResult> results) {
        List<JUnitSuite> suites = new ArrayList<>();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
        for (SubmissionResult r : results) {
            for (SubmissionResult.ExerciseResult e : r.exercises()) {
                List<JUnitCase> cases = new ArrayList<>();
                for (SubmissionResult.TestVerdict t : e.tests()) {
                    JUnitFailure failure = t.passed() ? null : new JUnitFailure(xmlSafe(oneLine(t.message(), 500)),
                            t.ran() ? "AssertionError" : "NotGraded", xmlSafe(t.message()));
                    String testClass = t.test().id().contains("#") ? t.test().id().substring(0, t.test().id().indexOf('#')) : t.test().id();
                    cases.add(new JUnitCase(xmlSafe(r.name() + "." + e.id() + "." + testClass),
                            xmlSafe(t.test().name() + " [" + t.test().points() + " point" + (t.test().points() == 1 ? "" : "s") + "]"),
                            seconds(t.millis()), failure, t.outputBytes() == 0 ? null : xmlSafe(t.output())));
                }
                String notes = r.incidents().stream().filter(i -> i.exercise().equals(e.id()))
                        .map(i -> "[" + i.kind() + "] " + (i.test().isEmpty() ? "" : i.test() + ": ") + i.message())
                        .collect(Collectors.joining("\n"));
                String out = (e.compilerMessages().isBlank() ? "" : "Compiler messages:\n" + e.compilerMessages() + "\n")
                        + notes;
                suites.add(new JUnitSuite(xmlSafe(r.name() + ": exercise " + e.number() + " (" + e.title() + ")"),
                        e.tests().size(), (int) e.failed(), 0, 0,
                        seconds(e.tests().stream().mapToLong(SubmissionResult.TestVerdict::millis).sum()), timestamp, host,
                        List.of(new JUnitProperty("submission", xmlSafe(r.name())), new JUnitProperty("exercise", e.id()),
                                new JUnitProperty("points", e.earned() + "/" + e.max()), new JUnitProperty("status", e.status())),
                        cases, out.isBlank() ? null : xmlSafe(out)));
            }
        }
        int tests = suites.stream().mapToInt(JUnitSuite::tests).sum();
        int failures = suites.stream().mapToInt(JUnitSuite::failures).sum();
        long millis = results.stream().mapToLong(r -> r.timing().millis()).sum();
        try {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + XML.writeValueAsString(new JUnitSuites("hidden tests", tests, failures, 0, seconds(millis), suites));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- CSV

    /** One row per submission, one column per exercise (its points), for a spreadsheet. */
    static String csv(List<SubmissionResult> results, List<Manifest.Exercise> exercises) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true)
                .addColumn("submission").addColumn("score").addColumn("max_score").addColumn("percent");
        exercises.forEach(e -> schema.addColumn(e.id()));
        schema.addColumn("notes").addColumn("seconds").addColumn("jvm_starts").addColumn("path");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SubmissionResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("submission", r.name());
            row.put("score", r.score());
            row.put("max_score", r.maxScore());
            row.put("percent", percent(r));
            for (Manifest.Exercise e : exercises) {
                row.put(e.id(), r.exercises().stream().filter(x -> x.id().equals(e.id())).findFirst()
                        .map(x -> String.valueOf(x.earned())).orElse(""));
            }
            row.put("notes", notes(r));
            row.put("seconds", String.format(Locale.ROOT, "%.1f", r.timing().millis() / 1000.0));
            row.put("jvm_starts", r.timing().jvmStarts());
            row.put("path", r.path());
            rows.add(row);
        }
        java.io.StringWriter out = new java.io.StringWriter();
        try (var writer = CSV.writerFor(Map.class).with(schema.build()).writeValues(out)) {
            writer.writeAll(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every failed test of the class, one row each, for a spreadsheet (failures.csv). */
    static String failuresCsv(List<SubmissionResult> results) {
        CsvSchema schema = CsvSchema.builder().setUseHeader(true).addColumn("submission").addColumn("exercise")
                .addColumn("test").addColumn("name").addColumn("points").addColumn("ran").addColumn("message").build();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SubmissionResult r : results) {
            for (SubmissionResult.ExerciseResult e : r.exercises()) {
                for (SubmissionResult.TestVerdict t : e.tests()) {
                    if (!t.passed()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("submission", r.name());
                        row.put("exercise", e.id());
                        row.put("test", t.test().id());
                        row.put("name", t.test().name());
                        row.put("points", t.test().points());
                        row.put("ran", t.ran());
                        row.put("message", oneLine(t.message(), 500));
                        rows.add(row);
                    }
                }
            }
        }
        java.io.StringWriter out = new java.io.StringWriter();
        try (var writer = CSV.writerFor(Map.class).with(schema).writeValues(out)) {
            writer.writeAll(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    static String oneLine(String text, int max) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > max ? line.substring(0, max - 3) + "..." : line;
    }

    private static String limitLines(String text, int max) {
        List<String> lines = text.strip().lines().toList();
        return lines.size() <= max ? String.join("\n", lines)
                : String.join("\n", lines.subList(0, max)) + "\n... (" + (lines.size() - max) + " more lines)";
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    /** Drops the characters XML 1.0 cannot hold (what a submission prints may contain any byte). */
    static String xmlSafe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000 && c <= 0x10FFFF) {
                out.appendCodePoint(c);
            } else {
                out.append('\uFFFD');
            }
        });
        return out.toString();
    }
}
