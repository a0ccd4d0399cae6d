package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plausible wrong implementations, one folder each under {@code src/test/catalog/<exercise>/<mistake>},
 * must each be caught by the hidden tests with the message a learner needs.
 *
 * <p>Each wrong source file says, in a header line, which hidden test must catch it and a phrase
 * its failure message must contain:
 * <pre>// Caught by: OrderedMapHiddenTest#runsConcurrently "in flight at once"</pre>
 * The folder's files replace the stubs' files of the same path; the rest of the stubs stay.
 */
class WrongImplementationCatalogTest {

    private static final Pattern CAUGHT_BY = Pattern.compile("//\\s*Caught by:\\s*(\\S+#\\S+)\\s+\"([^\"]+)\"");

    /** One wrong implementation and what must catch it. */
    record Entry(String exercise, String mistake, Path folder, Map<String, String> caughtBy) {
        @Override
        public String toString() {
            return exercise + "/" + mistake;
        }
    }

    static List<Entry> catalog() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> exercises = Files.list(Targets.CATALOG)) {
            for (Path exercise : exercises.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> mistakes = Files.list(exercise)) {
                    for (Path mistake : mistakes.filter(Files::isDirectory).sorted().toList()) {
                        entries.add(new Entry(exercise.getFileName().toString(), mistake.getFileName().toString(),
                                mistake, caughtBy(mistake)));
                    }
                }
            }
        }
        return entries;
    }

    private static Map<String, String> caughtBy(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".java.patch")).flatMap(f -> {
                try {
                    return CAUGHT_BY.matcher(Files.readString(f)).results();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
        }
    }

    @Test
    @DisplayName("the catalog holds at least 4 wrong implementations of every exercise")
    void catalogCoversEveryExercise() throws IOException {
        Map<String, Long> perExercise = catalog().stream()
                .collect(Collectors.groupingBy(Entry::exercise, Collectors.counting()));
        Targets.RUNNER.manifest().exercises().forEach(e ->
                assertThat(perExercise.getOrDefault(e.id(), 0L)).as("wrong implementations of %s", e.id())
                        .isGreaterThanOrEqualTo(4));
    }

    @Test
    @DisplayName("every hidden test is named by a catalog entry: each catches at least one plausible mistake")
    void everyHiddenTestCatchesAMistake() throws Exception {
        Set<String> named = catalog().stream()
                .flatMap(e -> e.caughtBy().keySet().stream().map(test -> e.exercise() + "/" + test))
                .collect(Collectors.toSet());
        List<String> unnamed = new ArrayList<>();
        for (String className : Targets.RUNNER.hiddenTestClassNames()) {
            Optional<String> exercise = Targets.RUNNER.manifest().owner(className).map(e -> e.id());
            if (exercise.isEmpty()) {
                continue;
            }
            Class<?> type = Class.forName(className, false, getClass().getClassLoader());
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class) || method.isAnnotationPresent(ParameterizedTest.class)) {
                    String test = exercise.get() + "/" + type.getSimpleName() + "#" + method.getName();
                    if (!named.contains(test)) {
                        unnamed.add(test);
                    }
                }
            }
        }
        assertThat(unnamed.stream().sorted().toList())
                .withFailMessage("these hidden tests are named by no '// Caught by:' line in %s, so nothing shows they"
                        + " catch a plausible mistake; add a wrong implementation each fails on: %s",
                        Targets.CATALOG, unnamed.stream().sorted().toList())
                .isEmpty();
    }

    /**
     * Exercises whose hidden tests count the processes of the whole test JVM: their entries run one
     * at a time (alongside the others), so one entry's child processes never show in another's count.
     */
    private static final Set<String> COUNTS_PROCESSES = Set.of("ex4_cpubound");

    static Stream<Entry> sharingTheJvm() throws IOException {
        return catalog().stream().filter(e -> !COUNTS_PROCESSES.contains(e.exercise()));
    }

    static Stream<Entry> countingProcesses() throws IOException {
        return catalog().stream().filter(e -> COUNTS_PROCESSES.contains(e.exercise()));
    }

    // Most entries spend their time waiting at a rendezvous that a wrong implementation never
    // reaches, so they run four at a time; each is graded in a class loader of its own.
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharingTheJvm")
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("each wrong implementation is caught, with the message a learner needs")
    void isCaught(Entry entry) {
        assertCaught(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countingProcesses")
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("each wrong process pool is caught, one at a time, with the message a learner needs")
    void isCaughtAlone(Entry entry) {
        synchronized (COUNTS_PROCESSES) {
            assertCaught(entry);
        }
    }

    private static void assertCaught(Entry entry) {
        assertThat(entry.caughtBy()).as("'// Caught by:' lines in %s", entry.folder()).isNotEmpty();
        Path classes = Targets.compiled(List.of(Targets.SOLUTIONS, entry.folder()));

        ScoreReport report = Targets.RUNNER.grade(entry.toString(), List.of(classes), List.of(entry.exercise()),
                entry.caughtBy()::containsKey);

        for (Map.Entry<String, String> expected : entry.caughtBy().entrySet()) {
            TestResult verdict = report.tests().stream().filter(t -> t.test().id().equals(expected.getKey()))
                    .findFirst().orElseThrow(() -> new AssertionError("no hidden test " + expected.getKey()));
            assertThat(verdict.passed()).as("%s should fail on %s", expected.getKey(), entry).isFalse();
            assertThat(verdict.message()).as("failure message of %s on %s", expected.getKey(), entry)
                    .contains(expected.getValue());
        }
    }
}
