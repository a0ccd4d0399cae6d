package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.bench.rows.GradingRowParsing;
import workshop.ex1_ordered.OrderedMap;
import workshop.testkit.SlowCall;

/** The grading figure's parts, without starting a grader: the mocked-wait measurement and reading Score's CSV. */
class GradingPartsTest {

    @Test
    void mockedWaitsAreTheUnionOfSlowCallSleepsOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sleeps.jfr");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(100).build();
        try (Recording recording = new Recording(Configuration.create(new StringReader(MockedWaits.SETTINGS)))) {
            recording.start();
            OrderedMap.map(List.of(1, 2, 3, 4), slow.mock(), 2); // two waves of two overlapping 100 ms sleeps
            Thread.sleep(50); // not a mocked call: not counted
            recording.stop();
            recording.dump(file);
        }
        MockedWaits.Result waits = MockedWaits.read(file);
        assertThat(waits.sleeps()).as("SlowCall's sleeps recorded").isEqualTo(4);
        assertThat(waits.seconds()).as("two waves of 100 ms, overlapping sleeps counted once").isBetween(0.2, 0.3);
        assertThat(waits.otherSleeps()).as("the test's own sleep, by the frame that made it")
                .hasEntrySatisfying(waits.otherSleeps().keySet().stream()
                                .filter(site -> site.startsWith(GradingPartsTest.class.getName() + ".")).findFirst().orElse("none"),
                        seconds -> assertThat(seconds).isBetween(0.04, 0.5));
    }

    @Test
    void readsScoresCsvForOneGradingAndForRepeats() throws Exception {
        String one = """
                run,score,max_score,seconds,failed
                1,25,25,7.30,
                """;
        assertThat(GradingRowParsing.graded(one)).containsExactly(7.3, 25.0, 25.0);
        String repeat = """
                run,score,max_score,seconds,failed
                callAll: 20 input(s), at most 4 call(s) at once
                1,54,54,5.30,
                2,51,54,4.90,"AsCompletedHiddenTest#x: expected only input 2, got 3"
                """;
        assertThat(GradingRowParsing.perSubmission(repeat, 2))
                .containsExactly("5.3", "4.9 short: AsCompletedHiddenTest#x: expected only input 2, got 3");
    }

    @Test
    void aGradingWithNoHiddenTestsIsAnErrorNotAScore() {
        String none = """
                run,score,max_score,seconds,failed
                1,0,0,0.30,
                """;
        assertThatThrownBy(() -> GradingRowParsing.graded(none)).hasMessageContaining("found no hidden tests");
    }

    @Test
    void readsTheGradersCsvSummaryWithQuotedNotes() throws Exception {
        String csv = """
                submission,score,max_score,percent,ex1_ordered,notes,seconds,jvm_starts,path
                learner-01,25,25,100,25,,7.4,1,/tmp/a
                learner-02,20,25,80,20,"timed out, then a fresh JVM",21.0,2,/tmp/b
                """;
        var rows = GradingRowParsing.csvRows(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsEntry("notes", "timed out, then a fresh JVM").containsEntry("seconds", "21.0")
                .containsEntry("score", "20");
        assertThatThrownBy(() -> GradingRowParsing.csvRows("submission,score\n")).hasMessageContaining("no CSV rows");
    }

    @Test
    void gradesAClassThroughTheJarAsAnInstructorWould() {
        List<String> command = GradingRowParsing.cliCommand(Path.of("g.jar"), List.of(Path.of("a"), Path.of("b")), 2,
                "ex1_ordered", Path.of("w"));
        assertThat(command.subList(1, command.size())).containsExactly("-jar", "g.jar", "a", "b", "-q", "--format", "csv",
                "--jobs", "2", "--work", "w", "--exercises", "ex1_ordered");
    }
}
