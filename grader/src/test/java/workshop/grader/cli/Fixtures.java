package workshop.grader.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the fixture class as learners' project folders ({@code NAME/src/main/java/...}): our
 * solutions, the stubs, the wrong-implementation catalog (the solutions with one file replaced), and
 * the hostile submissions of {@code src/test/fixtures} (the same, with a hostile file).
 */
public final class Fixtures {

    public static final Path SOLUTIONS = Path.of(System.getProperty("workshop.solutions.sources", "../solutions/src/main/java"));
    static final Path STUBS = Path.of(System.getProperty("workshop.stubs.sources", "../exercises/src/main/java"));
    static final Path CATALOG = Path.of(System.getProperty("workshop.catalog", "src/test/catalog"));
    static final Path HOSTILE = Path.of(System.getProperty("workshop.fixtures", "src/test/fixtures"));

    private Fixtures() {}

    /** A project folder {@code root/name} whose src/main/java is {@code layers}, later ones replacing files of earlier ones. */
    public static Path project(Path root, String name, Path... layers) {
        Path sources = root.resolve(name).resolve("src/main/java");
        try {
            Files.createDirectories(sources);
            // A catalog entry's X.java.patch changes the solution's X.java (see workshop.grader.Layers).
            workshop.grader.Layers.layInto(sources, List.of(layers));
            // A learner's project has a pom; the grader must not care.
            Files.writeString(root.resolve(name).resolve("pom.xml"), "<project><!-- never read by the grader --></project>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root.resolve(name);
    }

    static Path solutions(Path root) {
        return project(root, "solutions", SOLUTIONS);
    }

    static Path stubs(Path root) {
        return project(root, "stubs", STUBS);
    }

    /** A catalog entry, {@code exercise/mistake}, over the solutions. */
    static Path catalog(Path root, String exercise, String mistake) {
        return project(root, "catalog-" + exercise + "-" + mistake, SOLUTIONS, CATALOG.resolve(exercise).resolve(mistake));
    }

    /** A hostile fixture of src/test/fixtures, over the solutions. */
    static Path hostile(Path root, String name) {
        return project(root, name, SOLUTIONS, HOSTILE.resolve(name).resolve("src/main/java"));
    }

    /** Every catalog entry as {@code [exercise, mistake]}. */
    static List<String[]> catalogEntries() {
        List<String[]> entries = new ArrayList<>();
        try (Stream<Path> exercises = Files.list(CATALOG)) {
            for (Path exercise : exercises.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> mistakes = Files.list(exercise)) {
                    mistakes.filter(Files::isDirectory).sorted()
                            .forEach(m -> entries.add(new String[] {exercise.getFileName().toString(), m.getFileName().toString()}));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The names of the hostile fixtures. */
    static List<String> hostileNames() {
        try (Stream<Path> dirs = Files.list(HOSTILE)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
