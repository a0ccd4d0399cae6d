package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: usage errors, help, the launcher on an old Java, zip submissions. */
class GradeCommandIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a SUBMISSION that does not exist is a usage error (status 2) that names it")
    void missingSubmission() {
        GraderJar.Run run = GraderJar.run(dir, List.of("no-such-project"));
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stderr()).contains("usage error").contains("no-such-project does not exist");
    }

    @Test
    @DisplayName("a bad option, an unknown exercise or a JVM option the JDK refuses is a usage error (status 2); --help and --version exit 0")
    void options() {
        GraderJar.Run bad = GraderJar.run(dir, List.of("--jobs", "many", "."));
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.stderr()).contains("usage error").contains("--jobs");

        GraderJar.Run unknown = GraderJar.run(dir, List.of("--exercises", "ex9_nothing", "."));
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("no exercise ex9_nothing in info.toml");

        GraderJar.Run jvm = GraderJar.run(dir, List.of("--jvm-option=-XX:NoSuchFlag", "."));
        assertThat(jvm.status()).as(jvm.stderr()).isEqualTo(2);
        assertThat(jvm.stderr()).contains("usage error").contains("--jvm-option -XX:NoSuchFlag")
                .contains("does not start with it").contains("Unrecognized VM option 'NoSuchFlag'");

        GraderJar.Run help = GraderJar.run(dir, List.of("--help"));
        assertThat(help.status()).isZero();
        assertThat(help.stdout()).contains("SUBMISSION").contains("--format").contains("--jobs").contains("--timeout")
                .contains("Exit status");

        GraderJar.Run version = GraderJar.run(dir, List.of("--version"));
        assertThat(version.status()).isZero();
        assertThat(version.stdout()).contains("Thread Pool Workshop grader");
    }

    @Test
    @DisplayName("the jar starts on an older java (17) and finds a JDK 21+ by itself, as the build does")
    void startsOnAnOlderJava() throws IOException {
        Path java17 = Stream.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64", "/usr/lib/jvm/temurin-17-jdk-amd64")
                .map(home -> Path.of(home, "bin", "java")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(java17 != null, "no Java 17 on this machine to start the jar with");
        GraderJar.Run run = GraderJar.runWith(java17.toString(), dir, List.of("--version"));
        assertThat(run.status()).as("stderr: %s", run.stderr()).isZero();
        assertThat(run.stdout()).contains("Thread Pool Workshop grader").doesNotContain("running on Java 17");
    }

    @Test
    @DisplayName("without --out the chosen format goes to stdout, progress to stderr")
    void formatsOnStdout() throws IOException {
        Path project = Fixtures.solutions(Files.createDirectories(dir.resolve("class")));
        GraderJar.Run run = GraderJar.run(dir, List.of(project.toString(), "--exercises", "ex1_ordered", "--format", "csv"));
        assertThat(run.status()).isZero();
        assertThat(run.stdout().lines().toList()).hasSize(2);
        assertThat(run.stdout()).startsWith("submission,score,max_score,percent,ex1_ordered,").contains("solutions,25,25,100,25,");
        assertThat(run.stderr()).contains("[1/1 done] solutions: 25/25 (100%)");
        assertThat(run.stdout()).doesNotContain("Grading 1 submission");
    }

    @Test
    @DisplayName("a class of a zip, a folder without sources and a file-reading project, with --sandbox plain:"
            + " the zip is graded like a folder, the empty one scores zero and says why, file access outside is listed")
    void zipEmptyAndFileAccess() throws IOException {
        Path classFolder = Files.createDirectories(dir.resolve("class"));
        Path project = Fixtures.solutions(classFolder);
        Path zip = dir.resolve("alice.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(project)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry("pool-workshop/" + project.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            // A hostile entry: must be ignored, never written outside the grader's folder.
            out.putNextEntry(new ZipEntry("pool-workshop/src/main/java/../../../../escape.java"));
            out.write("class Escape {}".getBytes());
            out.closeEntry();
        }
        Path empty = Files.createDirectories(dir.resolve("bob"));
        Files.writeString(empty.resolve("README.txt"), "forgot to hand in the code");
        Path files = Fixtures.hostile(classFolder, "files-outside");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path out = dir.resolve("out");

        GraderJar.Run run = GraderJar.run(dir, List.of(zip.toString(), empty.toString(), files.toString(), "--sandbox", "plain",
                "--jobs", "2", "--exercises", "ex1_ordered", "--format", "json,table", "--out", out.toString(), "--work", work.toString()));

        assertThat(run.status()).as("stderr: %s", run.stderr()).isZero();
        // Without bubblewrap, the instructor's reports say so first.
        assertThat(Files.readString(out.resolve("report.txt"))).startsWith("WARNING: graded WITHOUT bubblewrap");
        assertThat(Files.readString(out.resolve("files-outside/report.txt"))).startsWith("WARNING: graded WITHOUT bubblewrap");
        assertThat(run.stdout()).startsWith("WARNING: graded WITHOUT bubblewrap");
        String learner = Files.readString(out.resolve("files-outside/results.json"));
        assertThat(learner).doesNotContain("bubblewrap").doesNotContain("ontainment").doesNotContain("/etc/hostname");
        assertThat(run.stdout()).contains("Reports written to");
        JsonNode alice = GraderJar.results(out).get("alice");
        assertThat(alice.get("score").asInt()).isEqualTo(25);
        assertThat(GraderJar.incidents(alice)).anySatisfy(i -> assertThat(i).contains("escape.java").contains("outside the project"));
        assertThat(dir.resolve("escape.java")).doesNotExist();
        JsonNode bob = GraderJar.results(out).get("bob");
        assertThat(bob.get("score").asInt()).isZero();
        assertThat(bob.get("tests").get(0).get("output").asText()).contains("no src/main/java folder");

        // Nothing contains file access outside the folder here, but the report lists it.
        JsonNode r = GraderJar.results(out).get("files-outside");
        assertThat(r.get("score").asInt()).isEqualTo(25);
        assertThat(GraderJar.contained(r, "files written outside its folder")).isFalse();
        assertThat(work.resolve("escaped-by-fixture.txt")).exists();
        assertThat(GraderJar.incidents(r)).anyMatch(i -> i.startsWith("files") && i.contains("read /etc/hostname")
                && i.contains("OrderedMap.map"));
        assertThat(GraderJar.incidents(r)).anyMatch(i -> i.startsWith("files")
                && i.contains("write " + work.resolve("escaped-by-fixture.txt")));
    }

    @Test
    @DisplayName("started without a UTF-8 locale, on a zip that is not one and on non-ASCII file names:"
            + " each is the submission's problem, in its report; exit status 0; the rest graded")
    void badInputWithoutUtf8() throws Exception {
        Path classFolder = Files.createDirectories(dir.resolve("locale-class"));
        Files.writeString(classFolder.resolve("broken.zip"), "this is not a zip");
        Path folder = Fixtures.project(classFolder, "emile", Fixtures.SOLUTIONS);
        // A legal file name the C locale cannot decode, made byte by byte (this JVM may not be able to either).
        Path ex1 = folder.resolve("src/main/java/workshop/ex1_ordered");
        Process sh = new ProcessBuilder("sh", "-c", "printf 'final class Unused {}\\n' > \"$(printf 'Notes-\\303\\234.java')\"")
                .directory(ex1.toFile()).inheritIO().start();
        assertThat(sh.waitFor()).isZero();
        Path zip = classFolder.resolve("emilez.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("Notes-") == false).toList()) {
                out.putNextEntry(new ZipEntry("pool-workshop/" + folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("pool-workshop/src/main/java/workshop/ex1_ordered/Notes-\u00dc.java"));
            out.write("final class Unused {}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path out = dir.resolve("locale-out");

        GraderJar.Run run = GraderJar.runWith(Path.of(System.getProperty("java.home"), "bin", "java").toString(), dir,
                List.of(classFolder.resolve("broken.zip").toString(), folder.toString(), zip.toString(), "--sandbox", "plain",
                        "--jobs", "2", "--exercises", "ex1_ordered", "--format", "json", "--out", out.toString(),
                        "--work", Files.createDirectories(dir.resolve("locale-work")).toString()),
                Map.of("LANG", "C", "LC_ALL", "", "LC_CTYPE", ""));

        assertThat(run.status()).as("stderr: %s", run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain("INTERNAL ERROR").doesNotContain("internal error");
        JsonNode broken = GraderJar.results(out).get("broken");
        assertThat(broken.get("score").asInt()).isZero();
        assertThat(GraderJar.incidents(broken)).anySatisfy(i -> assertThat(i).startsWith("unusable")
                .contains("broken.zip is not a zip file that opens").contains("zip the project's folder again"));
        assertThat(GraderJar.results(out).get("emile").get("score").asInt()).as("the folder, copied by its bytes").isEqualTo(25);
        JsonNode fromZip = GraderJar.results(out).get("emilez");
        assertThat(fromZip.get("score").asInt()).isEqualTo(25);
        assertThat(GraderJar.incidents(fromZip)).anySatisfy(i -> assertThat(i).contains("Notes-").contains("LC_ALL=C.UTF-8"));
    }

    @Test
    @DisplayName("one submission with --jobs 2: its exercises are split over 2 grading JVMs at once, and put back"
            + " together as one report with the verdicts of --jobs 1, in teaching order")
    void oneSubmissionSplitOverJobs() throws Exception {
        Path classFolder = Files.createDirectories(dir.resolve("split-class"));
        // A wrong exercise 3 (its catalog entry over the solutions): failures must come through the merge.
        Path submission = Fixtures.project(classFolder, "dana", Fixtures.SOLUTIONS,
                Fixtures.CATALOG.resolve("ex3_workers").resolve(Fixtures.catalogEntries().stream()
                        .filter(e -> e[0].equals("ex3_workers")).findFirst().orElseThrow()[1]));
        List<String> common = List.of(submission.toString(), "--exercises", "ex1_ordered,ex3_workers,ex5_virtual", "--format",
                "json,table", "--work", Files.createDirectories(dir.resolve("split-work")).toString());
        Map<String, JsonNode> byJobs = new java.util.HashMap<>();
        Map<String, String> progress = new java.util.HashMap<>();
        for (String jobs : List.of("1", "2")) {
            Path out = dir.resolve("split-out-" + jobs);
            List<String> args = new java.util.ArrayList<>(common);
            args.addAll(List.of("--jobs", jobs, "--out", out.toString()));
            GraderJar.Run run = GraderJar.run(dir, args);
            assertThat(run.status()).as("--jobs %s, stderr: %s", jobs, run.stderr()).isZero();
            byJobs.put(jobs, GraderJar.results(out).get("dana"));
            progress.put(jobs, run.stderr());
        }
        JsonNode one = byJobs.get("1");
        JsonNode split = byJobs.get("2");
        assertThat(progress.get("2")).contains("split over 2 grading JVMs at once");
        assertThat(progress.get("2").lines().filter(l -> l.contains("] dana: "))).as("one end line for the submission").hasSize(1);
        assertThat(progress.get("1")).doesNotContain("split over");
        assertThat(split.get("extra_data").get("timing").get("jvmStarts").asInt()).isEqualTo(2);
        assertThat(one.get("extra_data").get("timing").get("jvmStarts").asInt()).isEqualTo(1);
        assertThat(GraderJar.verdicts(split)).as("the same tests, verdicts and order").containsExactlyEntriesOf(GraderJar.verdicts(one));
        assertThat(GraderJar.verdicts(split)).containsValue("failed");
        assertThat(split.get("score").asDouble()).isEqualTo(one.get("score").asDouble());
        List<String> exercises = new java.util.ArrayList<>();
        split.get("extra_data").get("exercises").forEach(e -> exercises.add(e.get("id").asText()));
        assertThat(exercises).containsExactly("ex1_ordered", "ex3_workers", "ex5_virtual");
    }

    @Test
    @DisplayName("calls one exercise left running cannot spoil the next: ex1 on the common pool, a correct ex4 after it in"
            + " the same JVM still gets full marks, with --jobs 1 as with the split")
    void callsLeftRunningDoNotReachTheNextExercise() throws Exception {
        // parallelStream() runs exercise 1's calls on the common pool, where the rendezvous tests leave them blocked;
        // our ProcessPool waits for a child with onExit(), whose completion runs on that same pool.
        JsonNode r = ex1ThenEx4InOneJvm("leftover", root -> Fixtures.catalog(root, "ex1_ordered", "parallel-stream"));
        assertThat(GraderJar.exercise(r, "ex4_cpubound")).as("exercise 4 (our solution), graded after the leftovers")
                .isEqualTo("29/29");
        assertThat(GraderJar.incidents(r)).as("incidents").anySatisfy(i -> assertThat(i)
                .startsWith("threads-left-running").contains("were still running after its tests had ended"));
        assertThat(r.get("extra_data").get("timing").get("jvmStarts").asInt()).as("a fresh JVM for exercise 4")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("a process one exercise left running cannot spoil the next: the leftover daemon, which writes into every"
            + " java process's stdout, never reaches exercise 4's children")
    void processesLeftRunningDoNotReachTheNextExercise() throws Exception {
        JsonNode r = ex1ThenEx4InOneJvm("daemon", root -> Fixtures.hostile(root, "leftover-daemon"));
        assertThat(GraderJar.exercise(r, "ex4_cpubound")).as("exercise 4 (our solution), graded after the daemon started")
                .isEqualTo("29/29");
        assertThat(GraderJar.incidents(r)).as("incidents").anySatisfy(i -> assertThat(i).startsWith("threads-left-running")
                .contains("process(es) of this exercise were still running after its tests had ended"));
    }

    /** The report of {@code project} (made in a folder of its own) graded with exercises 1 and 4 only, --jobs 1: one JVM for both. */
    private JsonNode ex1ThenEx4InOneJvm(String name, java.util.function.Function<Path, Path> project) throws IOException {
        Path submission = project.apply(Files.createDirectories(dir.resolve(name + "-class")));
        Path out = dir.resolve(name + "-out");
        GraderJar.Run run = GraderJar.run(dir, List.of(submission.toString(), "--exercises", "ex1_ordered,ex4_cpubound",
                "--jobs", "1", "--format", "json", "--out", out.toString(), "--work",
                Files.createDirectories(dir.resolve(name + "-work")).toString()));
        assertThat(run.status()).as("stderr: %s", run.stderr()).isZero();
        return GraderJar.results(out).get(submission.getFileName().toString());
    }
}
