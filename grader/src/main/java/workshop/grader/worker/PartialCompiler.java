package workshop.grader.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import workshop.grader.SourceCompiler;
import workshop.grader.protocol.Protocol;
import workshop.testkit.Manifest;

/**
 * Compiles what compiles of a submission's {@code src/main/java}: everything at once when it can,
 * else package by package (other packages first, then the exercises in manifest order), leaving out
 * the files with errors until the rest compiles. So a typo in exercise 3 costs exercise 3, not the
 * whole submission. Only javac runs (no annotation processors, no build, no plugin of the learner's).
 */
final class PartialCompiler {

    /** The most compiler output kept per unit. */
    private static final int MAX_DIAGNOSTICS_CHARS = 20_000;

    private PartialCompiler() {}

    /**
     * @param sources the submission's source root
     * @param classes where class files go (emptied first)
     * @param classpath what the sources may use besides themselves: the workshop API
     * @param providedByGrader class names the grader supplies itself (the API's records): a learner's
     *     copy of them is not compiled, so the classes the hidden tests link against are always ours
     */
    static Protocol.Compilation compile(Path sources, Path classes, List<Path> classpath, Manifest manifest,
            Predicate<String> providedByGrader) {
        long start = System.nanoTime();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the grader on a JDK 21+, not a JRE");
        }
        List<String> ignored = new ArrayList<>();
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        groups.put("", new ArrayList<>());
        manifest.exercises().forEach(e -> groups.put(e.id(), new ArrayList<>()));
        for (Path file : javaFiles(sources)) {
            String relative = relative(sources, file);
            String className = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
            if (providedByGrader.test(className)) {
                ignored.add(relative);
            } else {
                groups.get(manifest.owner(className).map(Manifest.Exercise::id).orElse("")).add(file);
            }
        }
        List<Path> all = groups.values().stream().flatMap(List::stream).toList();

        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            clean(classes);
            List<Diagnostic<? extends JavaFileObject>> errors = all.isEmpty() ? List.of()
                    : round(javac, files, all, classes, classpath);
            List<Protocol.Unit> units = new ArrayList<>();
            if (errors.isEmpty()) {
                groups.forEach((id, group) -> {
                    if (!group.isEmpty()) {
                        units.add(new Protocol.Unit(id, relatives(sources, group), List.of(), ""));
                    }
                });
            } else {
                // Package by package, each against the API and what compiled before it.
                clean(classes);
                List<Path> unitClasspath = new ArrayList<>(classpath);
                unitClasspath.add(classes);
                for (Map.Entry<String, List<Path>> group : groups.entrySet()) {
                    if (!group.getValue().isEmpty()) {
                        units.add(compileUnit(javac, files, sources, group.getKey(), group.getValue(), classes, unitClasspath));
                    }
                }
                // Files outside the exercise packages may use the exercises (a main class of the
                // learner's): give those that failed first another go, now that the exercises compiled.
                if (!units.isEmpty() && units.get(0).exercise().isEmpty() && !units.get(0).complete()) {
                    Protocol.Unit first = units.get(0);
                    List<Path> again = first.excluded().stream().map(sources::resolve).toList();
                    Protocol.Unit retried = compileUnit(javac, files, sources, "", again, classes, unitClasspath);
                    units.set(0, new Protocol.Unit("", first.files(), retried.excluded(), retried.diagnostics()));
                }
            }
            return new Protocol.Compilation(ignored, units, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Protocol.Unit compileUnit(JavaCompiler javac, StandardJavaFileManager files, Path sources, String id,
            List<Path> group, Path classes, List<Path> classpath) {
        List<Path> left = new ArrayList<>(group);
        List<Path> excluded = new ArrayList<>();
        Set<String> messages = new LinkedHashSet<>();
        while (!left.isEmpty()) {
            List<Diagnostic<? extends JavaFileObject>> errors = round(javac, files, left, classes, classpath);
            if (errors.isEmpty()) {
                break;
            }
            Set<Path> failing = new LinkedHashSet<>();
            for (Diagnostic<? extends JavaFileObject> error : errors) {
                messages.add(format(error, sources));
                if (error.getSource() != null) {
                    Path file = Path.of(error.getSource().toUri());
                    left.stream().filter(f -> sameFile(f, file)).forEach(failing::add);
                }
            }
            if (failing.isEmpty()) { // an error no file can be blamed for: nothing of this unit compiles
                failing.addAll(left);
            }
            left.removeAll(failing);
            excluded.addAll(failing);
        }
        String diagnostics = String.join("\n", messages);
        if (diagnostics.length() > MAX_DIAGNOSTICS_CHARS) {
            diagnostics = diagnostics.substring(0, MAX_DIAGNOSTICS_CHARS) + "\n... (more compiler messages left out)";
        }
        return new Protocol.Unit(id, relatives(sources, group), relatives(sources, excluded), diagnostics);
    }

    /** One javac run; returns its errors (none: the class files are written). */
    private static List<Diagnostic<? extends JavaFileObject>> round(JavaCompiler javac, StandardJavaFileManager files,
            List<Path> sources, Path classes, List<Path> classpath) {
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, files, collector, SourceCompiler.options(classes, classpath), null,
                files.getJavaFileObjectsFromPaths(sources)).call();
        List<Diagnostic<? extends JavaFileObject>> errors = collector.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        if (!ok && errors.isEmpty()) {
            throw new IllegalStateException("javac failed without an error message");
        }
        return errors;
    }

    /** Like javac prints it: {@code path:line: error: message}, the source line, and a caret under the spot. */
    private static String format(Diagnostic<? extends JavaFileObject> d, Path sources) {
        String message = d.getMessage(Locale.ROOT);
        if (d.getSource() == null || d.getLineNumber() == Diagnostic.NOPOS) {
            return "error: " + message;
        }
        Path file = Path.of(d.getSource().toUri());
        StringBuilder out = new StringBuilder(relative(sources, file)).append(':').append(d.getLineNumber())
                .append(": error: ").append(message);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (d.getLineNumber() <= lines.size()) {
                String line = lines.get((int) d.getLineNumber() - 1);
                out.append('\n').append(line);
                if (d.getColumnNumber() != Diagnostic.NOPOS && d.getColumnNumber() <= line.length() + 1) {
                    out.append('\n').append(line.substring(0, (int) d.getColumnNumber() - 1).replaceAll("[^\t]", " ")).append('^');
                }
            }
        } catch (IOException | RuntimeException e) {
            // Without the source line the message still says what is wrong.
        }
        return out.toString();
    }

    private static List<Path> javaFiles(Path sources) {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + sources, e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String relative(Path root, Path file) {
        return root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static List<String> relatives(Path root, List<Path> files) {
        return files.stream().map(f -> relative(root, f)).toList();
    }

    private static void clean(Path classes) throws IOException {
        if (Files.exists(classes)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(classes)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(classes);
    }
}
