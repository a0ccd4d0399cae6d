package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.ARCHETYPE_RESOURCES;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.MANIFEST;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.files;
import static workshop.archetype.Workshop.read;
import static workshop.archetype.Workshop.slashed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import workshop.testkit.Manifest;

/**
 * What archetype:generate gave the learner (the IT project "starter"): exactly the files of the
 * repository it should copy, byte for byte, and nothing of the solutions or the hidden tests.
 */
class GeneratedProjectTest {

    /** Generated path (with '/') to the file it must be an exact copy of. */
    private static final Map<String, Path> EXPECTED = new TreeMap<>();

    @BeforeAll
    static void expectedTree() {
        assertThat(GENERATED.resolve("pom.xml")).as("the project archetype:integration-test generated").exists();
        copies(ROOT.resolve("exercises/src/main/java"), "src/main/java", "");
        copies(ROOT.resolve("api/src/main/java"), "src/main/java", "");
        copies(ROOT.resolve("exercises/src/test/java"), "src/test/java", "");
        copies(ROOT.resolve("testkit/src/main/java"), "src/test/java", "");
        copies(ROOT.resolve("exercises/src/test/resources"), "src/test/resources", "");
        copies(ROOT.resolve("exercises/instructions"), "instructions", "");
        copies(ROOT.resolve("exercises/src/main/java"), ".workshop/stubs", "workshop/ex");
        copies(ROOT.resolve("api/src/main/java"), ".workshop/stubs", "workshop/ex");
        EXPECTED.put("info.toml", ROOT.resolve("exercises/info.toml"));
        for (String wrapper : List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties")) {
            EXPECTED.put(wrapper, ROOT.resolve(wrapper));
        }
        copies(ARCHETYPE_RESOURCES, "", "");
        EXPECTED.remove("pom.xml"); // the one template: checked on its own below
    }

    private static void copies(Path from, String to, String onlyUnder) {
        for (Path file : files(from)) {
            String relative = slashed(file);
            if (relative.startsWith(onlyUnder)) {
                EXPECTED.put(to.isEmpty() ? relative : to + "/" + relative, from.resolve(file));
            }
        }
    }

    /** The generated files, without what building it added (target/, build.log). */
    private static List<String> generatedFiles() {
        return files(GENERATED).stream().map(Workshop::slashed)
                .filter(f -> !f.startsWith("target/") && !f.equals("build.log") && !f.equals("pom.xml"))
                .toList();
    }

    @Test
    @DisplayName("holds exactly the learner's files of exercises/, api/, testkit/ and the archetype, and no other")
    void exactlyTheLearnersFiles() {
        assertThat(generatedFiles()).as("files of the generated project (besides pom.xml)")
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    @DisplayName("copies every Java, Markdown and TOML file byte for byte: no Velocity damage to '$' or '#'")
    void byteForByteCopies() throws IOException {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Path> entry : EXPECTED.entrySet()) {
            Path generated = GENERATED.resolve(entry.getKey());
            if (Files.exists(generated) && Files.mismatch(generated, entry.getValue()) != -1) {
                changed.add(entry.getKey() + " differs from " + ROOT.relativize(entry.getValue()));
            }
        }
        assertThat(changed).as("generated files that are not exact copies of their source").isEmpty();
    }

    @Test
    @DisplayName("every exercise of info.toml comes with its stub, pristine stub, visible tests and instructions")
    void everyExerciseIsThere() {
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            String folder = exercise.javaPackage().replace('.', '/');
            assertThat(files(GENERATED.resolve("src/main/java/" + folder))).as("stub of %s", exercise.id()).isNotEmpty();
            assertThat(files(GENERATED.resolve(".workshop/stubs/" + folder))).as("pristine stub of %s", exercise.id())
                    .isNotEmpty();
            assertThat(files(GENERATED.resolve("src/test/java/" + folder)))
                    .as("visible tests of %s", exercise.id()).anyMatch(f -> f.toString().endsWith("Test.java"));
            assertThat(GENERATED.resolve(exercise.instructions())).as("instructions of %s", exercise.id()).isRegularFile();
        }
    }

    @Test
    @DisplayName("holds no solution code: no body of a reference solution's method, no line found only in solutions/")
    void noSolutions() {
        Set<String> shipped = new HashSet<>();
        for (Path source : EXPECTED.values()) {
            read(source).lines().map(String::strip).forEach(shipped::add);
        }
        Set<String> onlyInSolutions = new HashSet<>();
        List<String> bodies = new ArrayList<>();
        Path solutions = ROOT.resolve("solutions/src/main/java");
        for (Path file : files(solutions)) {
            String solution = read(solutions.resolve(file));
            solution.lines().map(String::strip).filter(l -> l.length() >= 20 && !shipped.contains(l))
                    .forEach(onlyInSolutions::add);
            bodies.addAll(JavaBlocks.memberBodies(solution));
        }
        assertThat(bodies).as("method bodies of the solutions (the check needs some)").isNotEmpty();

        List<String> leaks = new ArrayList<>();
        for (String file : generatedFiles()) {
            String text = read(GENERATED.resolve(file));
            text.lines().map(String::strip).filter(onlyInSolutions::contains)
                    .forEach(line -> leaks.add(file + ": line of a solution: " + line));
            String code = JavaBlocks.normalize(text);
            for (String body : bodies) {
                if (code.contains(body)) {
                    leaks.add(file + ": holds a solution's method body: " + body.substring(0, Math.min(80, body.length())));
                }
            }
        }
        assertThat(leaks).as("solution code in the generated project").isEmpty();
    }

    @Test
    @DisplayName("holds nothing of the hidden tests, the grader or the wrong-implementation catalog")
    void noHiddenTests() {
        List<String> hidden = files(ROOT.resolve("grader/src/hidden/java")).stream()
                .map(f -> f.getFileName().toString())
                .filter(name -> name.endsWith("HiddenTest.java"))
                .map(name -> name.substring(0, name.length() - ".java".length()))
                .toList();
        assertThat(hidden).as("hidden test classes (the check needs some)").isNotEmpty();
        List<String> markers = new ArrayList<>(hidden);
        markers.addAll(List.of("workshop.grader", "@Points(", "// Mistake:", "// Caught by:"));

        List<String> leaks = new ArrayList<>();
        for (String file : generatedFiles()) {
            if (file.contains("HiddenTest") || file.contains("/grader/")) {
                leaks.add(file);
            }
            String text = read(GENERATED.resolve(file));
            for (String marker : markers) {
                if (file.startsWith(".github/") && marker.equals("workshop.grader")) {
                    continue; // the grading workflow may name the grader it runs
                }
                String word = Character.isJavaIdentifierStart(marker.charAt(0)) ? "\\b" : "";
                if (Pattern.compile(word + Pattern.quote(marker) + word).matcher(text).find()) {
                    leaks.add(file + " mentions " + marker);
                }
            }
        }
        assertThat(leaks).as("hidden tests, grader or catalog in the generated project").isEmpty();
    }

    @Test
    @DisplayName("the pom has the learner's coordinates and the workshop's pinned versions, and its Maven expressions intact")
    void pom() throws Exception {
        Path pom = GENERATED.resolve("pom.xml");
        String text = read(pom);
        assertThat(text).as("generated pom.xml: template leftovers")
                .doesNotContain("%{", "#[[", "]]#", "$!{", "${groupId}", "${artifactId}");
        assertThat(text).as("generated pom.xml: Maven expressions that Velocity must leave alone")
                .contains("${mockito.agent}", "${workshop.jdk.version}", "@{argLine}", "${project.build.directory}",
                        "workshop/${exercise}*/**/*Test.java", "select-jdk-toolchain", "ToolchainDiscoverer");

        Element generated = parse(pom);
        assertThat(child(generated, "groupId")).isEqualTo("com.example");
        assertThat(child(generated, "artifactId")).isEqualTo("pool-workshop");
        assertThat(child(generated, "version")).isEqualTo("1.0-SNAPSHOT");

        Map<String, String> ours = properties(parse(ROOT.resolve("pom.xml")));
        Map<String, String> theirs = properties(generated);
        assertThat(theirs.keySet()).as("pinned versions in the generated pom")
                .contains("junit.version", "mockito.version", "assertj.version", "jackson.version",
                        "surefire-plugin.version", "toolchains-plugin.version", "enforcer-plugin.version");
        for (Map.Entry<String, String> property : theirs.entrySet()) {
            if (property.getKey().endsWith(".version") || property.getKey().equals("maven.compiler.release")) {
                assertThat(property.getValue()).as("%s in the generated pom vs. the root pom", property.getKey())
                        .isEqualTo(ours.get(property.getKey()));
            }
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    @DisplayName("the Maven wrapper can be run: ./mvnw keeps its run bit")
    void wrapperIsExecutable() {
        assertThat(Files.isExecutable(GENERATED.resolve("mvnw"))).as("mvnw is executable").isTrue();
    }

    private static Element parse(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return null;
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> properties = new TreeMap<>();
        for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("properties")) {
                for (Node p = element.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element property) {
                        properties.put(property.getTagName(), property.getTextContent().strip());
                    }
                }
            }
        }
        return properties;
    }
}
