package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.MANIFEST;
import static workshop.archetype.Workshop.SCRATCH;
import static workshop.archetype.Workshop.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import workshop.testkit.Manifest;

/**
 * The learner's first runs on the untouched stubs, as the screen shows them: a failing
 * {@code ./mvnw test} ends with the whole progress table, and a mistyped {@code -Dexercise} fails
 * with the list of exercises. Nested Maven builds in a copy of the generated project.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StubsRunTest {

    private static final Path PROJECT = SCRATCH.resolve("stubs/pool-workshop");
    private static final int SCREEN = 24;

    @BeforeAll
    static void copyTheGeneratedProject() throws IOException {
        copyProject(GENERATED, PROJECT);
    }

    /** A copy of a generated project without what building it added (target/, build.log). */
    static void copyProject(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> walk = Files.walk(to)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        for (Path file : files(from)) {
            String name = Workshop.slashed(file);
            if (!name.startsWith("target/") && !name.equals("build.log")) {
                Files.createDirectories(to.resolve(file).getParent());
                Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("./mvnw test on the stubs fails, and its last 24 lines hold the whole table and the Next block, nothing after")
    void lastScreenHoldsTheTable() {
        Maven.Result build = Maven.run(PROJECT, "stubs-test", "test");

        assertThat(build.exitCode()).as("exit code of ./mvnw test on the stubs (output in %s)", build.log()).isNotZero();
        List<String> lines = build.output().lines().toList();
        List<String> screen = lines.subList(Math.max(0, lines.size() - SCREEN), lines.size());
        String last = String.join("\n", screen);
        assertThat(last).as("the last %d lines of ./mvnw test (output in %s)", SCREEN, build.log())
                .contains("Thread Pool Workshop: your progress", "Next: exercise 1, " + MANIFEST.exercises().getFirst().title(),
                        "failing:", "hint:", "run it alone: ./mvnw test -Dexercise=" + MANIFEST.exercises().getFirst().id());
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(last).as("row of %s in the last %d lines", exercise.id(), SCREEN)
                    .containsPattern(Pattern.compile("^\\s*" + MANIFEST.number(exercise) + "\\s+"
                            + Pattern.quote(exercise.title()) + "\\s+not started", Pattern.MULTILINE));
        }
        // The table starts after a rule line and ends with one: what follows may only be BUILD FAILURE.
        int header = indexOf(screen, "Thread Pool Workshop: your progress");
        assertThat(header).as("the table's title within the last %d lines", SCREEN).isGreaterThanOrEqualTo(1);
        assertThat(screen.get(header - 1)).as("the rule above the table's title").matches("-{20,}");
        int end = screen.size() - 1;
        while (end > header && !screen.get(end).matches("-{20,}")) {
            end--;
        }
        List<String> after = new ArrayList<>(screen.subList(end + 1, screen.size()));
        after.removeIf(String::isBlank);
        assertThat(after).as("what the run printed after the table").allMatch(l -> l.contains("BUILD FAILURE")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    @DisplayName("./mvnw test on the stubs runs the test classes in teaching order (exercise 3: the rules, then the tuner), and no stub makes a test wait out its limit")
    void teachingOrderAndNoWaiting() {
        Path log = SCRATCH.resolve("stubs-test.log");
        String output = Files.exists(log) ? Workshop.read(log) : Maven.run(PROJECT, "stubs-test", "test").output();
        Matcher classes = Pattern.compile("-- in (Exercise (\\d+)[^\\n]*)").matcher(output);
        List<Integer> order = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (classes.find()) {
            order.add(Integer.parseInt(classes.group(2)));
            names.add(classes.group(1).strip());
        }
        assertThat(order).as("exercise of each test class, in the order they ran").hasSizeGreaterThanOrEqualTo(MANIFEST.exercises().size())
                .isSorted();
        // Within exercise 3, the rules (tasks 1-2, WorkerCountTest) before the tuner (tasks 3-4, TunerTest).
        assertThat(names).as("test classes in the order they ran")
                .containsSubsequence("Exercise 3: choosing the worker count (the rules)",
                        "Exercise 3: choosing the worker count (the tuner)");
        // On its stub, exercise 5's interrupt test used to wait 10 s for calls that never started.
        // Far above what it takes now (well under a second), far below those 10 s.
        List<Reports.TestCase> cases = Reports.of(PROJECT);
        assertThat(cases).as("visible tests run on the stubs").isNotEmpty();
        assertThat(cases).filteredOn(c -> c.name().startsWith("interruptStopsTheBatch"))
                .as("exercise 5's interrupt test on its stub").singleElement()
                .satisfies(c -> assertThat(c.seconds()).as("its seconds").isLessThan(9.0));
    }

    @Test
    @Order(3)
    @DisplayName("-Dexercise with an unknown id fails at once with the list of exercises, for test and for reset")
    void unknownExercise() throws IOException {
        Maven.Result test = Maven.run(PROJECT, "unknown-exercise-test", "test", "-Dexercise=ex9_nope");
        assertThat(test.exitCode()).as("exit code of ./mvnw test -Dexercise=ex9_nope (output in %s)", test.log()).isNotZero();
        assertThat(test.output()).as("its output")
                .contains("-Dexercise=ex9_nope is not an exercise", "Unknown exercise -Dexercise=ex9_nope")
                .doesNotContain("failIfNoTests", "Tests run:");
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(test.output()).as("the list of exercises").contains("  " + exercise.id() + "\n");
        }

        Maven.Result reset = Maven.run(PROJECT, "unknown-exercise-reset", "validate", "-Preset", "-Dexercise=ex9_nope");
        assertThat(reset.exitCode()).as("exit code of the reset of ex9_nope (output in %s)", reset.log()).isNotZero();
        assertThat(reset.output()).as("its output").contains("-Dexercise=ex9_nope is not an exercise")
                .doesNotContain("BUILD SUCCESS");
        assertThat(files(PROJECT.resolve(".workshop/backup"))).as("backups made by a failed reset").isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("once exercise 1 passes, the last screen says so and where its walkthrough is, now readable; the others stay closed")
    void firstPassOpensItsWalkthrough() throws IOException {
        Manifest.Exercise first = MANIFEST.exercises().getFirst();
        String readable = "walkthroughs/" + first.id() + ".md";
        assertThat(Workshop.read(PROJECT.resolve(readable))).as("%s before the pass", readable)
                .doesNotContain("# Walkthrough:");
        Path solution = Workshop.ROOT.resolve("solutions/src/main/java");
        String folder = first.javaPackage().replace('.', '/');
        for (Path file : files(solution.resolve(folder))) {
            Files.copy(solution.resolve(folder).resolve(file), PROJECT.resolve("src/main/java").resolve(folder).resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        Maven.Result build = Maven.run(PROJECT, "first-passes", "test");

        List<String> lines = build.output().lines().toList();
        String last = String.join("\n", lines.subList(Math.max(0, lines.size() - SCREEN), lines.size()));
        assertThat(last).as("the last %d lines of ./mvnw test once exercise 1 passes (output in %s)", SCREEN, build.log())
                .contains("Thread Pool Workshop: your progress",
                        " Exercise 1 passes: read its walkthrough at " + readable + "\n Next: exercise 2, "
                                + MANIFEST.exercises().get(1).title())
                .containsPattern(Pattern.compile("^\\s*1\\s+" + Pattern.quote(first.title()) + "\\s+done", Pattern.MULTILINE));
        String decoded = new String(java.util.Base64.getMimeDecoder().decode(
                Workshop.read(PROJECT.resolve(".workshop/walkthroughs/" + first.id() + ".md.b64"))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(PROJECT.resolve(readable)).as("%s after the pass", readable).hasContent(decoded);
        assertThat(decoded).as("the walkthrough").startsWith("# Walkthrough: exercise 1,");
        for (Manifest.Exercise other : MANIFEST.exercises().subList(1, MANIFEST.exercises().size())) {
            assertThat(Workshop.read(PROJECT.resolve("walkthroughs/" + other.id() + ".md")))
                    .as("the walkthrough of %s, which does not pass", other.id()).doesNotContain("# Walkthrough:");
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
