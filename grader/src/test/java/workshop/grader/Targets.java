package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import workshop.common.BlockingCall;

/**
 * What the self-checks grade, compiled once per test JVM: our solutions, the learners' stubs, and
 * the stubs with one class swapped for a wrong implementation from the catalog.
 */
final class Targets {

    static final Path SOLUTIONS = Path.of(System.getProperty("workshop.solutions.sources", "../solutions/src/main/java"));
    static final Path STUBS = Path.of(System.getProperty("workshop.stubs.sources", "../exercises/src/main/java"));
    static final Path CATALOG = Path.of(System.getProperty("workshop.catalog", "src/test/catalog"));

    static final HiddenTestRunner RUNNER = new HiddenTestRunner();

    private static final Map<List<Path>, Path> COMPILED = new ConcurrentHashMap<>();
    private static final Map<Path, ScoreReport> FULL_REPORTS = new ConcurrentHashMap<>();

    private Targets() {}

    /** The classes compiled from these source layers (a later layer replaces same-named files). */
    static Path compiled(List<Path> layers) {
        return COMPILED.computeIfAbsent(layers, l -> {
            try {
                Path out = Files.createTempDirectory("workshop-selfcheck-");
                SourceCompiler.Result result = SourceCompiler.compile(List.of(Layers.materialize(l)), out,
                        List.of(HiddenTestRunner.codeSource(BlockingCall.class)));
                if (!result.success()) {
                    throw new AssertionError("cannot compile " + l + ":\n" + result.diagnostics());
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Every hidden test run against these sources, once per JVM. */
    static ScoreReport fullReport(Path sources) {
        return FULL_REPORTS.computeIfAbsent(sources,
                s -> RUNNER.grade(s.toString(), List.of(compiled(List.of(s)))));
    }
}
