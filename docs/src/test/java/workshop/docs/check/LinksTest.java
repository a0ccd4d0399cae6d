package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No dead links: every relative link in the docs and the root README names a file (or folder) that
 * exists, and a {@code #section} of a Markdown file names a heading it has (GitHub's anchors).
 */
class LinksTest {

    /** [text](target) and ![alt](target), the target without a title. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    /** The docs, the root README and the exercises' instructions (which link their tutorial pages). */
    static List<Path> linkingPages() {
        List<Path> pages = new ArrayList<>(DocsTree.pages());
        pages.add(DocsTree.ROOT.resolve("README.md"));
        try (Stream<Path> instructions = Files.list(DocsTree.ROOT.resolve("exercises/instructions"))) {
            instructions.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pages;
    }

    @Test
    @DisplayName("every relative link in docs/, README.md and exercises/instructions/ resolves to an existing file and heading")
    void noDeadLinks() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : linkingPages()) {
            List<String> lines = DocsTree.read(page).lines().toList();
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue;                                      // https:, mailto: ...
                    }
                    checked++;
                    String problem = check(page, target);
                    if (problem != null) {
                        problems.add(DocsTree.show(page) + ":" + (i + 1) + ": " + target + ": " + problem);
                    }
                }
            }
        }
        assertThat(problems).as("dead links").isEmpty();
        assertThat(checked).as("relative links checked").isPositive();
    }

    @Test
    @DisplayName("every page of the docs is linked from the docs index, so a reader can find it")
    void noOrphanPages() {
        Path index = DocsTree.DOCS.resolve("README.md");
        Set<Path> linked = new HashSet<>();
        Matcher m = LINK.matcher(DocsTree.read(index));
        while (m.find()) {
            String target = m.group(1).replaceAll("#.*", "");
            if (!target.isEmpty() && !target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                linked.add(index.getParent().resolve(target).normalize());
            }
        }
        List<String> orphans = DocsTree.pages().stream().filter(p -> !p.equals(index) && !linked.contains(p))
                .map(DocsTree::show).toList();
        assertThat(orphans).as("pages the docs index (docs/README.md) does not link").isEmpty();
    }

    static String check(Path page, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file " + DocsTree.show(file);
        }
        if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
            return "no heading with the anchor #" + anchor + " in " + DocsTree.show(file) + " (it has " + anchors(file) + ")";
        }
        return null;
    }

    /** GitHub's anchors for the headings of a Markdown file, in order. */
    static List<String> anchors(Path markdown) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : DocsTree.read(markdown).lines().toList()) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            }
            Matcher m = HEADING.matcher(line);
            if (inFence || !m.matches()) {
                continue;
            }
            String slug = slug(m.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    /** Lower case; markup and punctuation other than '-' and '_' dropped; spaces become '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");    // [text](link) -> text
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
