package workshop.grader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds a learner's sources in whatever they uploaded to Gradescope ({@code /autograder/submission}):
 * a zip of the project, the project's folder, a bare {@code src/} folder, or loose {@code .java}
 * files. The answer is a project folder the grader takes as usual, or a sentence for the learner
 * saying why the upload cannot be graded.
 */
final class GradescopeUpload {

    /** Either a project folder to grade, or a problem to tell the learner (exactly one is set). */
    record Prepared(Path project, String problem, String layout) {
        static Prepared problem(String problem) {
            return new Prepared(null, problem, "unusable");
        }
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_$][\\w$]*(\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*;");
    private static final String IGNORED = "(.*/)?(target|build|out|bin|__MACOSX|\\.[^/]*)(/.*)?";

    private GradescopeUpload() {}

    /** Looks at {@code upload} and lays its sources out in {@code work} when they are not a project already. */
    static Prepared prepare(Path upload, Path work) throws IOException {
        if (!Files.isDirectory(upload)) {
            return Prepared.problem("The grader found no upload (" + upload + " is missing). Submit your project again.");
        }
        List<Path> files = files(upload);
        List<Path> zips = files.stream().filter(f -> lower(f).endsWith(".zip")).toList();
        List<Path> java = files.stream().filter(f -> lower(f).endsWith(".java")).toList();
        if (java.isEmpty() && zips.size() > 1) {
            return Prepared.problem("Your upload holds several zip files (" + names(upload, zips)
                    + "): upload one zip of your project, or the project's files.");
        }
        if (java.isEmpty() && zips.size() == 1) {
            Path unzipped = Files.createDirectories(work.resolve("unzipped"));
            String bad = unzip(zips.get(0), unzipped);
            if (bad != null) {
                return Prepared.problem(bad);
            }
            Prepared inner = layOut(unzipped, files(unzipped), work, "zip of ");
            return inner;
        }
        return layOut(upload, files, work, "");
    }

    private static Prepared layOut(Path root, List<Path> files, Path work, String how) throws IOException {
        List<Path> java = files.stream().filter(f -> lower(f).endsWith(".java")).toList();
        if (java.isEmpty()) {
            return Prepared.problem("Your upload has no .java files, so nothing could be graded. It holds: "
                    + (files.isEmpty() ? "nothing" : names(root, files.subList(0, Math.min(10, files.size())))
                    + (files.size() > 10 ? " and " + (files.size() - 10) + " more" : ""))
                    + ". Upload your project's folder (with its src/main/java), a zip of it, or your .java files.");
        }
        List<Path> outer = projects(root, java);
        if (outer.size() > 1) {
            return Prepared.problem("Your upload holds " + outer.size() + " projects (" + names(root, outer)
                    + "), so the grader cannot tell which to grade. Upload one project.");
        }
        if (outer.size() == 1) {
            return new Prepared(outer.get(0), null, how + (outer.get(0).equals(root) ? "project" : "project folder "
                    + root.relativize(outer.get(0))));
        }
        // No src/main/java: loose files (or a bare src/ folder): each goes where its package says (tests left out).
        java = java.stream().filter(f -> !root.relativize(f).toString().replace('\\', '/').matches("(.*/)?src/test/.*")).toList();
        Path project = Files.createDirectories(work.resolve("project"));
        Path sources = Files.createDirectories(project.resolve("src/main/java"));
        Map<String, Path> placed = new LinkedHashMap<>();
        for (Path f : java) {
            if (Files.size(f) > SubmissionSource.MAX_FILE_BYTES) {
                continue;
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = PACKAGE.matcher(text);
            String pkg = m.find() ? m.group(1).replaceAll("\\s", "") : "";
            String relative = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + f.getFileName();
            Path before = placed.putIfAbsent(relative, f);
            if (before != null) {
                return Prepared.problem("Your upload holds two copies of " + relative + " (" + root.relativize(before)
                        + " and " + root.relativize(f) + "), so the grader cannot tell which to grade. Upload one project.");
            }
            Path out = sources.resolve(relative);
            Files.createDirectories(out.getParent());
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
        boolean bare = java.stream().allMatch(f -> root.relativize(f).startsWith("src"));
        return new Prepared(project, null, how + (bare ? "bare src/ folder" : "loose .java files"));
    }

    /** The projects of an upload: the folders holding src/main/java, none inside another's. */
    private static List<Path> projects(Path root, List<Path> java) {
        List<Path> roots = new ArrayList<>();
        for (Path f : java) {
            Path rel = root.relativize(f);
            for (int i = 0; i + 2 < rel.getNameCount(); i++) {
                if (rel.getName(i).toString().equals("src") && rel.getName(i + 1).toString().equals("main")
                        && rel.getName(i + 2).toString().equals("java")) {
                    Path project = i == 0 ? root : root.resolve(rel.subpath(0, i));
                    if (!roots.contains(project)) {
                        roots.add(project);
                    }
                    break;
                }
            }
        }
        roots.sort(Comparator.comparingInt(Path::getNameCount).thenComparing(Comparator.naturalOrder()));
        List<Path> outer = new ArrayList<>();
        for (Path p : roots) {
            if (outer.stream().noneMatch(p::startsWith)) {
                outer.add(p);
            }
        }
        return outer;
    }

    /** Every regular file under {@code root}, no links, no build output or hidden folders. */
    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 12)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches(IGNORED))
                    .sorted().toList();
        }
    }

    /** Unzips the .java files of {@code zip} (never outside {@code target}); a sentence when it is not a zip. */
    private static String unzip(Path zip, Path target) throws IOException {
        Path normal = target.toAbsolutePath().normalize();
        long total = 0;
        int count = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (var e = file.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName().replace('\\', '/');
                if (entry.isDirectory() || !name.toLowerCase(Locale.ROOT).endsWith(".java") || name.matches(IGNORED)) {
                    continue;
                }
                Path out = normal.resolve(name).normalize();
                if (name.startsWith("/") || !out.startsWith(normal) || count >= SubmissionSource.MAX_FILES) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] bytes = in.readNBytes((int) SubmissionSource.MAX_FILE_BYTES + 1);
                    if (bytes.length > SubmissionSource.MAX_FILE_BYTES || total + bytes.length > SubmissionSource.MAX_TOTAL_BYTES) {
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    Files.write(out, bytes);
                    total += bytes.length;
                    count++;
                }
            }
        } catch (java.util.zip.ZipException e) {
            return zip.getFileName() + " is not a zip file the grader can open (" + e.getMessage()
                    + "). Upload a .zip made by your file manager or 'zip -r', or upload the project's files.";
        }
        return null;
    }

    private static String lower(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static String names(Path root, List<Path> paths) {
        return String.join(", ", paths.stream().map(p -> p.equals(root) ? "the top folder" : root.relativize(p).toString()).toList());
    }
}
