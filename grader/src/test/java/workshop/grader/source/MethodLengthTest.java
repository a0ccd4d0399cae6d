package workshop.grader.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every fix for a hostile submission lands in the grader's heart; a newcomer can only change it safely
 * when each step has a name. So no method of {@code grader/src/main} runs over {@value #MAX_LINES}
 * lines, from its signature to its closing brace (a lambda or an anonymous class counts towards the
 * method it is written in; its Javadoc does not).
 */
class MethodLengthTest {

    static final int MAX_LINES = 60;

    @Test
    @DisplayName("no method of the grader is longer than 60 lines: split it into named steps")
    void methodsAreShort() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources(Path.of("src/main/java"))) {
            tooLong.addAll(longMethods(file));
        }
        assertThat(tooLong).as("methods over %d lines (split each into steps with names that say what they do)",
                MAX_LINES).isEmpty();
    }

    @Test
    @DisplayName("the check finds a long method, and passes a short one")
    void theCheckCanFail(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < MAX_LINES; i++) {
            body.append("        x++;\n");
        }
        Path file = dir.resolve("Long.java");
        Files.writeString(file, "class Long {\n    int x;\n    void shortOne() {\n        x++;\n    }\n"
                + "    void longOne() {\n" + body + "    }\n}\n");
        assertThat(longMethods(file)).containsExactly("Long.java:6 longOne: 62 lines");
    }

    static List<String> longMethods(Path file) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null,
                    files.getJavaFileObjects(file));
            List<String> found = new ArrayList<>();
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        if (method.getBody() != null) {
                            long first = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, method));
                            long last = unit.getLineMap().getLineNumber(positions.getEndPosition(unit, method));
                            long lines = last - first + 1;
                            if (lines > MAX_LINES) {
                                found.add(file.getFileName() + ":" + first + " " + method.getName() + ": " + lines + " lines");
                            }
                        }
                        return super.visitMethod(method, unused);
                    }
                }.scan(unit, null);
            }
            return found;
        }
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
