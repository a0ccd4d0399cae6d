package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports are the grader's own: never written through a link, never into someone else's folder. */
class ReportFolderTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a link planted where a report goes is replaced by the report; its target is untouched")
    void linksAreReplacedNotFollowed() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path victim = Files.writeString(dir.resolve("victim.txt"), "the instructor's file");
        Files.createSymbolicLink(out.resolve("summary.csv"), victim);
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("alice"), dir.resolve("elsewhere"));

        ReportFolder folder = ReportFolder.prepare(out);
        ReportFolder.write(folder.root().resolve("summary.csv"), "submission,score\n");
        Path alice = folder.submission("alice");
        ReportFolder.write(alice.resolve("results.json"), "{}");

        assertThat(Files.readString(victim)).isEqualTo("the instructor's file");
        assertThat(Files.isSymbolicLink(out.resolve("summary.csv"))).isFalse();
        assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo("submission,score\n");
        assertThat(Files.isSymbolicLink(alice)).as("alice's folder is a real folder now").isFalse();
        assertThat(dir.resolve("elsewhere/results.json")).doesNotExist();
    }

    @Test
    @DisplayName("a folder others may write is closed to them; --out as a link is refused")
    void worldWritableAndLinks() throws Exception {
        Path out = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        ReportFolder.prepare(out);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwxr-xr-x");

        Path link = Files.createSymbolicLink(dir.resolve("link"), out);
        assertThatThrownBy(() -> ReportFolder.prepare(link)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    @DisplayName("a folder of another user is refused with a message that says whose it is")
    void someoneElsesFolder() throws Exception {
        Path foreign;
        if (System.getProperty("user.name").equals("root")) {
            foreign = Files.createDirectories(dir.resolve("foreign"));
            Files.setAttribute(foreign, "unix:uid", 12345);
        } else {
            foreign = Path.of("/"); // root's, whoever runs this
        }
        assertThatThrownBy(() -> ReportFolder.prepare(foreign)).isInstanceOf(Grade.UsageError.class)
                .hasMessageContaining("belongs to").hasMessageContaining("give a folder of your own");
    }
}
