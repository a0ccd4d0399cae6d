package workshop.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Manifest;

/**
 * The learner's stubs in {@code exercises/src/main/java} are written from the solutions by
 * {@link StubWriter}, and committed so that a reader opening {@code exercises/} sees them. This test
 * fails when a stub is not what its solution gives (edit the solution, not the stub, then run
 * {@code scripts/update-stubs}, which sets {@code -Dworkshop.stubs.update=true}).
 */
class StubsFromSolutionsTest {

    static final Path ROOT = Path.of(System.getProperty("workshop.root", "..")).toAbsolutePath().normalize();
    static final Path SOLUTIONS = ROOT.resolve("solutions/src/main/java");
    static final Path STUBS = ROOT.resolve("exercises/src/main/java");
    static final boolean UPDATE = Boolean.getBoolean("workshop.stubs.update");
    static final Manifest MANIFEST = Manifest.load(ROOT.resolve("exercises/info.toml"));

    @Test
    @DisplayName("every stub is what StubWriter makes of its solution, and every solution has its stub")
    void stubsAreWrittenFromTheSolutions() throws IOException {
        StubWriter writer = new StubWriter(MANIFEST);
        Map<Path, String> expected = new TreeMap<>();
        for (Path solution : javaFiles(SOLUTIONS)) {
            Path relative = SOLUTIONS.relativize(solution);
            expected.put(relative, writer.stub(relative.toString(), Files.readString(solution)));
        }
        if (UPDATE) {
            for (Path stale : javaFiles(STUBS)) {
                if (!expected.containsKey(STUBS.relativize(stale))) {
                    Files.delete(stale);
                }
            }
            for (var e : expected.entrySet()) {
                Files.createDirectories(STUBS.resolve(e.getKey()).getParent());
                Files.writeString(STUBS.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        List<Path> stubs = javaFiles(STUBS).stream().map(STUBS::relativize).toList();
        assertThat(stubs).as("the stubs in %s, one per solution in %s", STUBS, SOLUTIONS)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> stale = new ArrayList<>();
        for (var e : expected.entrySet()) {
            if (!Files.readString(STUBS.resolve(e.getKey())).equals(e.getValue())) {
                stale.add(e.getKey().toString());
            }
        }
        assertThat(stale).withFailMessage("these stubs are not what their solutions give: %s%n"
                + "Edit the solution (its Javadoc, its signatures, its // STUB: markers), not the stub, then run"
                + " scripts/update-stubs and review the result with git diff.", stale).isEmpty();
    }

    @Test
    @DisplayName("a stub keeps the contract and drops the solution: bodies, private methods, unused imports")
    void rules() {
        String solution = """
                package workshop.ex3_workers;

                import java.util.List;
                import java.util.Map;

                /** The class. */
                public final class Sample {

                    private final int size;

                    private Sample(int size) {
                        this.size = size;
                    }

                    /** Counts. */
                    public static int count(List<String> items) {
                        return helper(items);
                    }

                    /** Sized. */
                    public int sized(int factor) {
                        // STUB: task 2
                        return size * factor;
                    }

                    /** Other. */
                    public int sized(int factor, int more) {
                        // STUB: tasks 3-4: keep it small
                        return size * factor * more;
                    }

                    // How we did it.
                    private static int helper(List<String> items) {
                        Map<String, Integer> seen = Map.of();
                        return items.size() + seen.size();
                    }
                }
                """;
        assertThat(new StubWriter(MANIFEST).stub("Sample.java", solution)).isEqualTo("""
                package workshop.ex3_workers;

                import java.util.List;

                /** The class. */
                public final class Sample {

                    private final int size;

                    private Sample(int size) {
                        this.size = size;
                    }

                    /** Counts. */
                    public static int count(List<String> items) {
                        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count): implement Sample.count");
                    }

                    /** Sized. */
                    public int sized(int factor) {
                        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), task 2: implement Sample.sized(factor)");
                    }

                    /** Other. */
                    public int sized(int factor, int more) {
                        throw new UnsupportedOperationException("TODO: exercise 3 (choosing the worker count), tasks 3-4: keep it small");
                    }
                }
                """);
    }

    @Test
    @DisplayName("a marker it cannot read, a package no exercise owns, a source that does not parse: an error naming the place")
    void badInput() {
        StubWriter writer = new StubWriter(MANIFEST);
        assertThatThrownBy(() -> writer.stub("A.java", """
                package workshop.ex1_ordered;
                public final class A {
                    public int f() {
                        // STUB: step two
                        return 1;
                    }
                }
                """)).hasMessageContaining("A.java:4: cannot read the marker \"// STUB: step two\"");
        assertThatThrownBy(() -> writer.stub("B.java", """
                package workshop.ex1_ordered;
                public final class B {
                    public int f() {
                        int x = 1;
                        // STUB: task 2
                        return x;
                    }
                }
                """)).hasMessageContaining("B.java:3: a \"// STUB:\" marker must be the first line");
        assertThatThrownBy(() -> writer.stub("C.java", "package workshop.ex9_nope;\npublic final class C {}\n"))
                .hasMessageContaining("C.java: package workshop.ex9_nope is no exercise's in info.toml");
        assertThatThrownBy(() -> writer.stub("D.java", "package workshop.ex1_ordered;\npublic final class D {\n"))
                .hasMessageContaining("cannot write a stub from a solution that does not parse: D.java:2");
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
