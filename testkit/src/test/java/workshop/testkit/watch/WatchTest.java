package workshop.testkit.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.testkit.Manifest;

/** The parts of watch mode that need no generated project; the archetype's WatchModeTest drives the rest. */
class WatchTest {

    private static final Manifest MANIFEST = new Manifest(List.of(
            new Manifest.Exercise("ex1_one", "One", "workshop.ex1_one", 10, "instructions/ex1_one.md", "hint 1"),
            new Manifest.Exercise("ex2_two", "Two", "workshop.ex2_two", 10, "instructions/ex2_two.md", "hint 2")));

    @Test
    @DisplayName("the exercise to start with: an id or its start, else the first not done; an unknown id is none")
    void choose(@TempDir Path dir) throws IOException {
        Path progress = dir.resolve("workshop-progress.properties");
        assertThat(Watch.choose(MANIFEST, "", progress)).as("no -Dexercise, nothing remembered").contains(MANIFEST.exercises().get(0));
        Files.writeString(progress, "ex1_one=DONE\n");
        assertThat(Watch.choose(MANIFEST, "ex", progress)).as("-Dexercise=ex, exercise 1 done").contains(MANIFEST.exercises().get(1));
        assertThat(Watch.choose(MANIFEST, "ex1", progress)).as("-Dexercise=ex1").contains(MANIFEST.exercises().get(0));
        assertThat(Watch.choose(MANIFEST, "ex9_nope", progress)).as("-Dexercise=ex9_nope").isEmpty();
    }

    @Test
    @DisplayName("the fresh class loader takes the learner's classes, the tests and the test kit anew, not what watch mode itself uses")
    void freshClasses() {
        assertThat(TestRun.Fresh.fresh("workshop.ex1_ordered.OrderedMap")).isTrue();
        assertThat(TestRun.Fresh.fresh("workshop.common.BlockingCall")).isTrue();
        assertThat(TestRun.Fresh.fresh("workshop.testkit.SlowCall")).isTrue();
        assertThat(TestRun.Fresh.fresh("workshop.testkit.progress.ProgressListener")).isFalse();
        assertThat(TestRun.Fresh.fresh("workshop.testkit.Manifest$Exercise")).isFalse();
        assertThat(TestRun.Fresh.fresh("workshop.testkit.watch.Watch")).isFalse();
        assertThat(TestRun.Fresh.fresh("org.junit.jupiter.api.Test")).isFalse();
    }

    @Test
    @DisplayName("an exercise's test classes are its top-level *Test classes, in name order")
    void testClassNames(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("workshop/ex1_one"));
        for (String name : List.of("BTest.class", "ATest.class", "ATest$Inner.class", "Helper.class")) {
            Files.writeString(folder.resolve(name), "");
        }
        assertThat(TestRun.testClassNames(dir, MANIFEST.exercises().get(0)))
                .containsExactly("workshop.ex1_one.ATest", "workshop.ex1_one.BTest");
        assertThat(TestRun.testClassNames(dir, MANIFEST.exercises().get(1))).isEmpty();
    }
}
