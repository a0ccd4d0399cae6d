package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.MANIFEST;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.SCRATCH;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import workshop.testkit.Manifest;

/**
 * Watch mode ({@code ./mvnw -q -Pwatch}) in a copy of the generated project, driven as a learner would:
 * files saved, keys typed, and every screen checked for what the learner reads. One session with no
 * terminal (keys as lines on standard input) walks through the steps in order; one in a pseudo-terminal
 * ({@code script}) checks single keys. No timing is asserted: the speed is measured by
 * {@link WatchBenchmark}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchModeTest {

    private static final Path PROJECT = SCRATCH.resolve("watch/pool-workshop");
    private static final Path SOLUTIONS = ROOT.resolve("solutions/src/main/java");
    private static final Manifest.Exercise FIRST = MANIFEST.exercises().get(0);
    private static final Manifest.Exercise SECOND = MANIFEST.exercises().get(1);
    private static final Manifest.Exercise THIRD = MANIFEST.exercises().get(2);
    private static WatchSession watch;

    @BeforeAll
    static void startWatchModeOnTheStubs() throws IOException {
        StubsRunTest.copyProject(GENERATED, PROJECT);
        watch = WatchSession.start(PROJECT, "watch-no-terminal", false);
    }

    @AfterAll
    static void stop() {
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the first screen: the progress table, exercise 1's failing task with its message and hint, and the keys")
    void firstScreen() {
        String screen = watch.awaitScreen(0, "the first run of exercise 1", s -> s.contains("watching exercise 1,"));

        assertThat(screen).as("watch mode's first screen").contains(
                "Thread Pool Workshop: your progress",
                "Next: exercise 1, " + FIRST.title(),
                "failing:      task 1:",
                "still the stub: TODO: exercise 1",
                "hint:",
                "keys: h hint  l list  r run again  n next exercise  t timeline  q quit  (type a key, then Enter)");
        assertThat(screen).as("exercise 1's row").containsPattern(row(FIRST, "not started"));
        assertThat(screen.lines().count()).as("lines of the screen (a 24-line terminal)").isLessThanOrEqualTo(24);
    }

    @Test
    @Order(2)
    @DisplayName("saving exercise 1's solution: the screen says done, then watch mode moves on to exercise 2 by itself")
    void savingASolutionMovesOn() throws IOException {
        int before = watch.count();
        copySolution(FIRST);

        String done = watch.awaitScreen(before, "exercise 1 done", s -> row(FIRST, "done").matcher(s).find());
        assertThat(done).as("the screen after saving exercise 1's solution").contains("watching exercise 1,",
                " Exercise 1 passes: read its walkthrough at walkthroughs/" + FIRST.id() + ".md");
        String next = watch.awaitScreen(before, "exercise 2 watched", s -> s.contains("watching exercise 2,"));
        assertThat(next).as("the screen after exercise 1 is done").contains(
                "Exercise 1 (" + FIRST.title() + ") passes its visible tests: on to exercise 2.\n"
                        + " Its walkthrough, our solution and why: walkthroughs/" + FIRST.id() + ".md",
                "Next: exercise 2, " + SECOND.title(), "still the stub: TODO: exercise 2");
        assertThat(PROJECT.resolve("walkthroughs/" + FIRST.id() + ".md")).as("exercise 1's walkthrough after watch mode ran it")
                .content().startsWith("# Walkthrough: exercise 1,");
        assertThat(next).as("exercise 1's row, remembered").containsPattern(row(FIRST, "not run\\s+\\(last full run: done\\)"));
    }

    @Test
    @Order(3)
    @DisplayName("a compile error shows javac's message and line for the exercise watched, and only for it")
    void compileErrorOfThatExerciseOnly() throws IOException {
        int before = watch.count();
        Path third = breakFirstStub(THIRD);
        String broken = watch.awaitScreen(before, "exercise 3's compile error", s -> s.contains("does not compile"));
        assertThat(broken).as("the screen after saving exercise 3 with an error").contains(
                "Exercise 3, " + THIRD.title() + " does not compile (javac, 1 error):",
                PROJECT.relativize(third).toString().replace('\\', '/') + ":",
                ": error: ", "^", "watching exercise 3,");

        before = watch.count();
        watch.type("2", true);
        String second = watch.awaitScreen(before, "exercise 2 watched again", s -> s.contains("watching exercise 2,"));
        assertThat(second).as("exercise 2's screen while exercise 3 does not compile")
                .contains("Next: exercise 2, " + SECOND.title())
                .doesNotContain("does not compile", THIRD.javaPackage().replace('.', '/'));
    }

    @Test
    @Order(4)
    @DisplayName("h shows the failing task's next hint, l the list of exercises, n the next exercise")
    void keys() {
        int before = watch.count();
        watch.type("h", true);
        String hint = watch.awaitScreen(before, "a hint", s -> s.contains(" hint 2 of "));
        assertThat(hint).as("the screen after h").contains("(more in " + SECOND.instructions() + ", Hints)");

        before = watch.count();
        watch.type("l", true);
        String list = watch.awaitScreen(before, "the list", s -> s.contains("type a number to watch that exercise"));
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(list).as("the list after l").containsPattern("\\n\\s+" + MANIFEST.number(exercise) + "\\s+"
                    + Pattern.quote(exercise.id()));
        }
        assertThat(list).as("the list after l").containsPattern(Pattern.quote(SECOND.id()) + ".*<- watching");

        before = watch.count();
        watch.type("n", true);
        watch.awaitScreen(before, "exercise 3 watched", s -> s.contains("watching exercise 3,") && s.contains("does not compile"));
    }

    @Test
    @Order(5)
    @DisplayName("t on exercise 1 draws its overlap test's calls, one row per thread, within 80 columns, with the makespan against the ideal")
    void timeline() {
        int before = watch.count();
        watch.type("1", true);
        watch.awaitScreen(before, "exercise 1 watched", s -> s.contains("watching exercise 1,") && row(FIRST, "done").matcher(s).find());
        before = watch.count();
        watch.type("t", true);
        String screen = watch.awaitScreen(before, "a timeline", s -> s.contains(" timeline of "));
        assertThat(screen).as("the screen after t").contains("timeline of \"task 2: runs maxWorkers calls at once, and never more\"")
                .containsPattern("\\nt1 +\\[=*")
                .containsPattern("\\nt3 +\\[=*")
                .containsPattern("9 calls on 3 threads: makespan \\d\\.\\d\\d s, ideal 0\\.06 s");
        assertThat(screen.lines().filter(l -> l.startsWith("t")).toList()).as("the timeline's rows")
                .allSatisfy(l -> assertThat(l.length()).as("width of %s", l).isLessThanOrEqualTo(80));
    }

    @Test
    @Order(6)
    @DisplayName("q stops watch mode, and Maven with it, with exit code 0")
    void quit() throws InterruptedException {
        watch.type("q", true);
        assertThat(watch.awaitExit()).as("exit code of ./mvnw -q -Pwatch after q (output in %s)", watch.log()).isZero();
        assertThat(watch.output()).as("its last words").contains("Watch mode stopped.");
    }

    @Test
    @Order(7)
    @DisplayName("in a terminal (a pseudo-terminal made by script), single keys work without Enter and the screen is cleared")
    void inATerminal() throws InterruptedException {
        assumeTrue(WatchSession.canMakePty(), "script (util-linux) makes the pseudo-terminal; it is not installed");
        try (WatchSession pty = WatchSession.start(PROJECT, "watch-pty", true, "-Dexercise=" + SECOND.id())) {
            String first = pty.awaitScreen(0, "exercise 2 in a terminal", s -> s.contains("watching exercise 2,"));
            assertThat(first).as("the first screen in a terminal")
                    .contains("keys: h hint  l list  r run again  n next exercise  t timeline  q quit\n")
                    .doesNotContain("type a key, then Enter");
            assertThat(pty.output()).as("the output in a terminal: it clears the screen").contains("\u001B[2J");
            int before = pty.count();
            pty.type("h", false);
            pty.awaitScreen(before, "a hint after h without Enter", s -> s.contains(" hint 2 of "));
            pty.type("q", false);
            assertThat(pty.awaitExit()).as("exit code after q without Enter (output in %s)", pty.log()).isZero();
        }
    }

    @Test
    @Order(8)
    @DisplayName("-Pwatch -Dexercise with an unknown id fails at once with the list of exercises")
    void unknownExercise() {
        Maven.Result build = Maven.run(PROJECT, "watch-unknown-exercise", "-q", "-Pwatch", "-Dexercise=ex9_nope");
        assertThat(build.exitCode()).as("exit code of ./mvnw -q -Pwatch -Dexercise=ex9_nope (output in %s)", build.log())
                .isNotZero();
        assertThat(build.output()).as("its output").contains("-Dexercise=ex9_nope is not an exercise");
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(build.output()).as("the list of exercises").contains("  " + exercise.id() + "\n");
        }
    }

    static Pattern row(Manifest.Exercise exercise, String status) {
        return Pattern.compile("^\\s*" + MANIFEST.number(exercise) + "\\s+" + Pattern.quote(exercise.title()) + "\\s+"
                + status, Pattern.MULTILINE);
    }

    /** Our solution of the exercise over the learner's files, as a learner saves them. */
    static void copySolution(Manifest.Exercise exercise) throws IOException {
        String folder = exercise.javaPackage().replace('.', '/');
        for (Path file : Workshop.files(SOLUTIONS.resolve(folder))) {
            Path to = PROJECT.resolve("src/main/java").resolve(folder).resolve(file);
            Files.copy(SOLUTIONS.resolve(folder).resolve(file), to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Saves the exercise's first stub file with a missing semicolon; returns the file. */
    private static Path breakFirstStub(Manifest.Exercise exercise) throws IOException {
        Path folder = PROJECT.resolve("src/main/java").resolve(exercise.javaPackage().replace('.', '/'));
        Path file = null;
        for (Path candidate : Workshop.files(folder)) {
            if (file == null && Files.readString(folder.resolve(candidate)).contains("throw new UnsupportedOperationException(\"TODO")) {
                file = folder.resolve(candidate);
            }
        }
        assertThat(file).as("a stub file in %s", folder).isNotNull();
        String text = Files.readString(file);
        int at = text.indexOf("throw new UnsupportedOperationException(\"TODO");
        int semicolon = text.indexOf(';', at);
        Files.writeString(file, text.substring(0, semicolon) + text.substring(semicolon + 1));
        return file;
    }
}
