package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionSourceTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a folder: only src/main/java's .java files are copied, never through a symbolic link, never from target/")
    void folder() throws Exception {
        Path project = dir.resolve("alice/pool-workshop");
        Path sources = Files.createDirectories(project.resolve("src/main/java/workshop/ex1_ordered"));
        Files.writeString(sources.resolve("OrderedMap.java"), "class A {}");
        Files.writeString(sources.resolve("notes.txt"), "not java");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("target/x/src/main/java"));
        Files.writeString(dir.resolve("secret.java"), "class Secret {}");
        Files.createSymbolicLink(sources.resolve("Secret.java"), dir.resolve("secret.java"));

        SubmissionSource.Copied copied = SubmissionSource.copy(dir.resolve("alice"), dir.resolve("copy"));

        assertThat(copied.root()).contains("pool-workshop");
        assertThat(copied.files()).isEqualTo(1);
        assertThat(copied.skipped()).anySatisfy(s -> assertThat(s).contains("Secret.java").contains("symbolic link"));
        assertThat(dir.resolve("copy/workshop/ex1_ordered/OrderedMap.java")).exists();
        assertThat(dir.resolve("copy/workshop/ex1_ordered/Secret.java")).doesNotExist();
        assertThat(dir.resolve("copy/workshop/ex1_ordered/notes.txt")).doesNotExist();
    }

    @Test
    @DisplayName("a zip: the shallowest src/main/java wins; entries that climb out are left out")
    void zip() throws Exception {
        Path zip = dir.resolve("bob.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"proj/src/main/java/workshop/ex1_ordered/OrderedMap.java",
                    "proj/nested/src/main/java/workshop/ex1_ordered/Other.java",
                    "__MACOSX/proj/src/main/java/workshop/ex1_ordered/._OrderedMap.java",
                    "proj/src/main/java/../../../../evil.java"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write("class A {}".getBytes());
                out.closeEntry();
            }
        }
        SubmissionSource.Copied copied = SubmissionSource.copy(zip, dir.resolve("copy"));

        assertThat(copied.root()).contains("proj");
        assertThat(copied.files()).isEqualTo(1);
        assertThat(copied.skipped()).anySatisfy(s -> assertThat(s).contains("evil.java").contains("outside"));
        assertThat(dir.resolve("evil.java")).doesNotExist();
        assertThat(dir.resolve("copy/workshop/ex1_ordered/OrderedMap.java")).exists();
        assertThat(SubmissionSource.name(zip)).isEqualTo("bob");
    }

    @Test
    @DisplayName("no src/main/java: nothing copied, and the reason is known")
    void nothing() throws Exception {
        Files.createDirectories(dir.resolve("carol/docs"));
        assertThat(SubmissionSource.copy(dir.resolve("carol"), dir.resolve("copy")).root()).isEmpty();
        assertThat(SubmissionSource.problem(dir.resolve("nope"))).hasValueSatisfying(p -> assertThat(p).contains("does not exist"));
        Files.writeString(dir.resolve("file.txt"), "x");
        assertThat(SubmissionSource.problem(dir.resolve("file.txt"))).hasValueSatisfying(p -> assertThat(p).contains("neither"));
    }

    @Test
    @DisplayName("a folder holding several projects is named as such; one without src/main/java says what it holds")
    void shape() throws Exception {
        Path two = dir.resolve("carol");
        Files.createDirectories(two.resolve("pool-workshop/src/main/java"));
        Files.createDirectories(two.resolve("pool-workshop-old/src/main/java"));
        Files.createDirectories(two.resolve("pool-workshop/target/x/src/main/java"));
        org.assertj.core.api.Assertions.assertThat(SubmissionSource.shapeProblem(two)).get().asString()
                .contains("holds 2 projects (pool-workshop, pool-workshop-old)");
        Path none = Files.createDirectories(dir.resolve("dave/code"));
        Files.writeString(dir.resolve("dave/notes.txt"), "x");
        org.assertj.core.api.Assertions.assertThat(SubmissionSource.shapeProblem(dir.resolve("dave"))).get().asString()
                .contains("no src/main/java folder (it holds code/, notes.txt)");
        Path one = dir.resolve("erin");
        Files.createDirectories(one.resolve("src/main/java"));
        Files.createDirectories(one.resolve("backup/src/main/java"));
        org.assertj.core.api.Assertions.assertThat(SubmissionSource.shapeProblem(one)).isEmpty();
    }
}
