package workshop.testkit.watch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a learner's packages in this JVM with {@code javax.tools}, into folders of watch mode's own
 * ({@code target/watch/classes}, {@code target/watch/test-classes}), never Maven's: one package at a time,
 * so that a mistake in one exercise does not stop another from running. The compiler and its file
 * manager stay warm between compilations.
 */
final class Recompiler {

    /** What javac said about one package: nothing when it compiled. */
    record Outcome(List<String> errors, double seconds) {
        boolean compiled() {
            return errors.isEmpty();
        }
    }

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;
    private final Path project;
    private final String release;
    private final List<String> dependencies;

    /**
     * @param project the learner's project folder
     * @param release the Java release to compile for (the pom's {@code maven.compiler.release})
     * @param dependencies the test classpath's jars (JUnit, AssertJ, Mockito, ...)
     */
    Recompiler(Path project, String release, List<String> dependencies) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("watch mode needs a JDK's compiler (javax.tools), and this Java has none: "
                    + System.getProperty("java.home"));
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, java.nio.charset.StandardCharsets.UTF_8);
        this.project = project;
        this.release = release;
        this.dependencies = dependencies;
    }

    /**
     * Compiles the {@code .java} files of one package folder ({@code workshop/ex1_ordered}) of
     * {@code sources} into {@code output}, after deleting that package's old class files there.
     *
     * @param recursive whether sub-packages are included (the test kit)
     * @param classpath folders of already compiled classes it needs, before the dependencies
     */
    Outcome compile(Path sources, String packageFolder, boolean recursive, Path output, List<Path> classpath) {
        long start = System.nanoTime();
        Path from = sources.resolve(packageFolder);
        Path to = output.resolve(packageFolder);
        List<Path> javaFiles = javaFiles(from, recursive);
        deleteClasses(to, recursive);
        if (javaFiles.isEmpty()) {
            return new Outcome(List.of(), seconds(start));
        }
        List<String> path = new ArrayList<>();
        classpath.forEach(p -> path.add(p.toString()));
        path.addAll(dependencies);
        List<String> options = List.of("--release", release, "-d", output.toString(), "-classpath",
                String.join(File.pathSeparator, path), "-implicit:none", "-proc:none", "-g", "-encoding", "UTF-8",
                "-Xlint:none");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean ok = javac.getTask(null, files, diagnostics, options, null,
                files.getJavaFileObjectsFromPaths(javaFiles)).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(describe(d));
            }
        }
        if (!ok && errors.isEmpty()) {
            errors.add("javac failed without an error message");
        }
        return new Outcome(errors, seconds(start));
    }

    /** As javac prints it: {@code file:line: error: message}, then the line and a caret under the column. */
    private String describe(Diagnostic<? extends JavaFileObject> d) {
        StringBuilder s = new StringBuilder();
        String file = d.getSource() == null ? "" : project.relativize(Path.of(d.getSource().toUri())).toString()
                .replace('\\', '/');
        s.append(file);
        if (d.getLineNumber() > 0) {
            s.append(':').append(d.getLineNumber());
        }
        s.append(": error: ").append(d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
        if (d.getSource() != null && d.getLineNumber() > 0) {
            try {
                List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()));
                String line = lines.get((int) d.getLineNumber() - 1);
                s.append('\n').append(line.stripTrailing());
                if (d.getColumnNumber() > 0) {
                    s.append('\n').append(" ".repeat((int) d.getColumnNumber() - 1)).append('^');
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // the message alone
            }
        }
        return s.toString();
    }

    private static List<Path> javaFiles(Path folder, boolean recursive) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = recursive ? Files.walk(folder) : Files.list(folder)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteClasses(Path folder, boolean recursive) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> walk = recursive ? Files.walk(folder) : Files.list(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (p.toString().endsWith(".class")) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
