package workshop.grader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the Java sources of a submission (a generated project's folder, or a {@code .zip} of one)
 * into the grader's throw-away folder: only {@code .java} files under {@code src/main/java}, never
 * its pom, its build plugins or anything else, and never through a symbolic link or an entry
 * that points outside. The grader compiles and runs only the copy.
 */
public final class SubmissionSource {

    /** The most bytes of sources taken from one submission. */
    static final long MAX_TOTAL_BYTES = 20L << 20;
    /** The largest source file taken. */
    static final long MAX_FILE_BYTES = 1L << 20;
    /** The most source files taken. */
    static final int MAX_FILES = 2_000;

    private static final String SOURCES = "src/main/java/";

    /**
     * What was copied.
     *
     * @param root where the project was found inside the submission ("" for its top), empty if none
     * @param files how many source files were copied
     * @param skipped what was left out, and why
     */
    record Copied(Optional<String> root, int files, List<String> skipped) {}

    private SubmissionSource() {}

    /**
     * The submission cannot be graded as handed in (a zip that does not open, say): the learner's
     * problem, reported in their report, never an internal error of the grader.
     */
    static final class Unusable extends IOException {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether {@code path} can be graded at all: an existing folder, or a file ending in {@code .zip}. */
    static Optional<String> problem(Path path) {
        if (!Files.exists(path)) {
            return Optional.of(path + " does not exist");
        }
        if (Files.isDirectory(path) || path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            return Optional.empty();
        }
        return Optional.of(path + " is neither a folder nor a .zip file");
    }

    /** The submission's name in reports: its folder's name, or the zip's name without {@code .zip}. */
    static String name(Path path) {
        String name = path.toAbsolutePath().normalize().getFileName() == null ? "submission"
                : path.toAbsolutePath().normalize().getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }

    /** Copies the sources of {@code submission} into {@code target} (the contents of its src/main/java). */
    static Copied copy(Path submission, Path target) throws IOException {
        Files.createDirectories(target);
        return Files.isDirectory(submission) ? copyFolder(submission, target) : copyZip(submission, target);
    }

    private static Copied copyFolder(Path submission, Path target) throws IOException {
        Path root = submission.toAbsolutePath().normalize();
        Optional<Path> sources = findSourceRoot(root);
        if (sources.isEmpty()) {
            return new Copied(Optional.empty(), 0, List.of());
        }
        List<String> skipped = new ArrayList<>();
        long total = 0;
        int count = 0;
        try (Stream<Path> walk = Files.walk(sources.get())) {
            for (Path file : walk.sorted().toList()) {
                String relative = sources.get().relativize(file).toString().replace('\\', '/');
                if (Files.isSymbolicLink(file)) {
                    skipped.add(relative + " (a symbolic link)");
                    continue;
                }
                if (!relative.endsWith(".java") || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long size = Files.size(file);
                String why = limit(relative, size, total, count);
                if (why != null) {
                    skipped.add(why);
                    continue;
                }
                // Resolved as a path, not a string: a name this JVM's locale cannot decode still copies.
                Path out = target.resolve(sources.get().relativize(file));
                Files.createDirectories(out.getParent());
                Files.copy(file, out);
                total += size;
                count++;
            }
        }
        String at = root.relativize(sources.get().getParent().getParent().getParent()).toString().replace('\\', '/');
        return new Copied(Optional.of(at), count, skipped);
    }

    /**
     * What is wrong with a submission folder's shape: several projects in it (named), or none (and
     * what it holds instead); empty when it is one project.
     */
    static Optional<String> shapeProblem(Path submission) throws IOException {
        if (!Files.isDirectory(submission)) {
            return Optional.empty();
        }
        Path root = submission.toAbsolutePath().normalize();
        List<Path> roots;
        try (Stream<Path> walk = Files.walk(root, 6)) {
            roots = walk.filter(p -> p.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?(target|build|\\.[^/]*)/.*"))
                    .map(p -> p.getParent().getParent().getParent())
                    .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(Comparator.naturalOrder())).toList();
        }
        List<Path> outer = new ArrayList<>();
        for (Path p : roots) {
            if (outer.stream().noneMatch(p::startsWith)) {
                outer.add(p);
            }
        }
        if (outer.size() > 1) {
            return Optional.of("the submission holds " + outer.size() + " projects (" + String.join(", ",
                    outer.stream().map(p -> root.relativize(p).toString()).toList()) + "): hand in one project's folder");
        }
        if (outer.isEmpty()) {
            List<String> found;
            try (Stream<Path> list = Files.list(root)) {
                found = list.map(p -> p.getFileName() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                        .sorted().toList();
            }
            return Optional.of("the submission has no src/main/java folder (it holds " + (found.isEmpty() ? "nothing"
                    : String.join(", ", found.subList(0, Math.min(8, found.size()))) + (found.size() > 8 ? ", ..." : ""))
                    + "): hand in the project's folder (with its pom.xml and src/), or a zip of it");
        }
        return Optional.empty();
    }

    /** The shallowest {@code src/main/java} folder in the submission, outside build output. */
    private static Optional<Path> findSourceRoot(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.filter(p -> p.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?(target|build|\\.[^/]*)/.*"))
                    .min(Comparator.comparingInt(Path::getNameCount).thenComparing(Comparator.naturalOrder()));
        }
    }

    private static Copied copyZip(Path submission, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(submission.toFile())) {
            List<? extends ZipEntry> entries = entries(zip);
            // The project's root is wherever the shallowest src/main/java/ sits (the zip's top, or one folder down).
            Optional<String> prefix = entries.stream().map(ZipEntry::getName).map(n -> n.replace('\\', '/'))
                    .filter(n -> n.contains(SOURCES) && !n.matches("(.*/)?(target|build|__MACOSX|\\.[^/]*)/.*"))
                    .map(n -> n.substring(0, n.indexOf(SOURCES)))
                    .min(Comparator.comparingInt((String p) -> p.split("/").length).thenComparing(Comparator.naturalOrder()));
            if (prefix.isEmpty()) {
                return new Copied(Optional.empty(), 0, List.of());
            }
            String base = prefix.get() + SOURCES;
            List<String> skipped = new ArrayList<>();
            long total = 0;
            int count = 0;
            Path normalTarget = target.toAbsolutePath().normalize();
            for (ZipEntry entry : entries) {
                String name = entry.getName().replace('\\', '/');
                if (entry.isDirectory() || !name.startsWith(base) || !name.endsWith(".java")) {
                    continue;
                }
                String relative = name.substring(base.length());
                Path out;
                try {
                    out = normalTarget.resolve(relative).normalize();
                } catch (java.nio.file.InvalidPathException e) {
                    skipped.add(relative + " (a file name the grader's locale cannot write: start it with LC_ALL=C.UTF-8,"
                            + " as grader/grade does)");
                    continue;
                }
                if (relative.isEmpty() || relative.startsWith("/") || !out.startsWith(normalTarget)) {
                    skipped.add(relative + " (points outside the project)");
                    continue;
                }
                String why = limit(relative, Math.max(entry.getSize(), 0), total, count);
                if (why != null) {
                    skipped.add(why);
                    continue;
                }
                Files.createDirectories(out.getParent());
                long written;
                try (InputStream in = zip.getInputStream(entry)) {
                    // The declared size may lie (a zip bomb): read at most one byte past the limit.
                    byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
                    if (bytes.length > MAX_FILE_BYTES) {
                        skipped.add(relative + " (larger than " + (MAX_FILE_BYTES >> 10) + " KB)");
                        continue;
                    }
                    Files.write(out, bytes);
                    written = bytes.length;
                }
                total += written;
                count++;
            }
            return new Copied(Optional.of(prefix.get().replaceAll("/$", "")), count, skipped);
        } catch (java.util.zip.ZipException e) {
            throw new Unusable(submission.getFileName() + " is not a zip file that opens (" + e.getMessage()
                    + "): zip the project's folder again (with its pom.xml and src/) and hand it in once more", e);
        }
    }

    private static List<? extends ZipEntry> entries(ZipFile zip) {
        List<ZipEntry> entries = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            entries.add(e.nextElement());
        }
        return entries;
    }

    private static String limit(String relative, long size, long total, int count) {
        if (size > MAX_FILE_BYTES) {
            return relative + " (larger than " + (MAX_FILE_BYTES >> 10) + " KB)";
        }
        if (total + size > MAX_TOTAL_BYTES || count >= MAX_FILES) {
            return relative + " (the submission's sources exceed " + (MAX_TOTAL_BYTES >> 20) + " MB or "
                    + MAX_FILES + " files)";
        }
        return null;
    }

    /** Deletes a folder and everything in it, as far as possible. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left behind: the run folder is in the temporary folder anyway.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // As above.
        }
    }
}
