package workshop.docs.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the pages, the programs and the rest of the repository are, seen from the docs module. */
final class DocsTree {

    /** The docs folder: the Markdown pages, and this module's pom. */
    static final Path DOCS = Path.of(System.getProperty("docs.dir", "")).toAbsolutePath().normalize();
    /** The repository's root. */
    static final Path ROOT = DOCS.getParent();
    /** The programs the pages' code blocks are cut from. */
    static final Path SOURCES = DOCS.resolve("src/main/java");

    /** With {@code -Ddocs.update=true} (or scripts/update-docs) the checks rewrite the pages instead of failing. */
    static final boolean UPDATE = Boolean.getBoolean("docs.update");

    private DocsTree() {}

    /** Every Markdown page of the docs, the module's build output and sources aside. */
    static List<Path> pages() {
        try (Stream<Path> files = Files.walk(DOCS)) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> !DOCS.relativize(f).startsWith("target") && !DOCS.relativize(f).startsWith("src"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A path for messages: relative to the repository's root. */
    static String show(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    }
}
