package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the docs is compiled code: either a region of a program in
 * {@code docs/src/main/java} (a {@code snippet:} marker, and then the block must equal the region),
 * or lines of another compiled file of the repository (a {@code quote:} marker, and then the lines
 * must appear in that file in that order). With {@code -Ddocs.update=true} snippet blocks are
 * rewritten from their regions instead.
 */
class SnippetsTest {

    /** The regions of the module's programs and of the JDK 25 ones ({@link Jdk25Programs}), compiled by another check. */
    private static final Map<String, List<String>> REGIONS = regions();

    private static Map<String, List<String>> regions() {
        Map<String, List<String>> regions = new java.util.LinkedHashMap<>(Regions.all(DocsTree.SOURCES));
        if (java.nio.file.Files.isDirectory(Jdk25Programs.SOURCES)) {
            Regions.all(Jdk25Programs.SOURCES).forEach((name, lines) -> {
                if (regions.putIfAbsent(name, lines) != null) {
                    throw new AssertionError("region " + name + " is in both docs/src/main/java and docs/src/jdk25/java");
                }
            });
        }
        return regions;
    }

    @Test
    @DisplayName("every Java block in the docs is a snippet of a compiled program or a quote of a compiled file")
    void everyJavaBlockIsMarked() {
        List<String> problems = new ArrayList<>();
        for (Path file : DocsTree.pages()) {
            for (Page.Block block : Page.read(file).blocks()) {
                if (block.language().equals("java") && !"snippet".equals(block.kind()) && !"quote".equals(block.kind())) {
                    problems.add(block.where(file) + ": a java block without <!-- snippet: File.java#region --> or"
                            + " <!-- quote: path/to/File.java --> on the line before it");
                }
                if ("snippet".equals(block.kind()) && !block.language().equals("java")
                        || "quote".equals(block.kind()) && !block.language().equals("java") && !block.language().equals("yaml")) {
                    problems.add(block.where(file) + ": a " + block.kind() + " marker before a block that is not ```java"
                            + ("quote".equals(block.kind()) ? " or ```yaml" : ""));
                }
            }
        }
        assertThat(problems).as("unmarked Java blocks (they would not be compiled, so they could drift)").isEmpty();
    }

    @Test
    @DisplayName("every snippet block equals its region of the program it names")
    void snippetsMatchTheirRegions() {
        assertThat(snippetProblems(DocsTree.pages(), REGIONS, DocsTree.UPDATE))
                .as("snippet blocks that drifted from their source").isEmpty();
    }

    /** What is wrong with the snippet blocks of {@code pages}; with {@code update}, rewrites them instead. */
    static List<String> snippetProblems(List<Path> pages, Map<String, List<String>> regions, boolean update) {
        List<String> problems = new ArrayList<>();
        for (Path file : pages) {
            Page page = Page.read(file);
            for (Page.Block block : page.blocks().reversed()) {        // bottom up: rewriting keeps earlier lines in place
                if (!"snippet".equals(block.kind())) {
                    continue;
                }
                List<String> region = regions.get(block.target());
                if (region == null) {
                    problems.add(block.where(file) + ": no region " + block.target() + " in docs/src/main/java or docs/src/jdk25/java (known: "
                            + regions.keySet() + ")");
                } else if (!region.equals(block.body())) {
                    if (update) {
                        DocsTree.write(file, page.withBody(block, region));
                        page = Page.read(file);
                        if (DocsTree.UPDATE) {
                            System.out.println("rewrote " + block.where(file) + " from " + block.target());
                        }
                    } else {
                        problems.add(block.where(file) + ": the block differs from " + block.target()
                                + "; run scripts/update-docs to copy the region into the page.\n--- page:\n"
                                + block.text() + "\n--- source:\n" + String.join("\n", region));
                    }
                }
            }
        }
        return problems;
    }

    @Test
    @DisplayName("every region of the pages' programs is shown on some page")
    void everyRegionIsUsed() {
        Set<String> used = new HashSet<>();
        for (Path file : DocsTree.pages()) {
            Page.read(file).blocks().stream().filter(b -> "snippet".equals(b.kind())).forEach(b -> used.add(b.target()));
        }
        List<String> unused = REGIONS.keySet().stream().filter(r -> !used.contains(r)).toList();
        assertThat(unused).as("regions no page shows (a renamed marker, or a region to delete)").isEmpty();
    }

    @Test
    @DisplayName("every quote block appears, line for line, in the compiled file it names")
    void quotesAppearInTheirFiles() {
        List<String> problems = new ArrayList<>();
        for (Path file : DocsTree.pages()) {
            for (Page.Block block : Page.read(file).blocks()) {
                if (!"quote".equals(block.kind())) {
                    continue;
                }
                Path source = file.getParent().resolve(block.target()).normalize();
                if (!Files.isRegularFile(source)) {
                    problems.add(block.where(file) + ": quotes " + block.target() + ", which does not exist");
                } else if (!Quotes.appearsIn(block.body(), Quotes.linesOf(source, DocsTree.read(source)))) {
                    problems.add(block.where(file) + ": these lines are not in " + DocsTree.show(source)
                            + " in this order (\"// ...\" stands for lines left out); copy them again from the source:\n"
                            + block.text());
                }
            }
        }
        assertThat(problems).as("quote blocks that drifted from their source").isEmpty();
    }
}
