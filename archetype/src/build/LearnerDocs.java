import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the learner's Markdown into the archetype when it is built, from the one source in the
 * repository: the instructions (exercises/instructions/), the tutorial pages (docs/NN-*.md) with the
 * images they show, and each exercise's walkthrough (docs/walkthrough-*.md).
 *
 * <p>Every relative link is rewritten to where its target sits in the generated project; a link to
 * something the project does not ship (the grader, the solutions, the instructor's pages) becomes its
 * text. A walkthrough shows our solution, so it ships Base64-encoded in .workshop/walkthroughs/, and
 * walkthroughs/ID.md says how to open it: the progress view writes the readable file over it once the
 * exercise passes its visible tests.
 *
 * <p>Run by the archetype's pom with the JDK's source launcher:
 * {@code java LearnerDocs.java WORKSHOP_ROOT ARCHETYPE_RESOURCES}.
 */
public final class LearnerDocs {

    /** [text](target) and ![alt](target), the target without a title: as the docs' LinksTest reads them. */
    private static final Pattern LINK = Pattern.compile("(!?)\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern TUTORIAL_PAGE = Pattern.compile("docs/\\d\\d-[^/]+\\.md");
    private static final Pattern EXERCISE = Pattern.compile("(?m)^id\\s*=\\s*\"([^\"]+)\"\\s*\\R+title\\s*=\\s*\"([^\"]+)\"");

    private final Path root;
    private final Path out;
    /** Exercise id to title, in teaching order (info.toml). */
    private final Map<String, String> exercises = new LinkedHashMap<>();
    /** Repository paths of the images the shipped pages show. */
    private final TreeSet<String> images = new TreeSet<>();

    private LearnerDocs(Path root, Path out) throws IOException {
        this.root = root;
        this.out = out;
        Matcher m = EXERCISE.matcher(Files.readString(root.resolve("exercises/info.toml")));
        while (m.find()) {
            exercises.put(m.group(1), m.group(2));
        }
        if (exercises.isEmpty()) {
            throw new IllegalStateException("no exercise (id, then title) in exercises/info.toml");
        }
    }

    public static void main(String[] args) throws IOException {
        LearnerDocs docs = new LearnerDocs(Path.of(args[0]).toAbsolutePath().normalize(), Path.of(args[1]));
        docs.instructions();
        docs.tutorial();
        docs.walkthroughs();
        docs.images();
    }

    private void instructions() throws IOException {
        for (String file : list("exercises/instructions", ".md")) {
            write("instructions/" + file, rewrite("exercises/instructions/" + file, "instructions/" + file));
        }
    }

    private void tutorial() throws IOException {
        for (String file : list("docs", ".md")) {
            if (TUTORIAL_PAGE.matcher("docs/" + file).matches()) {
                write("docs/" + file, rewrite("docs/" + file, "docs/" + file));
            }
        }
    }

    private void images() throws IOException {
        for (String image : images) {
            Path to = out.resolve(image);
            Files.createDirectories(to.getParent());
            Files.copy(root.resolve(image), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Each exercise's walkthrough, encoded, and the page that stands in for it until the exercise passes. */
    private void walkthroughs() throws IOException {
        int number = 0;
        for (Map.Entry<String, String> exercise : exercises.entrySet()) {
            number++;
            String id = exercise.getKey();
            String source = walkthroughOf(id);
            if (!Files.isRegularFile(root.resolve(source))) {
                throw new IllegalStateException("exercise " + id + " has no walkthrough: write " + source);
            }
            String readable = rewrite(source, "walkthroughs/" + id + ".md");
            write(".workshop/walkthroughs/" + id + ".md.b64",
                    Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(readable.getBytes(StandardCharsets.UTF_8)) + "\n");
            write("walkthroughs/" + id + ".md", """
                    # Exercise %d, %s: the walkthrough

                    Our solution of this exercise, and why it is written that way, appears in this file
                    the first time all of the exercise's visible tests pass (`./mvnw test`, or watch mode):
                    the progress table then says so. Until then it stays encoded in
                    `.workshop/walkthroughs/`, so that a glance does not give the solution away.

                    Try it first: [the instructions of exercise %d](../instructions/%s.md).
                    """.formatted(number, exercise.getValue(), number, id));
        }
    }

    /** docs/walkthrough-ex1-ordered.md for ex1_ordered. */
    private static String walkthroughOf(String id) {
        return "docs/walkthrough-" + id.replace('_', '-') + ".md";
    }

    /**
     * Where a file of the repository sits in the generated project, or {@code null} when the project
     * does not ship it.
     */
    private String shipped(String path) {
        if (TUTORIAL_PAGE.matcher(path).matches()) {
            return path;
        }
        if (path.startsWith("docs/images/")) {
            images.add(path);
            return path;
        }
        for (String id : exercises.keySet()) {
            if (path.equals(walkthroughOf(id))) {
                return "walkthroughs/" + id + ".md";
            }
        }
        Map<String, String> folders = new LinkedHashMap<>();
        folders.put("docs/README.md", "README.md");
        folders.put("exercises/info.toml", "info.toml");
        folders.put("exercises/instructions", "instructions");
        folders.put("exercises/src/main/java", "src/main/java");
        folders.put("exercises/src/test/java", "src/test/java");
        folders.put("api/src/main/java", "src/main/java");
        folders.put("testkit/src/main/java", "src/test/java");
        for (Map.Entry<String, String> folder : folders.entrySet()) {
            String from = folder.getKey();
            if (path.equals(from) || path.startsWith(from + "/")) {
                return folder.getValue() + path.substring(from.length());
            }
        }
        return null;
    }

    /**
     * The text of {@code source} (a path in the repository) with its relative links pointing where their
     * targets sit once it is written to {@code target} (a path in the generated project).
     */
    private String rewrite(String source, String target) throws IOException {
        List<String> lines = Files.readString(root.resolve(source)).lines().toList();
        StringBuilder text = new StringBuilder();
        boolean fence = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fence = !fence;
            }
            text.append(fence || line.strip().startsWith("```") ? line : relink(line, source, target)).append('\n');
        }
        return text.toString();
    }

    private String relink(String line, String source, String target) {
        Matcher m = LINK.matcher(line);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String link = m.group(3);
            int hash = link.indexOf('#');
            String path = hash < 0 ? link : link.substring(0, hash);
            String anchor = hash < 0 ? "" : link.substring(hash);
            String replacement;
            if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || path.isEmpty()) {
                replacement = m.group();                                    // https:, mailto:, #heading
            } else {
                String there = shipped(Path.of(source).resolveSibling(path).normalize().toString().replace('\\', '/'));
                if (there == null) {
                    replacement = m.group(2);                               // not in the project: the text alone
                } else {
                    String relative = Path.of(target).getParent() == null ? there
                            : Path.of(target).getParent().relativize(Path.of(there)).toString().replace('\\', '/');
                    replacement = m.group(1) + "[" + m.group(2) + "](" + relative + anchor
                            + (m.group(4) == null ? "" : m.group(4)) + ")";
                }
            }
            m.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(result);
        return result.toString();
    }

    private List<String> list(String folder, String suffix) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().forEach(names::add);
        }
        return names;
    }

    private void write(String path, String text) throws IOException {
        Path file = out.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
