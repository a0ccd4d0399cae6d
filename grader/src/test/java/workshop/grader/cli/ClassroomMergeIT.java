package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class graded in two shards (as the roster workflow's matrix jobs do) and merged with
 * {@code grade --merge}, beside the same class graded in one run: the instructor's class files agree.
 */
class ClassroomMergeIT {

    @TempDir
    static Path dir;
    static Path oneRun;
    static Path merged;
    static GraderJar.Run merge;

    static final List<String> OPTIONS = List.of("--exercises", "ex1_ordered", "--format", "table,json,junit,csv,html", "--jobs", "1");

    static List<String> args(Path out, Path... submissions) {
        List<String> args = new ArrayList<>();
        for (Path s : submissions) {
            args.add(s.toString());
        }
        args.addAll(OPTIONS);
        args.addAll(List.of("--out", out.toString(), "--work", dir.toString()));
        return args;
    }

    @BeforeAll
    static void gradeInShardsAndAtOnce() throws IOException {
        Path learners = Files.createDirectories(dir.resolve("learners"));
        Path solutions = Fixtures.solutions(learners);
        Path stubs = Fixtures.stubs(learners);
        Path sequential = Fixtures.catalog(learners, "ex1_ordered", "sequential");
        Path wrapped = Fixtures.catalog(learners, "ex1_ordered", "wrapped-error");
        oneRun = dir.resolve("one-run");
        var shard2 = CompletableFuture.supplyAsync(() -> GraderJar.run(dir, args(dir.resolve("shard-2"), sequential, wrapped)));
        GraderJar.Run shard1 = GraderJar.run(dir, args(dir.resolve("shard-1"), solutions, stubs));
        assertThat(shard1.status()).as("shard 1: %s", shard1.stderr()).isZero();
        assertThat(shard2.join().status()).as("shard 2").isZero();
        // In the order a merge lists a class (by name), so that the two can be compared line for line.
        GraderJar.Run all = GraderJar.run(dir, args(oneRun, sequential, wrapped, solutions, stubs));
        assertThat(all.status()).as("one run: %s", all.stderr()).isZero();
        merged = dir.resolve("merged");
        merge = GraderJar.run(dir, List.of("--merge", dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(),
                "--out", merged.toString()));
        System.out.println(merge.stdout() + merge.stderr());
    }

    /** A CSV's rows without the columns that are measured, not decided (seconds), or worded with measured figures. */
    static List<String> withoutColumns(Path csv, List<String> dropped) throws IOException {
        List<Map<String, String>> rows;
        try (var it = new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerFor(Map.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .<Map<String, String>>readValues(csv.toFile())) {
            rows = it.readAll();
        }
        return rows.stream().map(r -> {
            Map<String, String> kept = new java.util.TreeMap<>(r);
            dropped.forEach(kept::remove);
            return kept.toString();
        }).toList();
    }

    @Test
    @DisplayName("merged shards: summary.csv, failures.csv, the dashboard and the class table equal one run's; each"
            + " learner's reports are there")
    void sameAsOneRun() throws IOException {
        assertThat(merge.status()).as("merge: %s", merge.stderr()).isZero();
        assertThat(merge.stdout()).contains("Merged 4 submissions from 2 folders");
        assertThat(withoutColumns(merged.resolve("summary.csv"), List.of("seconds")))
                .containsExactlyElementsOf(withoutColumns(oneRun.resolve("summary.csv"), List.of("seconds")));
        assertThat(withoutColumns(merged.resolve("failures.csv"), List.of("message")))
                .containsExactlyElementsOf(withoutColumns(oneRun.resolve("failures.csv"), List.of("message")));
        assertThat(withoutColumns(merged.resolve("failures.csv"), List.of())).hasSizeGreaterThan(5);
        assertThat(merged.resolve("index.html")).hasSameTextualContentAs(oneRun.resolve("index.html"));
        String classTable = Files.readString(merged.resolve("report.txt"));
        String table = classTable.substring(classTable.indexOf("Class summary"), classTable.indexOf("Containment on this machine"));
        String expected = Files.readString(oneRun.resolve("report.txt"));
        assertThat(table).isEqualTo(expected.substring(expected.indexOf("Class summary"), expected.indexOf("Containment on this machine")));
        assertThat(table).contains("solutions").contains("25/25").contains("stubs");
        for (String learner : List.of("solutions", "stubs", "catalog-ex1_ordered-sequential", "catalog-ex1_ordered-wrapped-error")) {
            for (String file : List.of("report.txt", "results.json", "report.json", "junit.xml")) {
                assertThat(merged.resolve(learner).resolve(file)).as(learner + "/" + file).isRegularFile();
            }
            assertThat(Files.readString(merged.resolve("index.html"))).contains("href=\"" + learner + "/report.txt\"");
        }
    }

    @Test
    @DisplayName("bad shards are refused with what to do, exit status 2, nothing written: a learner in two folders,"
            + " a folder of submissions instead of reports")
    void refusals() {
        Path out = dir.resolve("refused");
        GraderJar.Run twice = GraderJar.run(dir, List.of("--merge", dir.resolve("shard-1").toString(), oneRun.toString(),
                "--out", out.toString()));
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.stderr()).contains("usage error: --merge: the submission").contains("is in both")
                .contains("grade each learner in one shard only");
        GraderJar.Run foreign = GraderJar.run(dir, List.of("--merge", dir.resolve("learners").toString(), "--out", out.toString()));
        assertThat(foreign.status()).isEqualTo(2);
        assertThat(foreign.stderr()).contains("holds no submission's report.json").contains("--format json");
        assertThat(out).doesNotExist();
    }
}
