package workshop.testkit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one list of exercises, in teaching order, read from {@code info.toml} (in the spirit of
 * rustlings' {@code info.toml}). The hidden-test runner, the score table, the archetype, the
 * progress view, the grader and the docs all read it; none keeps a list of its own.
 *
 * @param exercises the exercises in the order learners take them
 */
public record Manifest(List<Exercise> exercises) {

    /** Where {@code info.toml} sits on a classpath that carries it. */
    public static final String RESOURCE = "workshop/info.toml";

    public Manifest {
        exercises = List.copyOf(exercises);
    }

    /**
     * One exercise.
     *
     * @param id a short stable name, also the last segment of its package ({@code ex1_ordered})
     * @param title what learners see ({@code Ordered map})
     * @param javaPackage the fixed package of its stub, solution and tests; {@code workshop.<id>} unless
     *     info.toml says otherwise ({@code workshop.ex1_ordered})
     * @param points what its hidden tests are worth in all; their {@code @Points} must add up to it
     * @param instructions the instructions file, relative to the exercises folder; {@code
     *     instructions/<id>.md} unless info.toml says otherwise
     * @param hint the one hint a stuck learner gets first
     * @param summary what the learner builds, in one line (the README's table of exercises); may be empty
     */
    public record Exercise(
            String id,
            String title,
            @JsonProperty("package") String javaPackage,
            int points,
            String instructions,
            String hint,
            String summary) {

        public Exercise {
            Objects.requireNonNull(id, "every exercise in info.toml needs an id");
            Objects.requireNonNull(title, () -> id + ": title is missing in info.toml");
            javaPackage = javaPackage != null ? javaPackage : "workshop." + id;
            instructions = instructions != null ? instructions : "instructions/" + id + ".md";
            Objects.requireNonNull(hint, () -> id + ": hint is missing in info.toml");
            hint = hint.strip();
            summary = summary == null ? "" : summary.strip();
        }

        public Exercise(String id, String title, String javaPackage, int points, String instructions, String hint) {
            this(id, title, javaPackage, points, instructions, hint, "");
        }

        /** Whether {@code className} (a test or an implementation) belongs to this exercise. */
        public boolean owns(String className) {
            return className.startsWith(javaPackage + ".");
        }
    }

    /** The file as TOML has it (public only so that Jackson can build it where the test kit is a named module). */
    public record File(List<Exercise> exercise) {}

    /** Reads a manifest from a TOML file. */
    public static Manifest load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the exercise manifest " + file, e);
        }
    }

    /** Reads the manifest at {@link #RESOURCE} on the context class loader's classpath. */
    public static Manifest fromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the exercise manifest " + RESOURCE, e);
        }
    }

    static Manifest read(InputStream in) throws IOException {
        File file = TomlMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build()
                .readValue(in, File.class);
        return new Manifest(file.exercise() == null ? List.of() : file.exercise());
    }

    /** The exercise with this id. */
    public Exercise byId(String id) {
        return exercises.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exercise " + id + " in info.toml"));
    }

    /** The exercise a class belongs to, by its package. */
    public Optional<Exercise> owner(String className) {
        return exercises.stream().filter(e -> e.owns(className)).findFirst();
    }

    /** The exercise's place in the course, from 1. */
    public int number(Exercise exercise) {
        return exercises.indexOf(exercise) + 1;
    }
}
