package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An exercise's number is its place in info.toml ({@link Manifest#number}). Where a Java file has to
 * type it, in an annotation's constant (a test class's {@code @DisplayName("Exercise 3: ...")}, which
 * Maven's output shows as it is: Surefire reads the annotation itself and ignores display-name
 * generators) or in the first line of an exercise's Javadoc ({@code Exercise 3, tasks 1 and 2: ...}),
 * it must be that place, so adding or moving an exercise cannot leave a stale number behind.
 * {@code -Dworkshop.numbers.update=true} rewrites them (then run scripts/update-stubs for the stubs).
 */
class ExerciseNumbersTest {

    private static final Path ROOT = Path.of("..");
    private static final Manifest MANIFEST = Manifest.load(ROOT.resolve("exercises/info.toml"));
    private static final boolean UPDATE = Boolean.getBoolean("workshop.numbers.update");

    /** Where each exercise's own files are, by package: the visible and hidden tests, the solution and the stub. */
    private static final List<String> FOLDERS = List.of("exercises/src/test/java", "grader/src/hidden/java",
            "solutions/src/main/java", "exercises/src/main/java");

    /** A test class's display name, or the first line of a class's Javadoc, that starts with its exercise's number. */
    private static final Pattern TYPED = Pattern.compile("^(@DisplayName\\(\"Exercise |(?:/\\*\\*)?\\s*\\*?\\s*Exercise )(\\d+)(?=[:, (])");

    @Test
    @DisplayName("the exercise numbers typed in test class names and exercise Javadoc are the exercises' places in info.toml")
    void numbersAreTheManifests() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            int number = MANIFEST.number(exercise);
            for (String folder : FOLDERS) {
                Path dir = ROOT.resolve(folder).resolve(exercise.javaPackage().replace('.', '/'));
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        List<String> lines = new ArrayList<>(Files.readAllLines(file));
                        boolean changed = false;
                        for (int i = 0; i < lines.size(); i++) {
                            Matcher m = TYPED.matcher(lines.get(i));
                            if (!m.find()) {
                                continue;
                            }
                            checked++;
                            if (Integer.parseInt(m.group(2)) != number) {
                                wrong.add(ROOT.relativize(file) + ":" + (i + 1) + ": exercise " + m.group(2) + ", but "
                                        + exercise.id() + " is exercise " + number + " in info.toml");
                                lines.set(i, lines.get(i).substring(0, m.start(2)) + number + lines.get(i).substring(m.end(2)));
                                changed = true;
                            }
                        }
                        if (changed && UPDATE) {
                            Files.write(file, lines);
                        }
                    }
                }
            }
        }
        assertThat(checked).as("typed exercise numbers found (the pattern still matches the sources)").isPositive();
        if (!UPDATE) {
            assertThat(wrong).as("exercise numbers that are not the manifest's (-Dworkshop.numbers.update=true rewrites them,"
                    + " then run scripts/update-stubs)").isEmpty();
        }
    }
}
