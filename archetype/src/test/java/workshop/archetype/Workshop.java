package workshop.archetype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import workshop.testkit.Manifest;

/**
 * Where things are for the checks of the generated project: the repository the archetype copies
 * from, and the project archetype:integration-test generated from it
 * ({@code src/test/resources/projects/starter}).
 */
final class Workshop {

    /** The repository root: exercises/, api/, testkit/, solutions/, grader/. */
    static final Path ROOT = Path.of(property("workshop.root", "..")).toAbsolutePath().normalize();
    /** The archetype's own files for the learner (README.md, the pom template, ...). */
    static final Path ARCHETYPE_RESOURCES = Path.of(property("workshop.archetype.resources",
            "src/main/resources/archetype-resources")).toAbsolutePath().normalize();
    /** The project the archetype IT "starter" generated and built, as a learner gets it. */
    static final Path GENERATED = Path.of(property("workshop.generated",
            "target/test-classes/projects/starter/project/pool-workshop")).toAbsolutePath().normalize();
    /** Room for copies of the generated project. */
    static final Path SCRATCH = Path.of(property("workshop.scratch", "target/generated-project-checks"))
            .toAbsolutePath().normalize();

    static final Manifest MANIFEST = Manifest.load(ROOT.resolve("exercises/info.toml"));

    private Workshop() {}

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The regular files under {@code dir}, relative to it, in a stable order; none if it is missing. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same path with '/' separators, for messages and comparisons. */
    static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
