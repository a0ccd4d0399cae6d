package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;

/**
 * The stubs and our solutions must expose the same public API, Javadoc included: a learner's code
 * is graded by hidden tests compiled against our solutions, so it must link exactly as ours does,
 * and the contract the learner reads must be the one the tests check.
 */
class PublicApiIdentityTest {

    @Test
    @DisplayName("exercises/ and solutions/ declare the same public types, signatures and Javadoc")
    void sameApi() throws IOException {
        Map<String, String> stubs = publicApi(Targets.STUBS);
        Map<String, String> solutions = publicApi(Targets.SOLUTIONS);

        assertThat(stubs.keySet()).as("public API elements of the stubs vs. the solutions")
                .containsExactlyInAnyOrderElementsOf(solutions.keySet());
        solutions.forEach((element, doc) -> assertThat(stubs.get(element))
                .as("Javadoc of %s in the stub vs. the solution", element).isEqualTo(doc));
        assertThat(stubs).as("public API of the stubs").isNotEmpty();
    }

    /** Every public or protected element under {@code sources}, with its signature, mapped to its Javadoc. */
    private static Map<String, String> publicApi(Path sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        Map<String, String> api = new TreeMap<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null,
                    List.of("--release", SourceCompiler.RELEASE, "-proc:none",
                            "-classpath", HiddenTestRunner.codeSource(BlockingCall.class).toString()),
                    null, fm.getJavaFileObjectsFromPaths(files));
            Elements elements = task.getElements();
            for (Element e : task.analyze()) {
                if (e instanceof TypeElement type) {
                    collect(type, elements, api);
                }
            }
        }
        return api;
    }

    private static void collect(TypeElement type, Elements elements, Map<String, String> api) {
        if (!visible(type)) {
            return;
        }
        api.put(type.getKind() + " " + type.getQualifiedName() + type.getTypeParameters() + " " + type.getModifiers(),
                doc(type, elements));
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement nested) {
                collect(nested, elements, api);
            } else if (visible(member)) {
                String signature = member instanceof ExecutableElement m
                        ? m.getModifiers() + " " + m.getTypeParameters() + " " + m.getReturnType() + " " + m
                                + " throws " + m.getThrownTypes()
                        : member.getModifiers() + " " + member.asType() + " " + member;
                api.put(type.getQualifiedName() + ": " + signature, doc(member, elements));
            }
        }
    }

    private static boolean visible(Element e) {
        Set<Modifier> modifiers = e.getModifiers();
        return modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED);
    }

    private static String doc(Element e, Elements elements) {
        String doc = elements.getDocComment(e);
        return doc == null ? "(no Javadoc)" : doc.strip();
    }
}
