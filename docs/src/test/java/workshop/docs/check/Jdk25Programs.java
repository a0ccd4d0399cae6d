package workshop.docs.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The pages' programs that need an API newer than the module's release 21 ({@code Gatherers}, JDK 24;
 * {@code ScopedValue}, final in JDK 25; {@code StructuredTaskScope}, a preview in JDK 25), in
 * {@code docs/src/jdk25/java}. Maven does not compile them, so the build still runs on a JDK 21; the docs
 * check compiles them itself with {@code javax.tools} when its JDK is 25 or newer, and runs each in a JVM of
 * its own. A file with a line {@code // preview: JDK 25} uses a preview API: it is compiled with
 * {@code --enable-preview --release 25} and checked only on JDK 25 itself, since a preview class file runs on
 * no other release.
 */
final class Jdk25Programs {

    static final Path SOURCES = DocsTree.DOCS.resolve("src/jdk25/java");
    static final Path CLASSES = DocsTree.DOCS.resolve("target/jdk25-classes");
    static final int FEATURE = Runtime.version().feature();

    private Jdk25Programs() {}

    static List<Path> files() {
        if (!Files.isDirectory(SOURCES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The programs' simple names: an output block naming one of them is checked here, not by {@code OutputsTest}. */
    static Set<String> names() {
        return files().stream().map(f -> f.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
    }

    static boolean isPreview(Path file) {
        return DocsTree.read(file).lines().anyMatch(l -> l.strip().startsWith("// preview: JDK 25"));
    }

    /** The files this JDK can compile and run: all on JDK 25, the preview ones aside on a newer one, none before 25. */
    static List<Path> runnableHere() {
        return FEATURE < 25 ? List.of() : files().stream().filter(f -> FEATURE == 25 || !isPreview(f)).toList();
    }

    /** Compiles {@link #runnableHere} into {@link #CLASSES}; javac's messages if it fails. */
    static String compile() throws IOException {
        List<Path> files = runnableHere();
        Files.createDirectories(CLASSES);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", String.valueOf(Math.min(FEATURE, 25)), "-d", CLASSES.toString(),
                "-Xlint:all,-preview", "-Werror"));
        if (files.stream().anyMatch(Jdk25Programs::isPreview)) {
            args.add("--enable-preview");
        }
        files.forEach(f -> args.add(f.toString()));
        java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, args.toArray(String[]::new));
        return status == 0 ? null : messages.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code workshop.docs.<name>} (compiled by {@link #compile}) in a JVM of its own; the lines it printed. */
    static List<String> run(String name) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        if (isPreview(SOURCES.resolve("workshop/docs/" + name + ".java"))) {
            command.add("--enable-preview");
        }
        command.addAll(List.of("-cp", CLASSES.toString(), "workshop.docs." + name));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("workshop.docs." + name + " failed:\n" + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8).lines().map(String::stripTrailing).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
