package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Correct but differently written solutions, one folder each under
 * {@code src/test/correct/<exercise>/<design>}, must each get full marks on their exercise: a design
 * the contract allows (a thread factory, a ThreadPoolExecutor built by hand, invokeAll,
 * CompletableFuture with our own pool, helpers and logging) never loses a point.
 *
 * <p>The same layout as the wrong-implementation catalog ({@link WrongImplementationCatalogTest}):
 * each folder's files replace the files of the same path, here in our solutions (the other
 * exercises stay ours). Each entry says, in a header line, what it does differently:
 * <pre>// Design: a fixed pool of at most maxWorkers threads, made by Thread.ofVirtual().name(..).factory()</pre>
 */
class CorrectImplementationCatalogTest {

    /** Beside the wrong catalog: {@code src/test/correct}. */
    static final Path CORRECT = Path.of(System.getProperty("workshop.correct",
            Targets.CATALOG.resolveSibling("correct").toString()));

    private static final Pattern DESIGN = Pattern.compile("//\\s*Design:\\s*\\S");

    /** One correct design of one exercise. */
    record Entry(String exercise, String design, Path folder) {
        @Override
        public String toString() {
            return exercise + "/" + design;
        }
    }

    static List<Entry> catalog() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> exercises = Files.list(CORRECT)) {
            for (Path exercise : exercises.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> designs = Files.list(exercise)) {
                    for (Path design : designs.filter(Files::isDirectory).sorted().toList()) {
                        entries.add(new Entry(exercise.getFileName().toString(), design.getFileName().toString(), design));
                    }
                }
            }
        }
        return entries;
    }

    @Test
    @DisplayName("the correct catalog holds at least 2 other designs of every exercise, each with a '// Design:' line")
    void catalogCoversEveryExercise() throws IOException {
        Map<String, Long> perExercise = catalog().stream()
                .collect(Collectors.groupingBy(Entry::exercise, Collectors.counting()));
        Targets.RUNNER.manifest().exercises().forEach(e ->
                assertThat(perExercise.getOrDefault(e.id(), 0L)).as("correct designs of %s in %s", e.id(), CORRECT)
                        .isGreaterThanOrEqualTo(2));
        Set<String> ids = Targets.RUNNER.manifest().exercises().stream().map(e -> e.id()).collect(Collectors.toSet());
        for (Entry entry : catalog()) {
            assertThat(ids).as("exercise of %s (a folder name from info.toml)", entry).contains(entry.exercise());
            try (Stream<Path> files = Files.walk(entry.folder())) {
                List<Path> sources = files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".java.patch")).toList();
                assertThat(sources).as("sources of %s", entry).isNotEmpty();
                assertThat(sources.stream().anyMatch(f -> DESIGN.matcher(read(f)).find()))
                        .withFailMessage("no '// Design: ...' line in %s: say in one line what this solution does"
                                + " differently from ours", entry.folder())
                        .isTrue();
            }
        }
    }

    static Stream<Entry> sharingTheJvm() throws IOException {
        return catalog().stream().filter(e -> !e.exercise().equals("ex4_cpubound"));
    }

    static Stream<Entry> countingProcesses() throws IOException {
        return catalog().stream().filter(e -> e.exercise().equals("ex4_cpubound"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharingTheJvm")
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("each correct design gets full marks on its exercise")
    void getsFullMarks(Entry entry) {
        assertFullMarks(entry);
    }

    /** Exercise 4's hidden tests count the JVM's child processes: its entries run one at a time, as in the wrong catalog. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("countingProcesses")
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("each correct design of exercise 4 gets full marks, graded one at a time")
    void getsFullMarksAlone(Entry entry) {
        synchronized (CorrectImplementationCatalogTest.class) {
            assertFullMarks(entry);
        }
    }

    private static void assertFullMarks(Entry entry) {
        Path classes = Targets.compiled(List.of(Targets.SOLUTIONS, entry.folder()));
        ScoreReport report = Targets.RUNNER.grade(entry.toString(), List.of(classes), List.of(entry.exercise()));
        ExerciseScore score = report.exercise(entry.exercise());
        List<String> failures = score.tests().stream().filter(t -> !t.passed())
                .map(t -> t.test().id() + ": " + t.message()).toList();
        assertThat(failures)
                .withFailMessage("%s is correct, yet these hidden tests fail it (a test that fails a design the contract"
                        + " allows must change, not the design):%n  %s", entry, String.join("\n  ", failures))
                .isEmpty();
        assertThat(score.earned()).as("points of %s", entry).isEqualTo(score.max());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
