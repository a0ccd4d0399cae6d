package workshop.testkit.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;
import workshop.testkit.Manifest;

class ProgressListenerTest {

    private static final String FIXTURES = "workshop.testkit.progress.fixture.";

    static final Manifest MANIFEST = new Manifest(List.of(
            new Manifest.Exercise("exA_alpha", "Alpha", FIXTURES + "a", 10, "instructions/exA_alpha.md", "Alpha's hint."),
            new Manifest.Exercise("exB_beta", "Beta", FIXTURES + "b", 10, "instructions/exB_beta.md", "Beta's hint."),
            new Manifest.Exercise("exC_gamma", "Gamma", FIXTURES + "c", 10, "instructions/exC_gamma.md", "Gamma's hint.")));

    /** Runs the fixture classes with a listener and returns what it printed. */
    private static String run(Path progressFile, String... selections) {
        return run(progressFile, null, selections);
    }

    /** The same, in a learner's project that may hold encoded walkthroughs. */
    private static String run(Path progressFile, Path project, String... selections) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressListener listener = new ProgressListener(() -> MANIFEST,
                new PrintStream(printed, true, StandardCharsets.UTF_8), progressFile, project);
        var builder = request();
        for (String name : selections) {
            builder.selectors(name.contains("#") ? selectMethod(FIXTURES + name) : selectClass(FIXTURES + name));
        }
        LauncherFactory.create().execute(builder.build(), listener);
        // Column widths depend on the titles: compare with runs of spaces collapsed.
        return printed.toString(StandardCharsets.UTF_8).replaceAll(" +", " ");
    }

    @Test
    @DisplayName("maps test classes to exercises by package and prints done / not started / in progress")
    void statusesByPackage(@TempDir Path dir) {
        String table = run(dir.resolve("progress.properties"),
                "a.AlphaFixture", "b.BetaFixture", "c.GammaFixture");

        assertThat(table).as("progress table").contains(
                "1 Alpha done 2/2 pass",
                "2 Beta not started 0/1 pass",
                "3 Gamma in progress 1/2 pass",
                "Next: exercise 2, Beta",
                "instructions: instructions/exB_beta.md",
                "failing: task 1: calls the stub",
                "still the stub: TODO: exercise 2 (beta): implement Beta.run",
                "hint: Beta's hint.",
                "run it alone: ");
    }

    @Test
    @DisplayName("remembers earlier full runs for exercises that did not run this time")
    void remembersEarlierRuns(@TempDir Path dir) {
        Path file = dir.resolve("target/progress.properties");
        run(file, "a.AlphaFixture", "b.BetaFixture");

        String table = run(file, "c.GammaFixture");

        assertThat(file).as("progress file").exists();
        assertThat(table).as("table of a run of Gamma alone").contains(
                "1 Alpha not run (last full run: done)",
                "2 Beta not run (last full run: not started)",
                "3 Gamma in progress 1/2 pass",
                "Next: exercise 3, Gamma",
                "failing: task 2: fails an assertion",
                "[most calls in flight at once]",
                "hint: Gamma's hint.");
        assertThat(run(file, "a.AlphaFixture")).as("table of a run of Alpha alone, done")
                .contains("Next: exercise 2, Beta (its tests did not run this time)", "hint: Beta's hint.");
    }

    @Test
    @DisplayName("a run of some of an exercise's tests (-Dtest, -Dgroups, an IDE) never marks it done, nor remembers it")
    void partialRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("progress.properties");

        String table = run(file, "a.AlphaFixture#one");

        assertThat(table).as("table of a run of one test").contains("1 Alpha passing* 1/1 pass", "Next: exercise 1, Alpha",
                "* the tests that ran pass, but only some of the exercise's tests ran");
        assertThat(Files.exists(file) ? Files.readString(file) : "").as("remembered statuses")
                .doesNotContain("exA_alpha");
    }

    @Test
    @DisplayName("a full pass opens the exercise's walkthrough and the table says where; a failing or partial run leaves it closed")
    void walkthroughOpensOnAPass(@TempDir Path project) throws Exception {
        String placeholder = "# opens when the exercise passes\n";
        for (String id : List.of("exA_alpha", "exB_beta", "exC_gamma")) {
            Files.createDirectories(project.resolve(".workshop/walkthroughs"));
            Files.writeString(project.resolve(".workshop/walkthroughs/" + id + ".md.b64"),
                    Base64.getMimeEncoder().encodeToString(("# Walkthrough of " + id + "\nour solution\n").getBytes(StandardCharsets.UTF_8)));
            Files.createDirectories(project.resolve("walkthroughs"));
            Files.writeString(project.resolve("walkthroughs/" + id + ".md"), placeholder);
        }
        Path file = project.resolve("target/progress.properties");

        String partial = run(file, project, "a.AlphaFixture#one");
        assertThat(partial).as("table of a run of one of Alpha's tests").doesNotContain("walkthrough");
        assertThat(project.resolve("walkthroughs/exA_alpha.md")).as("Alpha's walkthrough after a partial run").hasContent(placeholder);

        String table = run(file, project, "a.AlphaFixture", "b.BetaFixture", "c.GammaFixture");
        assertThat(table).as("table of a run where Alpha passes")
                .contains("Exercise 1 passes: read its walkthrough at walkthroughs/exA_alpha.md\n Next: exercise 2, Beta");
        assertThat(project.resolve("walkthroughs/exA_alpha.md")).as("Alpha's walkthrough after it passes")
                .hasContent("# Walkthrough of exA_alpha\nour solution");
        for (String id : List.of("exB_beta", "exC_gamma")) {
            assertThat(project.resolve("walkthroughs/" + id + ".md")).as("the walkthrough of %s, which does not pass", id)
                    .hasContent(placeholder);
        }
    }

    @Test
    @DisplayName("prints nothing when no test of an exercise ran, or no manifest is on the classpath")
    void quietOutsideAWorkshop() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressListener listener = new ProgressListener(() -> {
            throw new IllegalStateException("workshop/info.toml is not on the classpath");
        }, new PrintStream(printed, true, StandardCharsets.UTF_8), null);

        LauncherFactory.create().execute(request().selectors(selectClass(FIXTURES + "a.AlphaFixture")).build(), listener);

        assertThat(printed.toString(StandardCharsets.UTF_8)).as("output without a manifest").isEmpty();
    }

    @Test
    @DisplayName("says so when every exercise is done")
    void allDone(@TempDir Path dir) {
        Manifest alphaOnly = new Manifest(MANIFEST.exercises().subList(0, 1));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressListener listener = new ProgressListener(() -> alphaOnly,
                new PrintStream(printed, true, StandardCharsets.UTF_8), null);

        LauncherFactory.create().execute(request().selectors(selectClass(FIXTURES + "a.AlphaFixture")).build(), listener);

        assertThat(printed.toString(StandardCharsets.UTF_8)).as("table when all pass")
                .contains("All 1 exercises pass their visible tests.").doesNotContain("Next:");
    }
}
