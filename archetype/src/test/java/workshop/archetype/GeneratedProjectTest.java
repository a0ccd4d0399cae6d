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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
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
    /** Generated path to the Markdown file it must be, links aside: the instructions and the tutorial pages. */
    private static final Map<String, Path> RELINKED = new TreeMap<>();
    /** Generated path to the walkthrough that it is (encoded) or that it stands in for (readable). */
    private static final Map<String, Path> WALKTHROUGHS = new TreeMap<>();
    private static final Pattern TUTORIAL_PAGE = Pattern.compile("\\d\\d-.+\\.md");

    @BeforeAll
    static void expectedTree() {
        assertThat(GENERATED.resolve("pom.xml")).as("the project archetype:integration-test generated").exists();
        copies(ROOT.resolve("exercises/src/main/java"), "src/main/java", "");
        copies(ROOT.resolve("api/src/main/java"), "src/main/java", "");
        copies(ROOT.resolve("exercises/src/test/java"), "src/test/java", "");
        copies(ROOT.resolve("testkit/src/main/java"), "src/test/java", "");
        copies(ROOT.resolve("exercises/src/test/resources"), "src/test/resources", "");
        copies(ROOT.resolve("exercises/src/main/java"), ".workshop/stubs", "workshop/ex");
        copies(ROOT.resolve("api/src/main/java"), ".workshop/stubs", "workshop/ex");
        EXPECTED.put("info.toml", ROOT.resolve("exercises/info.toml"));
        for (String wrapper : List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties")) {
            EXPECTED.put(wrapper, ROOT.resolve(wrapper));
        }
        copies(ARCHETYPE_RESOURCES, "", "");
        EXPECTED.remove("pom.xml"); // the one template: checked on its own below
        for (Path file : files(ROOT.resolve("exercises/instructions"))) {
            RELINKED.put("instructions/" + slashed(file), ROOT.resolve("exercises/instructions").resolve(file));
        }
        for (Path page : files(ROOT.resolve("docs"))) {
            if (page.getNameCount() == 1 && TUTORIAL_PAGE.matcher(page.toString()).matches()) {
                RELINKED.put("docs/" + page, ROOT.resolve("docs").resolve(page));
                // The images a page shows come with it.
                Matcher image = Pattern.compile("!\\[[^\\]]*\\]\\((images/[^)\\s]+)\\)").matcher(read(ROOT.resolve("docs").resolve(page)));
                while (image.find()) {
                    EXPECTED.put("docs/" + image.group(1), ROOT.resolve("docs").resolve(image.group(1)));
                }
            }
        }
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            Path walkthrough = ROOT.resolve("docs/walkthrough-" + exercise.id().replace('_', '-') + ".md");
            WALKTHROUGHS.put("walkthroughs/" + exercise.id() + ".md", walkthrough);
            WALKTHROUGHS.put(".workshop/walkthroughs/" + exercise.id() + ".md.b64", walkthrough);
        }
    }

    /** Not the tutorial's images. */
    private static boolean isText(String file) {
        return !file.endsWith(".png");
    }

    private static List<Path> textFiles(java.util.Collection<Path> files) {
        return files.stream().filter(f -> isText(f.toString())).toList();
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
        Set<String> expected = new TreeSet<>(EXPECTED.keySet());
        expected.addAll(RELINKED.keySet());
        expected.addAll(WALKTHROUGHS.keySet());
        assertThat(generatedFiles()).as("files of the generated project (besides pom.xml)")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("the instructions and the tutorial pages are their sources in exercises/ and docs/, only their links changed")
    void relinkedCopies() {
        assertThat(RELINKED.keySet()).as("instructions and tutorial pages shipped")
                .anyMatch(f -> f.startsWith("instructions/")).anyMatch(f -> f.startsWith("docs/"));
        for (Map.Entry<String, Path> entry : RELINKED.entrySet()) {
            assertThat(Markdown.withoutLinks(read(GENERATED.resolve(entry.getKey()))))
                    .as("%s, links aside, vs. %s", entry.getKey(), ROOT.relativize(entry.getValue()))
                    .isEqualTo(Markdown.withoutLinks(read(entry.getValue())));
        }
    }

    @Test
    @DisplayName("every relative link in the generated project's Markdown names a file that exists there")
    void noDeadLinks() {
        List<Markdown.Link> links = Markdown.relativeLinks(GENERATED);
        assertThat(links).as("relative links in the generated Markdown (the check needs some)")
                .anyMatch(l -> l.file().startsWith("instructions/") && l.target().startsWith("../docs/"))
                .anyMatch(l -> l.file().startsWith("docs/") && l.target().startsWith("../walkthroughs/"))
                .anyMatch(l -> l.target().startsWith("images/"));
        assertThat(Markdown.dead(GENERATED, links)).as("dead links in the generated project").isEmpty();
    }

    @Test
    @DisplayName("each instructions file starts with a link to the tutorial page the docs index pairs it with")
    void instructionsStartWithTheirPage() {
        Map<String, List<String>> pages = pagesOfExercises();
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            assertThat(pages).as("the docs index's pages for %s", exercise.id()).containsKey(exercise.id());
            String opening = read(GENERATED.resolve(exercise.instructions())).split("\\R\\R")[1];
            for (String page : pages.get(exercise.id())) {
                assertThat(opening).as("the first paragraph of %s", exercise.instructions())
                        .startsWith("**Read first:**").containsPattern("\\]\\(\\.\\./docs/" + Pattern.quote(page) + "[#)]");
                assertThat(GENERATED.resolve("docs").resolve(page)).as("the page %s links", exercise.instructions()).isRegularFile();
            }
        }
    }

    /** Exercise id to the tutorial pages the docs index's table lists beside it. */
    private static Map<String, List<String>> pagesOfExercises() {
        Map<String, List<String>> pages = new TreeMap<>();
        Pattern page = Pattern.compile("^\\| \\[[^\\]]*\\]\\((\\d\\d-[^)]+\\.md)\\)");
        Pattern exercise = Pattern.compile("\\.\\./exercises/instructions/(\\w+)\\.md");
        for (String row : read(ROOT.resolve("docs/README.md")).lines().toList()) {
            Matcher p = page.matcher(row);
            if (p.find()) {
                Matcher e = exercise.matcher(row);
                while (e.find()) {
                    pages.computeIfAbsent(e.group(1), id -> new ArrayList<>()).add(p.group(1));
                }
            }
        }
        return pages;
    }

    @Test
    @DisplayName("no walkthrough is readable before its exercise passes: each stands encoded, its page says when it opens")
    void walkthroughsClosed() {
        Set<String> elsewhere = new HashSet<>();
        for (Path source : textFiles(EXPECTED.values())) {
            read(source).lines().map(String::strip).forEach(elsewhere::add);
        }
        RELINKED.values().forEach(source -> Markdown.withoutLinks(read(source)).lines().map(String::strip).forEach(elsewhere::add));
        List<String> spoilers = new ArrayList<>();
        for (Manifest.Exercise exercise : MANIFEST.exercises()) {
            Path source = WALKTHROUGHS.get("walkthroughs/" + exercise.id() + ".md");
            String encoded = read(GENERATED.resolve(".workshop/walkthroughs/" + exercise.id() + ".md.b64"));
            String decoded = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
            assertThat(Markdown.withoutLinks(decoded)).as("the encoded walkthrough of %s, decoded, links aside", exercise.id())
                    .isEqualTo(Markdown.withoutLinks(read(source)));
            assertThat(read(GENERATED.resolve("walkthroughs/" + exercise.id() + ".md")))
                    .as("walkthroughs/%s.md before the exercise passes", exercise.id())
                    .contains("Exercise " + MANIFEST.number(exercise) + ", " + exercise.title() + ": the walkthrough",
                            "the first time all of the exercise's visible tests pass")
                    .doesNotContain(decoded.lines().findFirst().orElseThrow());
            // Its own lines (not those it shares with the stubs, tests or tutorial) appear nowhere readable.
            List<String> own = Markdown.withoutLinks(read(source)).lines().map(String::strip)
                    .filter(l -> l.length() >= 40 && !elsewhere.contains(l)).toList();
            assertThat(own).as("lines of %s found nowhere else (the check needs some)", source.getFileName()).isNotEmpty();
            for (String file : generatedFiles().stream().filter(GeneratedProjectTest::isText).toList()) {
                Set<String> lines = read(GENERATED.resolve(file)).lines().map(String::strip).collect(java.util.stream.Collectors.toSet());
                own.stream().filter(lines::contains).findFirst()
                        .ifPresent(line -> spoilers.add(file + " holds a line of " + source.getFileName() + ": " + line));
            }
        }
        assertThat(spoilers).as("walkthrough text readable in the generated project before any pass").isEmpty();
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
        for (Path source : textFiles(EXPECTED.values())) {
            read(source).lines().map(String::strip).forEach(shipped::add);
        }
        for (Path source : RELINKED.values()) {
            withoutQuotesOfSolutions(read(source)).lines().map(String::strip).forEach(shipped::add);
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
        for (String file : generatedFiles().stream().filter(GeneratedProjectTest::isText).toList()) {
            String text = withoutQuotesOfSolutions(read(GENERATED.resolve(file)));
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

    /**
     * The text without the code blocks a tutorial page quotes from our solutions on purpose (a
     * {@code <!-- quote: ../solutions/... -->} line above the block: page 5 shows {@code CpuBound.poolSize},
     * page 6 the window's loop), which the docs' SnippetsTest keeps equal to the solution.
     */
    static String withoutQuotesOfSolutions(String text) {
        return text.replaceAll("(?s)<!-- quote: \\.\\./solutions/[^>]*-->\\s*```.*?```", "");
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
        for (String file : generatedFiles().stream().filter(GeneratedProjectTest::isText).toList()) {
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

    /**
     * The executions that find a JDK 21+ (the enforcer's Beanshell check that stops the build with
     * one line, and select-jdk-toolchain), and the plugins' dependencies they need: the learner's pom
     * is standalone, so it keeps a copy of the workshop's own, and this keeps the copy equal.
     */
    private static final List<String> JDK_FINDER = List.of("require-jdk-21-or-newer", "find-jdk-21-or-newer");

    @Test
    @DisplayName("the generated pom finds a JDK 21+ exactly as the workshop's own build does (its copy of the root pom's JDK finder)")
    void jdkFinderIsTheRootPoms() throws Exception {
        Element ours = parse(ROOT.resolve("pom.xml"));
        Element theirs = parse(GENERATED.resolve("pom.xml"));
        for (String id : JDK_FINDER) {
            Element execution = execution(ours, id);
            assertThat(execution).as("execution %s in the root pom's build plugins", id).isNotNull();
            Element copy = execution(theirs, id);
            assertThat(copy).as("execution %s in the generated pom's build plugins", id).isNotNull();
            assertThat(canonical(copy)).as("execution %s in the generated pom vs. the root pom (archetype-resources/pom.xml"
                    + " must keep the root pom's copy)", id).isEqualTo(canonical(execution));
            Element plugin = (Element) execution.getParentNode().getParentNode();
            Element copied = (Element) copy.getParentNode().getParentNode();
            assertThat(canonical(childElement(copied, "dependencies"))).as("the dependencies of the plugin running %s", id)
                    .isEqualTo(canonical(childElement(plugin, "dependencies")));
        }
    }

    /** The execution with this id of a plugin directly under project/build/plugins, or null. */
    private static Element execution(Element project, String id) {
        Element plugins = childElement(childElement(project, "build"), "plugins");
        for (Node plugin = plugins.getFirstChild(); plugin != null; plugin = plugin.getNextSibling()) {
            if (plugin instanceof Element p && childElement(p, "executions") != null) {
                Element executions = childElement(p, "executions");
                for (Node e = executions.getFirstChild(); e != null; e = e.getNextSibling()) {
                    if (e instanceof Element execution && id.equals(child(execution, "id"))) {
                        return execution;
                    }
                }
            }
        }
        return null;
    }

    private static Element childElement(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    /** An element as nested tags and its texts with their white space collapsed, comments left out. */
    private static String canonical(Node node) {
        if (node == null) {
            return "";
        }
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            return node.getNodeValue().strip().replaceAll("\\s+", " ");
        }
        if (node.getNodeType() != Node.ELEMENT_NODE) {
            return "";
        }
        StringBuilder out = new StringBuilder("<" + ((Element) node).getTagName() + ">");
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            out.append(canonical(child));
        }
        return out.append("</").append(((Element) node).getTagName()).append(">").toString();
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
