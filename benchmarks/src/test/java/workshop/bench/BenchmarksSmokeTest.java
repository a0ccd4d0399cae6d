package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness end to end at tiny sizes, so it cannot rot: every figure measures, the report
 * and the CSV are written. Not a timed test: it checks the plumbing, never a figure. The grading
 * figure is left out (it starts two grading JVMs, too slow for the normal build); its parts are
 * checked in {@link GradingPartsTest}.
 */
class BenchmarksSmokeTest {

    @Test
    void everyFigureRunsEndToEndAtTinySizes(@TempDir Path dir) throws Exception {
        Set<String> figures = Benchmarks.rows().stream().map(Row::id).filter(id -> !id.equals("grading"))
                .collect(Collectors.toUnmodifiableSet());
        Path markdown = dir.resolve("docs/benchmarks.md");
        Path csv = dir.resolve("docs/data/scaling.csv");
        List<String> log = new ArrayList<>();
        Benchmarks.Outcome outcome = Benchmarks.run(new Benchmarks.Settings(Sizes.tiny(), 1, 0, figures,
                System.getProperty("bench.python", "python3"), Path.of("../solutions/src/main/java"), markdown, csv,
                "smoke test"), log::add);

        assertThat(outcome.failed()).as("figures that threw; the log:%n%s", String.join("\n", log)).isEmpty();
        String report = Files.readString(markdown);
        assertThat(report).as("the report says how much CPU other programs took during the run")
                .containsPattern("\\| other programs' CPU during the run \\| (\\d+\\.\\d\\d of \\d+ cores on average|unknown.*) \\|");
        for (Figure figure : outcome.figures()) {
            assertThat(report).as("the report has a section for %s", figure.id()).contains("\n## " + figure.title() + "\n");
            assertThat(report).as("the summary links to the section of %s by its GitHub anchor", figure.id())
                    .contains("](#" + Report.slug(figure.title()) + ")");
        }
        assertThat(outcome.figures()).as("every figure is in the report").hasSize(Benchmarks.rows().size());
        assertThat(report).as("the grading figure, left out here, is marked as not run").contains("not run (--only)");
        assertThat(report).as("exercise 4's solutions are measured").contains("### Exercise 4 (our solution)")
                .contains("exercise 4 `CpuBound.map`");
        assertThat(report).as("exercise 5's solution is measured").contains("`ThousandsOfCalls.callAll` (our solution)");
        assertThat(report).as("exercise 3's tuner reads the I/O sweep").contains("Exercise 3's tuner (our solution)");
        assertThat(report).as("the report names its command").contains("`smoke test`");

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).as("the CSV header").isEqualTo(ScalingCsv.HEADER);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[0] + "," + l.split(",")[1]).distinct())
                .as("the CSV holds every sweep")
                .contains("io,threads", "cpu,threads", "cpu,virtual", "cpu,ex4", "locked,threads", "locked,processes",
                        "locked,ex4-threads", "locked,ex4-processes");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(Double.parseDouble(line.split(",")[3])).as("seconds in %s", line).isPositive();
        }
    }
}
