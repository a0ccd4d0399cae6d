package workshop.grader.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.common.BlockingCall;
import workshop.grader.HiddenTestRunner;
import workshop.grader.cli.Fixtures;
import workshop.grader.protocol.Protocol;
import workshop.testkit.Manifest;

class PartialCompilerTest {

    @TempDir
    Path dir;

    private static final Manifest MANIFEST = new HiddenTestRunner().manifest();

    @Test
    @DisplayName("a compile error in one exercise leaves the others compiled, with javac's message and a caret")
    void compilesWhatCompiles() throws Exception {
        Path sources = Fixtures.project(dir, "p", Fixtures.SOLUTIONS).resolve("src/main/java");
        Path broken = sources.resolve("workshop/ex1_ordered/OrderedMap.java");
        Files.writeString(broken, Files.readString(broken).replaceFirst("return List.of\\(\\);", "return List.of()"));
        Files.writeString(sources.resolve("workshop/ex1_ordered/Helper.java"), "package workshop.ex1_ordered;\nclass Helper {}\n");
        Path classes = dir.resolve("classes");

        Protocol.Compilation c = PartialCompiler.compile(sources, classes, List.of(HiddenTestRunner.codeSource(BlockingCall.class)),
                MANIFEST, name -> false);

        Protocol.Unit ex1 = c.unit("ex1_ordered").orElseThrow();
        assertThat(ex1.excluded()).containsExactly("workshop/ex1_ordered/OrderedMap.java");
        assertThat(ex1.diagnostics()).contains("workshop/ex1_ordered/OrderedMap.java:").contains("';' expected").contains("^");
        assertThat(classes.resolve("workshop/ex1_ordered/Helper.class")).exists();
        assertThat(c.unit("ex2_ascompleted").orElseThrow().complete()).isTrue();
        assertThat(classes.resolve("workshop/ex2_ascompleted/AsCompleted.class")).exists();
    }

    @Test
    @DisplayName("a learner's copy of an API type is not compiled: the grader's own is used")
    void apiCopiesAreIgnored() throws Exception {
        Path sources = Fixtures.project(dir, "p", Fixtures.SOLUTIONS).resolve("src/main/java");
        Path copy = sources.resolve("workshop/common/BlockingCall.java");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "package workshop.common;\npublic interface BlockingCall<I, O> { O call(I input); }\n");

        Protocol.Compilation c = PartialCompiler.compile(sources, dir.resolve("classes"),
                List.of(HiddenTestRunner.codeSource(BlockingCall.class)), MANIFEST,
                name -> name.equals(BlockingCall.class.getName()));

        assertThat(c.ignored()).containsExactly("workshop/common/BlockingCall.java");
        assertThat(c.units()).allSatisfy(u -> assertThat(u.complete()).isTrue());
        assertThat(dir.resolve("classes/workshop/common/BlockingCall.class")).doesNotExist();
    }
}
