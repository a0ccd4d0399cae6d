package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import workshop.grader.HiddenTestRunner;
import workshop.grader.isolation.Sandbox;
import workshop.grader.worker.ForgingWorker;
import workshop.grader.worker.SealedLayer;
import workshop.testkit.Manifest;

/**
 * The grader believes exactly one verdict per test it planned, for the test the worker said it
 * started, with the plan's name and points: shown with a worker that holds the key and lies with it
 * ({@link ForgingWorker}), which is what a submission would be if it got past the sealed layer.
 */
class VerdictAcceptanceTest {

    @TempDir
    static Path dir;
    static Path submission;
    static HiddenTestRunner runner;
    static List<HiddenTestRunner.PlannedTest> plan;

    @BeforeAll
    static void setUp() throws Exception {
        submission = Fixtures.solutions(dir);
        runner = new HiddenTestRunner();
        plan = runner.plan(List.of("ex1_ordered"));
    }

    private static SubmissionResult grade(String scenario) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-" + scenario));
        Sandbox.Limits limits = new Sandbox.Limits(1, 30, 256, 4096, 64, 8 << 10);
        Sandbox sandbox = Sandbox.probe(Sandbox.Mode.PLAIN, limits, List.of(), run);
        List<Path> readOnly = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SubmissionGrader.WorkerCommand command = new SubmissionGrader.WorkerCommand(java, List.of("-Dforge=" + scenario),
                System.getProperty("java.class.path"), readOnly, SealedLayer.modulesFolder(run), ForgingWorker.class.getName(),
                ClassDataArchive.none());
        Manifest manifest = runner.manifest();
        SubmissionGrader grader = new SubmissionGrader(manifest, plan, List.of("ex1_ordered"), sandbox, limits, command,
                false, new SubmissionGrader.Listener() {}, null);
        return grader.grade(submission, scenario, run.resolve("job"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown-test", "second-verdict", "verdict-before-start", "other-test-than-started"})
    @DisplayName("a verdict the grader did not ask for is tampering: the exercise scores 0, the run goes on")
    void tampering(String scenario) throws Exception {
        SubmissionResult result = grade(scenario);
        assertThat(result.internalError()).isNull();
        assertThat(result.score()).as("score after %s", scenario).isZero();
        assertThat(result.incidents()).anySatisfy(i -> {
            assertThat(i.kind()).isEqualTo("tampering");
            assertThat(i.message()).contains("tampering with the grader's results").contains("this exercise scores 0");
        });
        assertThat(result.exercises().get(0).tests()).allSatisfy(t -> assertThat(t.message()).contains("tampering"));
    }

    @Test
    @DisplayName("points and names come from the grader's plan, never from the worker")
    void pointsFromThePlan() throws Exception {
        SubmissionResult result = grade("inflated-points");
        assertThat(result.score()).isEqualTo(result.maxScore()).isEqualTo(25);
        assertThat(result.exercises().get(0).tests()).allSatisfy(t -> assertThat(t.test().points()).isLessThan(50));
    }
}
