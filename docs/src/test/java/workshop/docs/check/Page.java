package workshop.docs.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page cut into its fenced code blocks, each with the marker comment on the line before it:
 *
 * <pre>
 * &lt;!-- snippet: Headline.java#headline --&gt;      a region of a program in docs/src/main/java
 * &lt;!-- quote: ../solutions/src/main/java/...java --&gt;   lines of a compiled file, "// ..." for a gap
 * &lt;!-- output: Headline --&gt;                      what workshop.docs.Headline prints
 * </pre>
 */
record Page(Path file, List<String> lines, List<Block> blocks) {

    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(snippet|quote|output):\\s*(\\S+)\\s*-->\\s*$");

    /**
     * One fenced block: its language, its marker (kind and target, null if none), the lines between
     * the fences without the fence's indentation (a block inside a list item is indented), and where
     * they are in the page (0-based index of the opening fence).
     */
    record Block(String language, String kind, String target, List<String> body, int fence, String indent) {

        /** "docs/02-ordered-results.md:41" for messages. */
        String where(Path file) {
            return DocsTree.show(file) + ":" + (fence + 1);
        }

        String text() {
            return String.join("\n", body);
        }
    }

    static Page read(Path file) {
        List<String> lines = DocsTree.read(file).lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).strip().startsWith("```")) {
                close++;
            }
            if (close == lines.size()) {
                throw new AssertionError(DocsTree.show(file) + ":" + (i + 1) + ": a code block that is never closed");
            }
            String kind = null;
            String target = null;
            int before = i - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            if (before >= 0) {
                Matcher marker = MARKER.matcher(lines.get(before).strip());
                if (marker.matches()) {
                    kind = marker.group(1);
                    target = marker.group(2);
                }
            }
            String indent = open.group(1);
            List<String> body = lines.subList(i + 1, close).stream()
                    .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip()).toList();
            blocks.add(new Block(open.group(2), kind, target, body, i, indent));
            i = close;
        }
        return new Page(file, lines, List.copyOf(blocks));
    }

    /** This page with the body of {@code block} replaced by {@code body}. */
    String withBody(Block block, List<String> body) {
        List<String> out = new ArrayList<>(lines.subList(0, block.fence() + 1));
        body.forEach(line -> out.add(line.isEmpty() ? line : block.indent() + line));
        out.addAll(lines.subList(block.fence() + 1 + block.body().size(), lines.size()));
        return String.join("\n", out) + "\n";
    }
}
