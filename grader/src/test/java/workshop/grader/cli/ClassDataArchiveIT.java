package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.isolation.Sandbox;

/** The workers' class-data archive: made by the grader, mapped by the workers, never one a learner could have written. */
class ClassDataArchiveIT {

    @TempDir
    Path dir;

    /** What {@code grade --prepare --class-cache CACHE} made. */
    private Path prepare(Path cache) {
        GraderJar.Run run = GraderJar.run(dir, List.of("--prepare", "--class-cache", cache.toString()));
        assertThat(run.status()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).as("what --prepare printed").startsWith("Class-data archive for the grading JVMs: ");
        return Path.of(run.stdout().strip().substring("Class-data archive for the grading JVMs: ".length()));
    }

    @Test
    @DisplayName("--prepare makes an archive only its user may write, in a folder others may only pass through,"
            + " and a JVM started as the workers are maps the worker's classes from it")
    void preparedArchiveIsMappedByTheWorkers() throws Exception {
        Path cache = dir.resolve("cache");
        Path archive = prepare(cache);
        assertThat(archive.getParent()).isEqualTo(cache.toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx--x--x");
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("the cache folder after --prepare")
                    .containsExactly(archive.getFileName().toString());
        }

        // -Xshare:on fails to start when the archive cannot be mapped; the class log says where each class came from.
        Path log = dir.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "-Xlog:class+load:file=" + log, "-cp", GraderJar.JAR.toAbsolutePath().toString(),
                "workshop.grader.worker.WorkerBoot", dir.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("a JVM with -Xshare:on and the archive").doesNotContain("Unable to use shared archive")
                .doesNotContain("An error has occurred while processing the shared archive");
        assertThat(Files.readAllLines(log)).as("the class log")
                .anyMatch(l -> l.contains("workshop.grader.worker.WorkerBoot source: shared objects file"));
    }

    @Test
    @DisplayName("the workers map the archive in the sandbox this machine gives, also when it is kept in a home folder"
            + " the workers' own user may not enter (root's, as root with bubblewrap): graded with -Xshare:on, which"
            + " stops a JVM that cannot map it, the solutions get full marks")
    void workersMapTheArchiveInTheSandbox() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path cache = home.resolve("cache");
        prepare(cache);
        Path out = dir.resolve("reports");
        GraderJar.Run run = GraderJar.run(dir, List.of(Fixtures.solutions(dir).toString(), "--exercises", "ex1_ordered",
                "--class-cache", cache.toString(), "--jvm-option=-Xshare:on", "--format", "json", "--out", out.toString()));
        assertThat(run.status()).as(run.stdout() + run.stderr()).isZero();
        var results = GraderJar.results(out).values().iterator().next();
        assertThat(results.get("score").asDouble()).as("the solutions' score, graded by workers mapping the archive: "
                + GraderJar.lostPoints(results)).isEqualTo(25.0);
    }

    @Test
    @DisplayName("an archive that others may write, a link in its place, or a cache folder that others may write is"
            + " never used: the grader makes its own again")
    void untrustedArchivesAreNotUsed() throws Exception {
        Path cache = dir.resolve("cache");
        Path archive = prepare(cache);
        assertThat(ClassDataArchive.trusted(archive)).isTrue();

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(ClassDataArchive.trusted(archive)).as("a world-writable archive").isFalse();
        long planted = Files.getLastModifiedTime(archive).toMillis();
        Thread.sleep(1100);
        Path again = prepare(cache);
        assertThat(again).isEqualTo(archive);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(again))).isEqualTo("rw-r--r--");
        assertThat(Files.getLastModifiedTime(again).toMillis()).as("the archive was made again").isGreaterThan(planted);

        Path elsewhere = Files.copy(archive, dir.resolve("elsewhere.jsa"));
        Files.delete(archive);
        Files.createSymbolicLink(archive, elsewhere);
        assertThat(ClassDataArchive.trusted(archive)).as("a link in the archive's place").isFalse();

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ClassDataArchive.privateFolder(cache)).as("our own folder, made private again").contains(cache);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx--x--x");
    }

    @Test
    @DisplayName("an archive or cache folder another user owns is not used")
    void anotherUsersArchiveIsNotUsed() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        Path cache = dir.resolve("cache");
        Path archive = prepare(cache);
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(archive, nobody);
        assertThat(ClassDataArchive.trusted(archive)).as("an archive owned by nobody").isFalse();
        Files.setOwner(cache, nobody);
        assertThat(ClassDataArchive.privateFolder(cache)).as("a cache folder owned by nobody").isEmpty();
    }

    @Test
    @DisplayName("with --sandbox plain the worker runs as the grader's user and could write the archive: none is used")
    void plainSandboxUsesNoArchive() {
        Sandbox plain = Sandbox.probe(Sandbox.Mode.PLAIN, new Sandbox.Limits(1, 60, 512, 4096, 64, 8192), new ArrayList<>(),
                dir);
        assertThat(plain.workersCannotWrite()).isFalse();
    }
}
