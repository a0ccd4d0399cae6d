package workshop.docs.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a quoted block appears in a source file. Lines are compared without their indentation,
 * blank lines are ignored, and a line {@code // ...} (or {@code ...}) stands for any number of
 * source lines left out; everything else must appear in the source in the same order, lines between
 * two gaps next to each other. A solution's {@code // STUB: task K} lines (which task a body is, for
 * the stub written from it) are not part of the code a page shows, so a quote leaves them out.
 */
final class Quotes {

    private Quotes() {}

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
