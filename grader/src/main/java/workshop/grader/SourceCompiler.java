package workshop.grader;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles exercise sources with the JDK's own compiler (javax.tools), at our pinned release, without
 * running anybody's build. Used for our solutions, the stubs, the wrong-implementation catalog and
 * learners' submissions alike.
 */
public final class SourceCompiler {

    /** The Java release the exercises are written for. */
    public static final String RELEASE = "21";

    /**
     * What a compilation gave.
     *
     * @param classes the folder the class files went to
     * @param success whether every file compiled
     * @param diagnostics the compiler's messages, as it prints them
     */
    public record Result(Path classes, boolean success, String diagnostics) {}

    private SourceCompiler() {}

    /**
     * The compiler options every compilation of exercise sources uses: our release, UTF-8, no
     * annotation processing (nothing of the submission runs while it compiles), no warnings, and
     * debug information as Maven compiles the learner's own build: the JDK's NullPointerException
     * messages then name the variable ("because "inputs" is null") in grading as they do at home.
     */
    public static List<String> options(Path out, List<Path> classpath) {
        List<String> options = new ArrayList<>(List.of(
                "--release", RELEASE, "-encoding", "UTF-8", "-proc:none", "-parameters", "-g", "-nowarn",
                "-d", out.toString()));
        if (!classpath.isEmpty()) {
            options.add("-classpath");
            options.add(classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        }
        return options;
    }

    /**
     * Compiles the {@code .java} files under {@code layers} into {@code out}. A file in a later layer
     * replaces the file at the same relative path in an earlier one: {@code [stubs, wrongFile]}
     * compiles the stubs with one class swapped.
     *
     * @param classpath what the sources may use besides themselves (the API)
     */
    public static Result compile(List<Path> layers, Path out, List<Path> classpath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the grader on a JDK 21+, not a JRE");
        }
        Map<Path, Path> byRelativePath = new LinkedHashMap<>();
        for (Path layer : layers) {
            try (Stream<Path> files = Files.walk(layer)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .forEach(f -> byRelativePath.put(layer.relativize(f), f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sources under " + layer, e);
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = options(out, classpath);
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(messages, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(byRelativePath.values())).call();
            return new Result(out, ok, messages.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
