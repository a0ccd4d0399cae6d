package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradescope end to end: grader/target/gradescope-autograder.zip unpacked as Gradescope does
 * (/autograder/source, run_autograder copied to /autograder), the real run_autograder run on each
 * upload layout, and each /autograder/results/results.json compared with its golden file
 * (src/test/golden/gradescope; {@code -Dworkshop.golden.update=true} rewrites them).
 */
class GradescopeAutograderIT {

    static final Path ZIP = GraderJar.JAR.resolveSibling("gradescope-autograder.zip");
    static final Path GOLDEN = Path.of(System.getProperty("workshop.golden", "src/test/golden/gradescope"));
    static final boolean UPDATE = Boolean.getBoolean("workshop.golden.update");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The exercises graded here (an instructor's line in grade.args): enough to show each layout, quick on 2 cores. */
    static final String EXERCISES = "ex1_ordered,ex2_ascompleted";

    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void unpack() throws IOException {
        assertThat(ZIP).as("the autograder zip (built by 'package')").isRegularFile();
        source = Files.createDirectories(dir.resolve("autograder-source"));
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (var e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path out = source.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
        }
        Files.writeString(source.resolve("grade.args"), "\n--exercises " + EXERCISES + "\n", java.nio.file.StandardOpenOption.APPEND);
        for (String script : List.of("setup.sh", "run_autograder")) {
            Files.setPosixFilePermissions(source.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    @DisplayName("the zip: setup.sh, run_autograder, grade.args, visibility.properties and the grader at its top, nothing else; setup.sh installs a JDK 21+ and bubblewrap")
    void contents() throws Exception {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).sorted().toList();
            assertThat(names).containsExactly("grade.args", "grader.jar", "run_autograder", "setup.sh", "visibility.properties");
        }
        String setup = Files.readString(source.resolve("setup.sh"));
        assertThat(setup).contains("openjdk-21-jdk-headless").contains("bubblewrap").contains("apt-get install");
        Process check = new ProcessBuilder("bash", "-n", source.resolve("setup.sh").toString()).start();
        assertThat(waitFor(check)).isZero();
        Process check2 = new ProcessBuilder("bash", "-n", source.resolve("run_autograder").toString()).start();
        assertThat(waitFor(check2)).isZero();
    }

    @Test
    @DisplayName("setup.sh's last step, run_autograder --prepare, makes the grading JVMs' class-data archive in the cache folder")
    void prepareMakesTheArchive() throws Exception {
        assertThat(Files.readString(source.resolve("setup.sh"))).contains("run_autograder --prepare");
        Path root = Files.createDirectories(dir.resolve("prepare").resolve("autograder"));
        copyTree(source, root.resolve("source"));
        Path cache = dir.resolve("prepare").resolve("cache");
        Path log = dir.resolve("prepare.log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("source").resolve("run_autograder").toString(), "--prepare")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        assertThat(waitFor(pb.start())).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("Class-data archive for the grading JVMs: " + cache.resolve("thread-pool-workshop"));
        try (var files = Files.list(cache.resolve("thread-pool-workshop"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement().asString().matches("worker-[0-9a-f]+\\.jsa");
        }
    }

    /** One upload, graded by the real run_autograder in an /autograder tree of its own; its results.json. */
    static JsonNode grade(String name, UploadMaker maker) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name).resolve("autograder"));
        Path src = root.resolve("source");
        copyTree(source, src);
        Files.copy(src.resolve("run_autograder"), root.resolve("run_autograder"), StandardCopyOption.COPY_ATTRIBUTES);
        Path submission = Files.createDirectories(root.resolve("submission"));
        maker.make(submission);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("run_autograder").toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        int status = waitFor(pb.start());
        String printed = Files.readString(log);
        System.out.println("---- run_autograder, " + name + ":\n" + printed);
        assertThat(status).as("run_autograder's exit status for %s:\n%s", name, printed).isZero();
        Path results = root.resolve("results/results.json");
        assertThat(results).as("results.json for " + name).isRegularFile();
        JsonNode json = JSON.readTree(results.toFile());
        checkSpec(name, json);
        compareWithGolden(name, json);
        return json;
    }

    interface UploadMaker {
        void make(Path submission) throws IOException;
    }

    @Test
    @DisplayName("a zip of the solutions' project: full marks for the graded exercises")
    void zipOfSolutions() throws Exception {
        JsonNode r = grade("solutions-zip", s -> zip(Fixtures.solutions(Files.createDirectories(dir.resolve("p1"))),
                s.resolve("pool-workshop.zip"), "pool-workshop/"));
        assertThat(r.get("score").asDouble()).isEqualTo(54.0);
        assertThat(r.get("tests")).allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("passed"));
        // The leaderboard: exercise 1's makespan over the ideal 400 ms. Two rounds of 200 ms calls take at least
        // that (>= 1); no upper bound, since a loaded machine slows a correct solution without limit, and the
        // figure is a game, not a verdict.
        assertThat(r.get("leaderboard")).as("the leaderboard").hasSize(1);
        assertThat(r.get("leaderboard").get(0).get("name").asText()).startsWith("Exercise 1: makespan / ideal");
        assertThat(r.get("leaderboard").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(0.99).isFinite();
        assertThat(r.get("output").asText()).endsWith("What to do next:\nnothing: every hidden test passed. Well done.\n");
    }

    @Test
    @DisplayName("the stubs' project folder: zero, every test failed with its message")
    void stubsFolder() throws Exception {
        JsonNode r = grade("stubs-folder", s -> Fixtures.stubs(s));
        assertThat(r.get("score").asDouble()).isZero();
        assertThat(r.get("tests")).allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("failed"));
        assertThat(r.has("leaderboard")).as("no figure for a failed test").isFalse();
        String output = r.get("output").asText();
        assertThat(output.substring(output.lastIndexOf("What to do next:")))
                .startsWith("What to do next:\nWork on exercise 1 (Ordered map): ")
                .contains("First failing test: " + r.get("tests").get(0).get("name").asText().replaceFirst("^Exercise 1 \\(Ordered map\\): ", ""))
                .contains("Hint: Submit every call to the pool first");
    }

    @Test
    @DisplayName("a partial solution as a bare src/ folder: exercise 1 solved, exercise 2 the stub")
    void partialBareSrc() throws Exception {
        JsonNode r = grade("partial-bare-src", s -> {
            copyTree(Fixtures.STUBS, s.resolve("src"));
            copyTree(Fixtures.SOLUTIONS.resolve("workshop/ex1_ordered"), s.resolve("src/workshop/ex1_ordered"));
        });
        assertThat(r.get("score").asDouble()).isEqualTo(25.0);
    }

    @Test
    @DisplayName("loose .java files (exercise 1's only): exercise 1 graded, exercise 2 has no sources")
    void looseFiles() throws Exception {
        JsonNode r = grade("loose-files", s -> {
            try (Stream<Path> files = Files.list(Fixtures.SOLUTIONS.resolve("workshop/ex1_ordered"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, s.resolve(f.getFileName().toString()));
                }
            }
        });
        assertThat(r.get("score").asDouble()).isEqualTo(25.0);
    }

    @Test
    @DisplayName("unusable uploads: score 0, a sentence that says why, exit status 0")
    void unusable() throws Exception {
        JsonNode none = grade("no-sources", s -> Files.writeString(s.resolve("README.md"), "my answers are in my head"));
        assertThat(none.get("output").asText()).contains("no .java files").contains("README.md");
        JsonNode two = grade("two-projects", s -> {
            Fixtures.solutions(s);
            Fixtures.stubs(s);
        });
        assertThat(two.get("output").asText()).contains("2 projects").contains("solutions").contains("stubs");
        JsonNode notZip = grade("not-a-zip", s -> Files.writeString(s.resolve("project.zip"), "PK? no."));
        assertThat(notZip.get("output").asText()).contains("project.zip is not a zip file");
    }

    // ---------------------------------------------------------------- Gradescope's spec, golden files

    static final Set<String> VISIBILITY = Set.of("visible", "hidden", "after_due_date", "after_published");

    /** The fields Gradescope reads (gradescope-autograders.readthedocs.io, specs), with their types and values. */
    static void checkSpec(String name, JsonNode r) {
        assertThat(r.get("score").isNumber()).as(name + " score").isTrue();
        assertThat(r.get("execution_time").isIntegralNumber()).as(name + " execution_time").isTrue();
        assertThat(r.get("output").isTextual()).isTrue();
        assertThat(r.get("output_format").asText()).isIn("text", "html", "simple_format", "md", "ansi");
        assertThat(r.get("visibility").asText()).isIn(VISIBILITY);
        assertThat(r.get("stdout_visibility").asText()).as(name + ": what the code printed, hidden by default").isEqualTo("hidden");
        if (r.has("leaderboard")) {
            assertThat(r.get("leaderboard").isArray()).as(name + " leaderboard").isTrue();
            for (JsonNode column : r.get("leaderboard")) {
                assertThat(column.get("name").isTextual()).as(name + " leaderboard name").isTrue();
                assertThat(column.get("value").isNumber()).as(name + " leaderboard value").isTrue();
                assertThat(column.get("order").asText()).as(name + " leaderboard order").isIn("asc", "desc");
            }
        }
        double sum = 0;
        for (JsonNode t : r.get("tests")) {
            assertThat(t.get("name").isTextual()).isTrue();
            assertThat(t.get("number").isTextual()).isTrue();
            assertThat(t.get("score").isNumber()).isTrue();
            assertThat(t.get("max_score").isNumber()).isTrue();
            assertThat(t.get("status").asText()).isIn("passed", "failed");
            assertThat(t.get("score").asDouble()).isEqualTo(t.get("status").asText().equals("passed") ? t.get("max_score").asDouble() : 0);
            assertThat(t.get("output").isTextual()).isTrue();
            assertThat(t.get("visibility").asText()).isIn(VISIBILITY);
            assertThat(t.get("tags").isArray()).isTrue();
            sum += t.get("score").asDouble();
        }
        assertThat(r.get("score").asDouble()).as(name + ": the score is the tests' sum").isEqualTo(sum);
        String text = r.toString();
        assertThat(text).as(name + ": no containment notes for learners").doesNotContain("ontainment")
                .doesNotContain("bubblewrap").doesNotContain("Your code printed");
    }

    /** Field by field with the golden file; execution_time and the leaderboard's measured values are normalised to 0. */
    static void compareWithGolden(String name, JsonNode actual) throws IOException {
        ObjectNode normal = actual.deepCopy();
        normal.put("execution_time", 0);
        if (normal.has("leaderboard")) {
            normal.get("leaderboard").forEach(column -> ((ObjectNode) column).put("value", 0));
        }
        Path golden = GOLDEN.resolve(name + ".json");
        if (UPDATE || !Files.exists(golden)) {
            assertThat(UPDATE).as("no golden file %s: run with -Dworkshop.golden.update=true to write it", golden).isTrue();
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, JSON.writeValueAsString(normal) + "\n");
            return;
        }
        JsonNode expected = JSON.readTree(golden.toFile());
        compare(name, "", expected, normal);
    }

    static void compare(String name, String path, JsonNode expected, JsonNode actual) {
        assertThat(actual).as("%s%s: missing", name, path).isNotNull();
        if (expected.isObject()) {
            List<String> fields = new ArrayList<>();
            expected.fieldNames().forEachRemaining(fields::add);
            List<String> actualFields = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualFields::add);
            // Gradescope reads fields by name: their order is not part of the format.
            assertThat(actualFields).as("%s%s: fields", name, path).containsExactlyInAnyOrderElementsOf(fields);
            for (String f : fields) {
                compare(name, path + "." + f, expected.get(f), actual.get(f));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("%s%s: size", name, path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(name, path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else {
            assertThat(actual).as("%s%s (golden file %s.json; -Dworkshop.golden.update=true rewrites it)", name, path, name)
                    .isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    static int waitFor(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(GraderJar.LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish in " + GraderJar.LIMIT_MINUTES + " minutes");
        }
        return p.exitValue();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void zip(Path project, Path zipFile, String prefix) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zipFile)); Stream<Path> files = Files.walk(project)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(prefix + project.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
