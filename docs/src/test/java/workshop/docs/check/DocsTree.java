package workshop.docs.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        List<Path> pages = new java.util.ArrayList<>();
        try {
            // Never into target/ (the build writes there while the checks run) nor src/.
            Files.walkFileTree(DOCS, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    Path relative = DOCS.relativize(dir);
                    return relative.startsWith("target") || relative.startsWith("src")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (file.toString().endsWith(".md")) {
                        pages.add(file);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages.stream().sorted().toList();
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
