package workshop.archetype;

import static workshop.archetype.Workshop.files;
import static workshop.archetype.Workshop.read;
import static workshop.archetype.Workshop.slashed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The links of a project's Markdown files, as the docs' LinksTest reads them. */
final class Markdown {

    /** [text](target) and ![alt](target), the target without a title. */
    static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private Markdown() {}

    /** A relative link of a Markdown file: where it is, and what it names. */
    record Link(String file, int line, String target) {}

    /** The relative links (not https:, not #heading alone) of every Markdown file under {@code project}, target/ aside. */
    static List<Link> relativeLinks(Path project) {
        List<Link> links = new ArrayList<>();
        for (Path file : files(project)) {
            String name = slashed(file);
            if (!name.endsWith(".md") || name.startsWith("target/")) {
                continue;
            }
            List<String> lines = read(project.resolve(file)).lines().toList();
            boolean fence = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith("```")) {
                    fence = !fence;
                    continue;
                }
                Matcher m = LINK.matcher(fence ? "" : lines.get(i).replaceAll("`[^`]*`", "``"));
                while (m.find()) {
                    String target = m.group(2);
                    if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !target.startsWith("#")) {
                        links.add(new Link(name, i + 1, target));
                    }
                }
            }
        }
        return links;
    }

    /** The links whose file does not exist in {@code project}, as "file:line: target". */
    static List<String> dead(Path project, List<Link> links) {
        List<String> dead = new ArrayList<>();
        for (Link link : links) {
            String path = link.target().replaceAll("#.*", "");
            Path target = project.resolve(link.file()).getParent().resolve(path).normalize();
            if (!target.startsWith(project) || !Files.exists(target)) {
                dead.add(link.file() + ":" + link.line() + ": " + link.target());
            }
        }
        return dead;
    }

    /** The text with every link replaced by its text alone: what two versions that differ only in their links share. */
    static String withoutLinks(String markdown) {
        return LINK.matcher(markdown).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }
}
