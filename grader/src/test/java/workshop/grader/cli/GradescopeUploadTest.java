package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every layout a learner may upload to Gradescope, and the uploads that cannot be graded. */
class GradescopeUploadTest {

    @TempDir
    Path dir;

    private static final String MAP = "package workshop.ex1_ordered;\npublic class OrderedMap {}\n";
    private static final String POOL = "// a comment\npackage  workshop.ex3_workers ;\nclass WorkerPool {}\n";

    private Path upload() throws IOException {
        return Files.createDirectories(dir.resolve("submission"));
    }

    private GradescopeUpload.Prepared prepare(Path upload) throws IOException {
        return GradescopeUpload.prepare(upload, Files.createDirectories(dir.resolve("work")));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    @DisplayName("the project's folder: graded as it is")
    void projectFolder() throws IOException {
        Path upload = upload();
        write(upload.resolve("pool-workshop/src/main/java/workshop/ex1_ordered/OrderedMap.java"), MAP);
        write(upload.resolve("pool-workshop/src/test/java/workshop/ex1_ordered/OrderedMapTest.java"), MAP);
        write(upload.resolve("pool-workshop/target/classes/workshop/X.java"), MAP);
        var p = prepare(upload);
        assertThat(p.problem()).isNull();
        assertThat(p.project()).isEqualTo(upload.resolve("pool-workshop"));
        assertThat(p.layout()).isEqualTo("project folder pool-workshop");
    }

    @Test
    @DisplayName("the project's files at the top of the upload (Gradescope's own zip unpacking)")
    void projectAtTop() throws IOException {
        Path upload = upload();
        write(upload.resolve("src/main/java/workshop/ex1_ordered/OrderedMap.java"), MAP);
        write(upload.resolve("pom.xml"), "<project/>");
        var p = prepare(upload);
        assertThat(p.project()).isEqualTo(upload);
        assertThat(p.layout()).isEqualTo("project");
    }

    @Test
    @DisplayName("a zip of the project: unpacked (only .java files, nothing outside), then graded")
    void zipOfProject() throws IOException {
        Path upload = upload();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(upload.resolve("mine.zip")))) {
            zip.putNextEntry(new ZipEntry("pool-workshop/src/main/java/workshop/ex1_ordered/OrderedMap.java"));
            zip.write(MAP.getBytes());
            zip.putNextEntry(new ZipEntry("pool-workshop/../../../../escape.java"));
            zip.write(MAP.getBytes());
            zip.putNextEntry(new ZipEntry("__MACOSX/pool-workshop/src/main/java/._OrderedMap.java"));
            zip.write(new byte[] {0, 1});
        }
        var p = prepare(upload);
        assertThat(p.problem()).isNull();
        assertThat(p.layout()).isEqualTo("zip of project folder pool-workshop");
        assertThat(p.project().resolve("src/main/java/workshop/ex1_ordered/OrderedMap.java")).hasContent(MAP.strip());
        assertThat(dir.resolve("escape.java")).doesNotExist();
    }

    @Test
    @DisplayName("a bare src/ folder and loose .java files: each file goes where its package says")
    void bareSourcesAndLooseFiles() throws IOException {
        Path upload = upload();
        write(upload.resolve("src/workshop/ex1_ordered/OrderedMap.java"), MAP);
        write(upload.resolve("src/WorkerPool.java"), POOL);
        var p = prepare(upload);
        assertThat(p.layout()).isEqualTo("bare src/ folder");
        assertThat(p.project().resolve("src/main/java/workshop/ex1_ordered/OrderedMap.java")).exists();
        assertThat(p.project().resolve("src/main/java/workshop/ex3_workers/WorkerPool.java")).exists();

        Path loose = Files.createDirectories(dir.resolve("loose"));
        write(loose.resolve("OrderedMap.java"), MAP);
        var q = GradescopeUpload.prepare(loose, Files.createDirectories(dir.resolve("work2")));
        assertThat(q.layout()).isEqualTo("loose .java files");
        assertThat(q.project().resolve("src/main/java/workshop/ex1_ordered/OrderedMap.java")).exists();
    }

    @Test
    @DisplayName("unusable uploads: a sentence for the learner that says what was found")
    void unusable() throws IOException {
        Path none = upload();
        write(none.resolve("README.txt"), "forgot the code");
        assertThat(prepare(none).problem()).contains("no .java files").contains("README.txt");

        Path two = Files.createDirectories(dir.resolve("two"));
        write(two.resolve("first/src/main/java/workshop/ex1_ordered/OrderedMap.java"), MAP);
        write(two.resolve("second/src/main/java/workshop/ex1_ordered/OrderedMap.java"), MAP);
        assertThat(GradescopeUpload.prepare(two, Files.createDirectories(dir.resolve("w2"))).problem())
                .contains("2 projects").contains("first").contains("second");

        Path copies = Files.createDirectories(dir.resolve("copies"));
        write(copies.resolve("OrderedMap.java"), MAP);
        write(copies.resolve("old/OrderedMap.java"), MAP);
        assertThat(GradescopeUpload.prepare(copies, Files.createDirectories(dir.resolve("w3"))).problem())
                .contains("two copies of workshop/ex1_ordered/OrderedMap.java");

        Path notZip = Files.createDirectories(dir.resolve("notzip"));
        write(notZip.resolve("project.zip"), "this is not a zip");
        assertThat(GradescopeUpload.prepare(notZip, Files.createDirectories(dir.resolve("w4"))).problem())
                .contains("project.zip is not a zip file");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(GradescopeUpload.prepare(empty, Files.createDirectories(dir.resolve("w5"))).problem())
                .contains("It holds: nothing");
    }
}
