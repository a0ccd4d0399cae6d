package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.MANIFEST;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.SCRATCH;
import static workshop.archetype.Workshop.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
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
 * A learner who finished: the generated project with our reference solutions copied over the stubs.
 * Its own build ({@code ./mvnw test}) passes every visible test. Then the learner starts one exercise
 * over ({@code -Preset}) and runs it alone ({@code -Dexercise}): only that exercise goes back to its
 * stub, and only its tests run and fail.
 *
 * <p>Three nested Maven builds (about 35 s on 2 cores), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolvedProjectTest {

    private static final Path PROJECT = SCRATCH.resolve("solved/pool-workshop");
    private static final Path SOLUTIONS = ROOT.resolve("solutions/src/main/java");
    private static final Manifest.Exercise RESET = MANIFEST.exercises().getFirst();

    @BeforeAll
    static void copyTheGeneratedProjectAndOurSolutions() throws IOException {
        deleteRecursively(PROJECT);
        for (Path file : files(GENERATED)) {
            String name = Workshop.slashed(file);
            if (!name.startsWith("target/") && !name.equals("build.log")) {
                copy(GENERATED.resolve(file), PROJECT.resolve(file));
            }
        }
        for (Path file : files(SOLUTIONS)) {
            assertThat(PROJECT.resolve("src/main/java").resolve(file))
                    .as("the stub that solution %s replaces", file).exists();
            copy(SOLUTIONS.resolve(file), PROJECT.resolve("src/main/java").resolve(file));
        }
    }

    @Test
    @Order(1)
    @DisplayName("with the reference solutions copied in, ./mvnw test passes every visible test and the table says done")
    void solutionsPassEveryVisibleTest() {
        Maven.Result build = Maven.run(PROJECT, "solved-test", "test");

        assertThat(build.exitCode()).as("exit code of ./mvnw test with the solutions (output in %s)", build.log())
                .isZero();
        List<Reports.TestCase> cases = Reports.of(PROJECT);
        assertThat(cases).as("visible tests run").isNotEmpty()
                .allSatisfy(c -> assertThat(c.failure()).as("failure of %s#%s", c.className(), c.name()).isNull());
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(cases).as("visible tests of %s", exercise.id()).anyMatch(c -> exercise.owns(c.className()));
            assertThat(build.output()).as("progress row of %s", exercise.id()).containsPattern(row(exercise, "done"));
        }
        assertThat(build.output()).as("end of the table")
                .contains("All " + MANIFEST.exercises().size() + " exercises pass their visible tests.");
    }

    @Test
    @Order(2)
    @DisplayName("once every exercise passes, the table names the walkthroughs, each is readable, and every link resolves")
    void everyWalkthroughOpens() throws IOException {
        String numbers = java.util.stream.IntStream.rangeClosed(1, MANIFEST.exercises().size() - 1)
                .mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        assertThat(Workshop.read(SCRATCH.resolve("solved-test.log"))).as("the table of ./mvnw test with the solutions")
                .contains("Exercises " + numbers + " and " + MANIFEST.exercises().size()
                        + " pass: read their walkthroughs in walkthroughs/");
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            Path readable = PROJECT.resolve("walkthroughs/" + exercise.id() + ".md");
            String encoded = Files.readString(PROJECT.resolve(".workshop/walkthroughs/" + exercise.id() + ".md.b64"));
            assertThat(readable).as("the walkthrough of %s after it passes", exercise.id())
                    .hasContent(new String(java.util.Base64.getMimeDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(Files.readString(readable)).as("the walkthrough of %s", exercise.id())
                    .startsWith("# Walkthrough: exercise " + MANIFEST.number(exercise) + ",");
        }
        assertThat(Markdown.dead(PROJECT, Markdown.relativeLinks(PROJECT))).as("dead links once the walkthroughs are open")
                .isEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("-Preset without -Dexercise refuses to reset anything")
    void resetNeedsAnExercise() {
        Maven.Result build = Maven.run(PROJECT, "reset-without-exercise", "-q", "validate", "-Preset");

        assertThat(build.exitCode()).as("exit code of ./mvnw validate -Preset (output in %s)", build.log()).isNotZero();
        assertThat(build.output()).as("its message").contains("Say which exercise to reset");
        assertSolutionsInPlace(MANIFEST.exercises());
    }

    @Test
    @Order(4)
    @DisplayName("-Preset -Dexercise=<id> puts that exercise's stub back, keeps a backup, and leaves the others alone")
    void resetOneExercise() throws IOException {
        Maven.Result build = Maven.run(PROJECT, "reset-one", "validate", "-Preset", "-Dexercise=" + RESET.id());

        assertThat(build.exitCode()).as("exit code of the reset (output in %s)", build.log()).isZero();
        String folder = RESET.javaPackage().replace('.', '/');
        for (Path file : files(PROJECT.resolve(".workshop/stubs/" + folder))) {
            assertThat(Files.mismatch(PROJECT.resolve("src/main/java/" + folder).resolve(file),
                    PROJECT.resolve(".workshop/stubs/" + folder).resolve(file)))
                    .as("%s/%s after the reset vs. the stub", folder, file).isEqualTo(-1L);
        }
        List<Path> backups = backups();
        assertThat(backups).as("backup folders after one reset").hasSize(1);
        for (Path file : files(SOLUTIONS.resolve(folder))) {
            assertThat(Files.mismatch(backups.getFirst().resolve(folder).resolve(file),
                    SOLUTIONS.resolve(folder).resolve(file)))
                    .as("backup of the learner's %s/%s", folder, file).isEqualTo(-1L);
        }
        assertSolutionsInPlace(MANIFEST.exercises().stream().filter(e -> e != RESET).toList());
    }

    @Test
    @Order(5)
    @DisplayName("./mvnw test -Dexercise=<id> runs that exercise alone: its tests fail on the stub, the build fails, the others keep their last status")
    void runOneExercise() {
        Maven.Result build = Maven.run(PROJECT, "one-exercise", "test", "-Dexercise=" + RESET.id());

        assertThat(build.exitCode()).as("exit code of ./mvnw test -Dexercise=%s on its stub (output in %s)",
                RESET.id(), build.log()).isNotZero();
        assertThat(build.output()).as("progress row of the reset exercise").containsPattern(row(RESET, "not started"));
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            if (exercise != RESET) {
                assertThat(build.output()).as("progress row of %s, which did not run", exercise.id())
                        .containsPattern(row(exercise, "not run\\s+\\(last full run: done\\)"));
                assertThat(build.output()).as("test classes run").doesNotContain("Running " + exercise.javaPackage());
            }
        }
        assertThat(build.output()).as("what the table says to do next")
                .contains("Next: exercise " + MANIFEST.number(RESET) + ", " + RESET.title());
    }

    @Test
    @Order(6)
    @DisplayName("a second reset keeps a backup of its own: the first one (the learner's solution) is not replaced")
    void everyResetKeepsItsBackup() throws IOException {
        Path first = backups().getFirst();
        Maven.Result build = Maven.run(PROJECT, "reset-again", "-q", "validate", "-Preset", "-Dexercise=" + RESET.id());

        assertThat(build.exitCode()).as("exit code of the second reset (output in %s)", build.log()).isZero();
        assertThat(backups()).as("backup folders after two resets").hasSize(2).contains(first);
        String folder = RESET.javaPackage().replace('.', '/');
        for (Path file : files(SOLUTIONS.resolve(folder))) {
            assertThat(Files.mismatch(first.resolve(folder).resolve(file), SOLUTIONS.resolve(folder).resolve(file)))
                    .as("the first backup of %s/%s", folder, file).isEqualTo(-1L);
        }
    }

    /** The folders of .workshop/backup/, one per reset, oldest first. */
    private static List<Path> backups() throws IOException {
        Path root = PROJECT.resolve(".workshop/backup");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Pattern row(Manifest.Exercise exercise, String status) {
        return Pattern.compile("^\\s*" + MANIFEST.number(exercise) + "\\s+" + Pattern.quote(exercise.title()) + "\\s+"
                + status, Pattern.MULTILINE);
    }

    private static void assertSolutionsInPlace(List<Manifest.Exercise> exercises) {
        for (Manifest.Exercise exercise : exercises) {
            String folder = exercise.javaPackage().replace('.', '/');
            for (Path file : files(SOLUTIONS.resolve(folder))) {
                try {
                    assertThat(Files.mismatch(PROJECT.resolve("src/main/java/" + folder).resolve(file),
                            SOLUTIONS.resolve(folder).resolve(file)))
                            .as("%s/%s still the learner's (the solution)", folder, file).isEqualTo(-1L);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
