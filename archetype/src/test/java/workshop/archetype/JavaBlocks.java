package workshop.archetype;

import java.util.ArrayList;
import java.util.List;

/** Just enough Java reading to find the method bodies of a solution, and to compare code ignoring layout. */
final class JavaBlocks {

    /** Bodies shorter than this (an empty constructor, a one-word return) say nothing. */
    private static final int SHORTEST = 40;

    private JavaBlocks() {}

    /** Source without comments and whitespace, so the same code matches however it is laid out. */
    static String normalize(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\\s+", "");
    }

    /**
     * The normalized contents of the blocks one level inside each top-level type: method and
     * constructor bodies, nested types, initializers. Braces in strings may confuse it; a solution
     * whose braces do not balance gives no bodies.
     */
    static List<String> memberBodies(String source) {
        String code = normalize(source);
        List<String> bodies = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 2) {
                    start = i + 1;
                }
            } else if (c == '}') {
                if (depth == 2 && start >= 0 && i - start >= SHORTEST) {
                    bodies.add(code.substring(start, i));
                }
                depth--;
                if (depth < 0) {
                    return List.of();
                }
            }
        }
        return depth == 0 ? bodies : List.of();
    }
}
