package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.HiddenTestRunner;
import workshop.testkit.Manifest;

/** {@code grade --merge}: records written by report.json read back whole; bad shards refused with a sentence. */
class MergeTest {

    private static final Manifest MANIFEST = new HiddenTestRunner().manifest();

    @TempDir
    Path dir;

    static SubmissionResult named(String name, boolean passing) {
        SubmissionResult s = ReportsTest.sample();
        List<SubmissionResult.ExerciseResult> exercises = s.exercises().stream().map(e -> new SubmissionResult.ExerciseResult(
                e.id(), e.title(), e.number(), e.status(), e.compilerMessages(), e.tests().stream()
                        .map(t -> new SubmissionResult.TestVerdict(t.test(), passing || t.passed(),
                                passing ? "" : t.message(), t.ran(), t.millis(), t.outputBytes(), t.output(),
                                t.test().id().endsWith("#a") ? new SubmissionResult.Figure("Exercise 1: makespan / ideal", 1.25, "asc") : null))
                        .toList())).toList();
        return new SubmissionResult(name, "/class/" + name, exercises, s.incidents(), s.containment(), s.timing(), null);
    }

    /** A shard as a run with --format json writes it: DIR/<submission>/report.json (and results.json). */
    Path shard(String folder, SubmissionResult... results) throws Exception {
        Path shard = Files.createDirectories(dir.resolve(folder));
        for (SubmissionResult r : results) {
            Path sub = Files.createDirectories(shard.resolve(r.name().replaceAll("[^A-Za-z0-9._-]", "_")));
            Files.writeString(sub.resolve("report.json"), Reports.json(Merge.recorded(Reports.instructor(r, "visible"), r,
                    Optional.of("WARNING: graded WITHOUT bubblewrap (test)"))));
            Files.writeString(sub.resolve("results.json"), Reports.json(Reports.gradescope(r, Reports.LearnerView.DEFAULT)));
        }
        return shard;
    }

    static String merge(List<Path> shards, Path out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Merge.run(shards, out, MANIFEST, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the record in report.json reads back as the very result the grader had (figures and all)")
    void roundTrip() throws Exception {
        SubmissionResult alice = named("o'brien, pat", false);
        Path shard = shard("a", alice);
        List<Merge.Found> found = Merge.read(List.of(shard), MANIFEST);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).record().result()).isEqualTo(alice);
        assertThat(found.get(0).record().sandboxWarning()).startsWith("WARNING: graded WITHOUT bubblewrap");
    }

    @Test
    @DisplayName("two shards become one class: the same class files a single run of both would write, from the same code")
    void twoShards() throws Exception {
        SubmissionResult alice = named("alice", true);
        SubmissionResult bob = named("bob", false);
        SubmissionResult carol = named("carol", false);
        Path a = shard("shard-1", bob);
        Path b = shard("shard-2", carol, alice);
        Path out = dir.resolve("class");

        String printed = merge(List.of(a, b), out);

        List<SubmissionResult> all = List.of(alice, bob, carol);
        List<Manifest.Exercise> graded = List.of(MANIFEST.byId("ex1_ordered"), MANIFEST.byId("ex2_ascompleted"));
        assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo(Reports.csv(all, graded));
        assertThat(Files.readString(out.resolve("failures.csv"))).isEqualTo(Reports.failuresCsv(all));
        assertThat(Files.readString(out.resolve("report.txt"))).startsWith("WARNING: graded WITHOUT bubblewrap")
                .contains(Reports.classTable(all, graded)).contains("Containment on this machine");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("3 submissions graded").contains("href=\"alice/report.json\"")
                .contains("href=\"bob/report.json\"").contains("WARNING: graded WITHOUT bubblewrap");
        assertThat(out.resolve("carol/results.json")).hasSameTextualContentAs(b.resolve("carol/results.json"));
        assertThat(out.resolve("carol/report.json")).hasSameTextualContentAs(b.resolve("carol/report.json"));
        assertThat(printed).contains("Class summary").contains("Merged 3 submissions from 2 folders");
    }

    @Test
    @DisplayName("refused, with what to do, before anything is written: a learner in two shards, a foreign folder, a"
            + " damaged report, different exercises, a shard given twice, an --out that is not empty")
    void refusals() throws Exception {
        Path a = shard("a", named("alice", true));
        Path b = shard("b", named("alice", false));
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> merge(List.of(a, b), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("the submission alice is in both").hasMessageContaining("grade each learner in one shard only");
        assertThat(out).doesNotExist();

        Path foreign = Files.createDirectories(dir.resolve("foreign/someone"));
        Files.writeString(foreign.resolve("notes.txt"), "not a report");
        assertThatThrownBy(() -> merge(List.of(a, foreign.getParent()), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("holds no submission's report.json").hasMessageContaining("--format json");

        Path other = Files.createDirectories(dir.resolve("other/someone"));
        Files.writeString(other.resolve("report.json"), "{\"score\": 3, \"tests\": []}");
        assertThatThrownBy(() -> merge(List.of(a, other.getParent()), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("has no grader's record").hasMessageContaining("Grade that shard again");

        Path damaged = Files.createDirectories(dir.resolve("damaged/someone"));
        Files.writeString(damaged.resolve("report.json"), "{\"score\": 3, \"tests\": [");
        assertThatThrownBy(() -> merge(List.of(a, damaged.getParent()), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("is not readable JSON");

        SubmissionResult ex1Only = named("dave", true);
        ex1Only = new SubmissionResult("dave", "/x", ex1Only.exercises().subList(0, 1), List.of(), List.of(), ex1Only.timing(), null);
        Path c = shard("c", ex1Only);
        assertThatThrownBy(() -> merge(List.of(a, c), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("was graded on exercises [ex1_ordered]").hasMessageContaining("the same --exercises");

        assertThatThrownBy(() -> merge(List.of(a, a), out)).isInstanceOf(Grade.UsageError.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> merge(List.of(dir.resolve("nowhere")), out)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("does not exist");
        assertThat(out).doesNotExist();

        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.csv"), "last week's grades");
        assertThatThrownBy(() -> merge(List.of(a), out)).isInstanceOf(Grade.UsageError.class).hasMessageContaining("is not empty");
        assertThat(out.resolve("summary.csv")).hasContent("last week's grades");
        assertThatThrownBy(() -> merge(List.of(a), a.resolve("class"))).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("overlaps the shard");
    }
}
