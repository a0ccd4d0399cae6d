package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import workshop.grader.HiddenTestRunner;
import workshop.grader.isolation.Sandbox;
import workshop.testkit.Manifest;

class ReportsTest {

    private static final Manifest MANIFEST = new HiddenTestRunner().manifest();

    /** A result with awkward text: quotes, commas, a control character, markup. */
    static SubmissionResult sample() {
        var passed = new SubmissionResult.TestVerdict(new workshop.grader.HiddenTest("ex1_ordered", "OrderedMapHiddenTest#a", "does \"a\", well", 3), true, "",
                true, 120, 0, "");
        var failed = new SubmissionResult.TestVerdict(new workshop.grader.HiddenTest("ex1_ordered", "OrderedMapHiddenTest#b", "does <b> & more", 2), false,
                "expected [1, 2]\u0000 but got <none>", true, 80, 40_000, "printed\u0007 stuff");
        var notRun = new SubmissionResult.TestVerdict(new workshop.grader.HiddenTest("ex2_ascompleted", "AsCompletedHiddenTest#c", "c", 4), false,
                "not graded: this exercise does not compile", false, 0, 0, "");
        return new SubmissionResult("o'brien, pat", "/tmp/x", List.of(
                new SubmissionResult.ExerciseResult("ex1_ordered", "Ordered map", 1, "graded", "", List.of(passed, failed)),
                new SubmissionResult.ExerciseResult("ex2_ascompleted", "As completed", 2, "does not compile",
                        "A.java:1: error: ';' expected", List.of(notRun))),
                List.of(new SubmissionResult.Incident("output", "ex1_ordered", "OrderedMapHiddenTest#b", "printed 40000 bytes")),
                List.of(new Sandbox.Measure("network", false, "not contained")),
                new SubmissionResult.Timing(5_000, 1_000, 1, 400, 3_000), null);
    }

    @Test
    @DisplayName("Gradescope results.json: score, tests with name, score, max_score, status, output, visibility")
    void gradescope() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Reports.json(Reports.instructor(sample(), "after_published")));
        assertThat(json.get("score").asDouble()).isEqualTo(3.0);
        assertThat(json.get("tests")).hasSize(3);
        JsonNode b = json.get("tests").get(1);
        assertThat(b.get("name").asText()).isEqualTo("Exercise 1 (Ordered map): does <b> & more");
        assertThat(b.get("score").asDouble()).isZero();
        assertThat(b.get("max_score").asDouble()).isEqualTo(2.0);
        assertThat(b.get("status").asText()).isEqualTo("failed");
        assertThat(b.get("visibility").asText()).isEqualTo("after_published");
        assertThat(b.get("output").asText()).contains("expected [1, 2]").contains("Your code printed 40000 bytes");
        assertThat(b.get("number").asText()).isEqualTo("1.2");
        assertThat(json.get("output").asText()).contains("A.java:1: error").contains("[output]").contains("network");
        assertThat(json.get("extra_data").get("max_score").asInt()).isEqualTo(9);
        assertThat(json.get("extra_data").get("containment").get(0).get("aspect").asText()).isEqualTo("network");
    }

    @Test
    @DisplayName("the learner's results.json: verdicts and messages; no printed output, containment, timing by default")
    void learnerView() throws Exception {
        String text = Reports.json(Reports.gradescope(sample(), Reports.LearnerView.DEFAULT));
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("score").asDouble()).isEqualTo(3.0);
        assertThat(json.get("stdout_visibility").asText()).isEqualTo("hidden");
        assertThat(json.get("tests").get(1).get("output").asText()).startsWith("expected [1, 2]")
                .doesNotContain("Your code printed").doesNotContain("stuff");
        assertThat(json.get("output").asText()).contains("A.java:1: error").contains("[output]");
        assertThat(text).doesNotContain("Containment").doesNotContain("network").doesNotContain("timing")
                .doesNotContain("millis");
        assertThat(json.get("extra_data").has("containment")).isFalse();
        assertThat(json.get("extra_data").has("incidents")).isFalse();

        JsonNode visible = new ObjectMapper().readTree(Reports.json(Reports.gradescope(sample(),
                new Reports.LearnerView("visible", true, true))));
        assertThat(visible.get("stdout_visibility").asText()).isEqualTo("visible");
        assertThat(visible.get("tests").get(1).get("output").asText()).contains("Your code printed 40000 bytes")
                .contains("stuff");
        assertThat(visible.toString()).doesNotContain("Containment");
    }

    @Test
    @DisplayName("--visibility-config: a test's line wins over its exercise's, which wins over default; bad lines are named")
    void visibilityConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("visibility.properties");
        java.nio.file.Files.writeString(file, "# comment\ndefault = after_due_date\nex2_ascompleted=hidden\n"
                + "OrderedMapHiddenTest#b=after_published\n");
        var config = Reports.visibilityConfig(file, java.util.Set.of("ex1_ordered", "ex2_ascompleted"),
                java.util.Set.of("OrderedMapHiddenTest#a", "OrderedMapHiddenTest#b"));
        var view = new Reports.LearnerView(config.get(""), false, false, config);
        JsonNode json = new ObjectMapper().readTree(Reports.json(Reports.gradescope(sample(), view)));
        assertThat(json.get("tests").get(0).get("visibility").asText()).isEqualTo("after_due_date");
        assertThat(json.get("tests").get(1).get("visibility").asText()).isEqualTo("after_published");
        assertThat(json.get("tests").get(2).get("visibility").asText()).isEqualTo("hidden");
        assertThat(json.get("visibility").asText()).isEqualTo("after_due_date");

        java.nio.file.Files.writeString(file, "ex9_nothing=hidden\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Reports.visibilityConfig(file, java.util.Set.of("ex1_ordered"),
                java.util.Set.of())).hasMessageContaining("ex9_nothing is neither an exercise id");
        java.nio.file.Files.writeString(file, "ex1_ordered=sometimes\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Reports.visibilityConfig(file, java.util.Set.of("ex1_ordered"),
                java.util.Set.of())).hasMessageContaining("must be visible, hidden");
    }

    @Test
    @DisplayName("report.txt lists every failed test of each exercise with its message; failures.csv one row each")
    void everyFailure() throws Exception {
        String table = Reports.table(sample(), MANIFEST);
        assertThat(table).contains("Failed in exercise 1 (Ordered map), 1 of 2 tests:")
                .contains("  - does <b> & more [2 points]: expected [1, 2]")
                .contains("Failed in exercise 2 (As completed), 1 of 1 tests:")
                .contains("  - none ran: not graded: this exercise does not compile");
        String csv = Reports.failuresCsv(List.of(sample(), sample()));
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            List<Map<String, String>> all = rows.readAll();
            assertThat(all).hasSize(4);
            assertThat(all.get(0)).containsEntry("submission", "o'brien, pat").containsEntry("exercise", "ex1_ordered")
                    .containsEntry("test", "OrderedMapHiddenTest#b").containsEntry("points", "2").containsEntry("ran", "true");
            assertThat(all.get(0).get("message")).startsWith("expected [1, 2]");
            assertThat(all.get(1)).containsEntry("ran", "false");
        }
    }

    @Test
    @DisplayName("JUnit XML: well-formed whatever the text, one suite per exercise, failures with messages")
    void junit() throws Exception {
        String xml = Reports.junit(List.of(sample()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("expected [1, 2]");
        assertThat(failure.getTextContent()).contains("but got <none>");
        assertThat(((Element) doc.getElementsByTagName("testsuites").item(0)).getAttribute("failures")).isEqualTo("2");
    }

    @Test
    @DisplayName("CSV: one row per submission, one column per exercise, quoted where needed")
    void csv() throws Exception {
        String csv = Reports.csv(List.of(sample()), MANIFEST.exercises().subList(0, 2));
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            List<Map<String, String>> all = rows.readAll();
            assertThat(all).hasSize(1);
            assertThat(all.get(0)).containsEntry("submission", "o'brien, pat").containsEntry("ex1_ordered", "3")
                    .containsEntry("ex2_ascompleted", "0").containsEntry("score", "3").containsEntry("max_score", "9");
        }
    }

    @Test
    @DisplayName("the terminal table shows points, passed and failed tests, the first failure and the compiler's message")
    void table() {
        String table = Reports.table(sample(), MANIFEST);
        assertThat(table).contains("Ordered map").contains("3/5").contains("does <b> & more: expected [1, 2]")
                .contains("Compiler messages for exercise 2").contains("[output]");
    }

    @Test
    @DisplayName("the learner's results.json ends with what to do next: the first exercise that lost points, its first"
            + " failing test's message, the exercise's hint; nothing for the instructor's eyes only")
    void nextStep() throws Exception {
        String output = new ObjectMapper().readTree(Reports.json(Reports.gradescope(sample(), Reports.LearnerView.DEFAULT)))
                .get("output").asText();
        String next = output.substring(output.lastIndexOf(NextStep.HEADING));
        assertThat(next).startsWith("What to do next:\nWork on exercise 1 (Ordered map): 1 of 2 tests fail (then exercise 2).\n"
                + "First failing test: does <b> & more\n  expected [1, 2]");
        assertThat(next).contains("Hint: " + MANIFEST.byId("ex1_ordered").hint().lines().findFirst().orElseThrow());
        assertThat(output).endsWith(next).doesNotContain("ontainment").doesNotContain("network");
        assertThat(Reports.json(Reports.instructor(sample(), "visible"))).doesNotContain(NextStep.HEADING);

        SubmissionResult full = MergeTest.named("ada", true);
        assertThat(Reports.gradescope(full, Reports.LearnerView.DEFAULT).output())
                .endsWith("What to do next:\nnothing: every hidden test passed. Well done.\n");
    }

    @Test
    @DisplayName("leaderboard: a passed leaderboard test's figure (name and order from the plan), none for a failed one or a"
            + " number that is not finite and positive; no leaderboard field without figures")
    void leaderboard() throws Exception {
        var planned = new HiddenTestRunner.PlannedTest(new workshop.grader.HiddenTest("ex1_ordered", "T#a", "a", 2), "Exercise 1: makespan / ideal", "asc");
        var passed = new workshop.grader.TestResult(new workshop.grader.HiddenTest("ex1_ordered", "T#a", "forged name", 2), true, "", 1.23456);
        assertThat(SubmissionResult.Figure.of(planned, passed))
                .isEqualTo(new SubmissionResult.Figure("Exercise 1: makespan / ideal", 1.23456, "asc"));
        assertThat(SubmissionResult.Figure.of(planned, new workshop.grader.TestResult(new workshop.grader.HiddenTest("ex1_ordered", "T#a", "a", 2), false, "x", 1.2))).isNull();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, -1}) {
            assertThat(SubmissionResult.Figure.of(planned, new workshop.grader.TestResult(new workshop.grader.HiddenTest("ex1_ordered", "T#a", "a", 2), true, "", bad)))
                    .as("figure %s", bad).isNull();
        }
        assertThat(SubmissionResult.Figure.of(new HiddenTestRunner.PlannedTest(new workshop.grader.HiddenTest("ex1_ordered", "T#a", "a", 2)), passed)).isNull();

        JsonNode json = new ObjectMapper().readTree(Reports.json(Reports.gradescope(MergeTest.named("ada", true),
                Reports.LearnerView.DEFAULT)));
        assertThat(json.get("leaderboard")).hasSize(1);
        assertThat(json.get("leaderboard").get(0).get("name").asText()).isEqualTo("Exercise 1: makespan / ideal");
        assertThat(json.get("leaderboard").get(0).get("value").asDouble()).isEqualTo(1.25);
        assertThat(json.get("leaderboard").get(0).get("order").asText()).isEqualTo("asc");
        assertThat(new ObjectMapper().readTree(Reports.json(Reports.gradescope(sample(), Reports.LearnerView.DEFAULT)))
                .has("leaderboard")).isFalse();
    }

    @Test
    @DisplayName("feedback.md: scores, each failed test's message as text Markdown cannot bend, what to do next; nothing"
            + " the learner's results.json hides")
    void feedback() {
        SubmissionResult r = new SubmissionResult(sample().name(), sample().path(), sample().exercises(),
                List.of(new SubmissionResult.Incident("output", "ex1_ordered", "OrderedMapHiddenTest#b", "printed 40000 bytes"),
                        new SubmissionResult.Incident("files", "ex1_ordered", "OrderedMapHiddenTest#b", "read /etc/hostname")),
                sample().containment(), sample().timing(), null);
        String md = Feedback.markdown(r);
        assertThat(md).startsWith("# o'brien, pat: 3/9\n\n- Exercise 1 (Ordered map): 3/5\n- Exercise 2 (As completed): 0/4, does not compile\n")
                .contains("- **does <b> & more** (2 points):\n\n    expected [1, 2]")
                .contains("The compiler said:\n\n    A.java:1: error: ';' expected")
                .contains("- [output] OrderedMapHiddenTest#b: printed 40000 bytes")
                .contains("## What to do next\n\n    Work on exercise 1 (Ordered map): 1 of 2 tests fail (then exercise 2).");
        assertThat(md).doesNotContain("ontainment").doesNotContain("network").doesNotContain("stuff")
                .doesNotContain("/etc/hostname").doesNotContain("[files]");
    }
}
