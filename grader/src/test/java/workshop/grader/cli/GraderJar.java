package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged grader ({@code grader/target/grader.jar}) as an instructor would, and reads its reports. */
final class GraderJar {

    static final Path JAR = Path.of(System.getProperty("workshop.grader.jar", "target/grader.jar"));
    static final ObjectMapper JSON = new ObjectMapper();
    /** How long one grader run may take: the full verdict-stability run grades a class of 60, all exercises. */
    static final long LIMIT_MINUTES = "full".equals(System.getProperty("workshop.flake")) ? 170 : 15;

    /** What one run of {@code java -jar grader.jar} gave. */
    record Run(int status, String stdout, String stderr, double seconds) {}

    private GraderJar() {}

    /** Runs {@code java -jar grader.jar args} with this JVM's java, in {@code folder}. */
    static Run run(Path folder, List<String> args) {
        return runWith(Path.of(System.getProperty("java.home"), "bin", "java").toString(), folder, args);
    }

    static Run runWith(String java, Path folder, List<String> args) {
        return runWith(java, folder, args, Map.of());
    }

    /** Like {@link #runWith(String, Path, List)}, with {@code environment} changed (an empty value removes the variable). */
    static Run runWith(String java, Path folder, List<String> args, Map<String, String> environment) {
        assertThat(JAR).as("the grader jar (built by 'package')").isRegularFile();
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        try {
            Path out = Files.createTempFile("grader-stdout-", ".txt");
            Path err = Files.createTempFile("grader-stderr-", ".txt");
            long start = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            environment.forEach((k, v) -> {
                if (v.isEmpty()) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            Process p = builder.start();
            if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("the grader did not finish in " + LIMIT_MINUTES + " minutes: "
                        + String.join(" ", command).replaceAll("(/[^ ]*/)([^/ ]+)", "$2"));
            }
            Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1e9);
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The instructor's report.json (results.json with printed output, incidents, containment) of each submission graded with {@code --out out}, by name. */
    static Map<String, JsonNode> results(Path out) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        try (var dirs = Files.list(out)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path file = dir.resolve("report.json");
                if (Files.isRegularFile(file)) {
                    results.put(dir.getFileName().toString(), JSON.readTree(file.toFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    /** The verdicts of one results.json: test id to "passed"/"failed". */
    static Map<String, String> verdicts(JsonNode results) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode test : results.get("tests")) {
            verdicts.put(test.get("extra_data").get("id").asText(), test.get("status").asText());
        }
        return verdicts;
    }

    /** One test of a results.json, by its id ({@code Class#method}). */
    static JsonNode test(JsonNode results, String id) {
        for (JsonNode test : results.get("tests")) {
            if (test.get("extra_data").get("id").asText().equals(id)) {
                return test;
            }
        }
        throw new AssertionError("no test " + id + " in " + results);
    }

    /** An exercise's score in a results.json, as "earned/max". */
    static String exercise(JsonNode results, String id) {
        for (JsonNode e : results.get("extra_data").get("exercises")) {
            if (e.get("id").asText().equals(id)) {
                return e.get("score").asInt() + "/" + e.get("max_score").asInt();
            }
        }
        throw new AssertionError("no exercise " + id + " in " + results);
    }

    /** The tests of a results.json that lost points, each with its output: what a failed score assertion shows. */
    static String lostPoints(JsonNode results) {
        StringBuilder lost = new StringBuilder();
        for (JsonNode test : results.get("tests")) {
            if (test.get("score").asDouble() < test.get("max_score").asDouble()) {
                lost.append(String.format("%n  %s (%s/%s): %s", test.get("extra_data").get("id").asText(),
                        test.get("score").asText(), test.get("max_score").asText(),
                        test.path("output").asText().indent(4).strip()));
            }
        }
        return lost.isEmpty() ? " none" : lost.toString();
    }

    /** The incidents of a results.json as "kind: message" lines. */
    static List<String> incidents(JsonNode results) {
        List<String> incidents = new ArrayList<>();
        results.get("extra_data").get("incidents").forEach(i -> incidents.add(i.get("kind").asText() + ": "
                + i.get("test").asText() + ": " + i.get("message").asText()));
        return incidents;
    }

    /** Whether the containment report of a results.json says {@code aspect} was contained. */
    static boolean contained(JsonNode results, String aspect) {
        for (JsonNode m : results.get("extra_data").get("containment")) {
            if (m.get("aspect").asText().equals(aspect)) {
                return m.get("contained").asBoolean();
            }
        }
        throw new AssertionError("no containment aspect " + aspect);
    }

    static String containmentHow(JsonNode results, String aspect) {
        for (JsonNode m : results.get("extra_data").get("containment")) {
            if (m.get("aspect").asText().equals(aspect)) {
                return m.get("how").asText();
            }
        }
        throw new AssertionError("no containment aspect " + aspect);
    }
}
