package workshop.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Source folders laid over each other, as a catalog entry is laid over our solutions: a {@code X.java}
 * of a later layer replaces the one below, and a {@code X.java.patch} (a unified diff, {@code diff -u})
 * changes it. A patch whose lines are no longer in the file below fails loudly, saying which: the
 * entry was written against a solution that has changed since.
 */
public final class Layers {

    private Layers() {}

    /** The layers laid into a fresh folder of {@code .java} files. */
    public static Path materialize(List<Path> layers) {
        try {
            Path out = Files.createTempDirectory("workshop-layers-");
            layInto(out, layers);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lays {@code layers} into {@code sources}, the first at the bottom. */
    public static void layInto(Path sources, List<Path> layers) throws IOException {
        for (Path layer : layers) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(layer)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String relative = layer.relativize(file).toString();
                if (relative.endsWith(".java")) {
                    Path target = sources.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                } else if (relative.endsWith(".java.patch")) {
                    Path target = sources.resolve(relative.substring(0, relative.length() - ".patch".length()));
                    if (!Files.isRegularFile(target)) {
                        throw new AssertionError(file + " patches " + target.getFileName() + ", which no layer below it has");
                    }
                    Files.writeString(target, apply(Files.readString(target), Files.readString(file), file.toString()));
                }
            }
        }
    }

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

    /**
     * {@code original} changed by the unified diff {@code patch} (text before its first {@code ---} line,
     * the entry's header, is ignored). Every context and removed line must be where the hunk says.
     */
    static String apply(String original, String patch, String name) {
        List<String> lines = new ArrayList<>(original.lines().toList());
        List<String> patchLines = patch.lines().toList();
        int i = 0;
        while (i < patchLines.size() && !patchLines.get(i).startsWith("--- ")) {
            i++;
        }
        int offset = 0;
        int hunks = 0;
        for (; i < patchLines.size(); i++) {
            Matcher m = HUNK.matcher(patchLines.get(i));
            if (!m.matches()) {
                continue;
            }
            hunks++;
            int at = Integer.parseInt(m.group(1)) - 1 + offset;
            if (m.group(2) != null && m.group(2).equals("0")) {
                at++; // a hunk that only adds names the line before it
            }
            int line = at;
            for (i++; i < patchLines.size() && !patchLines.get(i).startsWith("@@"); i++) {
                String p = patchLines.get(i);
                if (p.startsWith("\\")) {
                    continue; // "\ No newline at end of file"
                }
                char kind = p.isEmpty() ? ' ' : p.charAt(0);
                String text = p.isEmpty() ? "" : p.substring(1);
                if (kind == '+') {
                    lines.add(line++, text);
                    offset++;
                } else if (kind == ' ' || kind == '-') {
                    if (line >= lines.size() || !lines.get(line).equals(text)) {
                        throw new AssertionError(name + " no longer applies: hunk " + hunks + " expects line " + (line + 1)
                                + " to be\n  " + text + "\nbut it is\n  " + (line < lines.size() ? lines.get(line) : "(end of file)")
                                + "\nRewrite the entry over the current solution (diff -u solution entry > the .patch).");
                    }
                    if (kind == '-') {
                        lines.remove(line);
                        offset--;
                    } else {
                        line++;
                    }
                }
            }
            i--;
        }
        if (hunks == 0) {
            throw new AssertionError(name + " holds no hunk: a catalog patch must change the file it patches");
        }
        return String.join("\n", lines) + "\n";
    }
}
