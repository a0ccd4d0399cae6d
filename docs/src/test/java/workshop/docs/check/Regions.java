package workshop.docs.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named regions of the pages' programs: the lines between {@code // tag::name[]} and
 * {@code // end::name[]}, without the tag lines of other regions inside, and without the indentation
 * they share. A region is addressed as {@code File.java#name}.
 */
final class Regions {

    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([\\w-]+)\\[\\]\\s*$");

    private Regions() {}

    /** Every region under {@code sources}, by "File.java#name". */
    static Map<String, List<String>> all(Path sources) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        Map<String, Path> fileByName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = file.getFileName().toString();
                Path other = fileByName.putIfAbsent(name, file);
                if (other != null && !of(file).isEmpty()) {
                    throw new AssertionError("two programs named " + name + " (" + other + ", " + file
                            + "): snippets name files by their name alone, so keep those unique");
                }
                of(file).forEach((region, lines) -> regions.put(name + "#" + region, lines));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return regions;
    }

    /** The regions of one file, by name. */
    static Map<String, List<String>> of(Path file) {
        List<String> lines = DocsTree.read(file).lines().toList();
        Map<String, List<String>> regions = new LinkedHashMap<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher tag = TAG.matcher(lines.get(i));
            if (!tag.matches()) {
                continue;
            }
            String name = tag.group(2);
            if (tag.group(1).equals("tag")) {
                if (open.putIfAbsent(name, i) != null || regions.containsKey(name)) {
                    throw new AssertionError(DocsTree.show(file) + ":" + (i + 1) + ": region " + name + " opened twice");
                }
            } else {
                Integer start = open.remove(name);
                if (start == null) {
                    throw new AssertionError(DocsTree.show(file) + ":" + (i + 1) + ": end::" + name + "[] without tag::" + name + "[]");
                }
                List<String> body = new ArrayList<>();
                for (String line : lines.subList(start + 1, i)) {
                    if (!TAG.matcher(line).matches()) {
                        body.add(line);
                    }
                }
                regions.put(name, dedent(body));
            }
        }
        if (!open.isEmpty()) {
            throw new AssertionError(DocsTree.show(file) + ": regions never closed: " + open.keySet());
        }
        return regions;
    }

    static List<String> dedent(List<String> lines) {
        int common = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(common).stripTrailing()).toList();
    }
}
