package workshop.docs.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a quoted block appears in a source file. Lines are compared without their indentation,
 * blank lines are ignored, and a line {@code // ...} (or {@code ...}) stands for any number of
 * source lines left out; everything else must appear in the source in the same order, lines between
 * two gaps next to each other. A solution's {@code // STUB: task K} lines (which task a body is, for
 * the stub written from it) are not part of the code a page shows, so a quote leaves them out.
 * A quote of a catalog patch ({@code X.java.patch}) is compared with the lines the patch leaves in
 * the file it changes: each hunk's context and added lines, one hunk at a time.
 */
final class Quotes {

    private Quotes() {}

    /**
     * The lines a quote of {@code file} is looked for in: the file's own lines, or for a unified diff
     * ({@code .patch}) its header (the lines before {@code ---}) and the new side of each hunk, with a
     * line between them that no quote can match.
     */
    static List<String> linesOf(Path file, String text) {
        List<String> lines = text.lines().toList();
        if (!file.getFileName().toString().endsWith(".patch")) {
            return lines;
        }
        List<String> newSide = new ArrayList<>();
        boolean inHunks = false;
        for (String line : lines) {
            if (!inHunks && line.startsWith("--- ")) {
                newSide.add(HUNK_BREAK);                          // the entry's header lines end here
                inHunks = true;
            } else if (!inHunks) {
                newSide.add(line);
            } else if (line.startsWith("@@")) {
                inHunks = true;
                newSide.add(HUNK_BREAK);
            } else if (line.startsWith(" ") || line.startsWith("+") && !line.startsWith("+++ ")) {
                newSide.add(line.substring(1));
            } else if (line.isEmpty()) {
                newSide.add("");
            }
        }
        return newSide;
    }

    /** Stands between two hunks of a patch: not a line of Java, so no quote line equals it. */
    private static final String HUNK_BREAK = "\u0000 next hunk";

    static boolean isGap(String line) {
        String s = line.strip();
        return s.equals("// ...") || s.equals("...");
    }

    static boolean appearsIn(List<String> quote, List<String> source) {
        List<List<String>> segments = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : quote) {
            if (isGap(line)) {
                segments.add(current);
                current = new ArrayList<>();
            } else if (!line.isBlank()) {
                current.add(line.strip());
            }
        }
        segments.add(current);
        List<String> src = source.stream().filter(l -> !l.isBlank()).map(String::strip)
                .filter(l -> !l.startsWith("// STUB:")).toList();
        int from = 0;
        for (List<String> segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            int at = find(src, segment, from);
            if (at < 0) {
                return false;
            }
            from = at + segment.size();
        }
        return true;
    }

    /** The first index at or after {@code from} where {@code segment} appears as consecutive lines, or -1. */
    private static int find(List<String> src, List<String> segment, int from) {
        for (int i = from; i + segment.size() <= src.size(); i++) {
            if (src.subList(i, i + segment.size()).equals(segment)) {
                return i;
            }
        }
        return -1;
    }
}
