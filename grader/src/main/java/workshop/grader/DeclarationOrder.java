package workshop.grader;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Runs a hidden test class's methods in the order they are written in its source: the order of the
 * exercise's tasks, so the first failure in a report is the one to work on first, and the same in
 * every run. (JUnit's default order follows reflection, whose order can change from one JVM to the
 * next.) Methods whose line is unknown go last, by name.
 */
public final class DeclarationOrder implements MethodOrderer {

    private static final ClassValue<Map<String, Integer>> LINES = new ClassValue<>() {
        @Override
        protected Map<String, Integer> computeValue(Class<?> type) {
            Map<String, Integer> lines = new HashMap<>();
            try {
                JavaClass imported = ArchConfiguration.withThreadLocalScope(config -> {
                    config.setResolveMissingDependenciesFromClassPath(false);
                    return new ClassFileImporter().importClass(type);
                });
                for (JavaMethod m : imported.getMethods()) {
                    lines.put(m.getName() + m.getRawParameterTypes().stream().map(JavaClass::getName).toList(),
                            m.getSourceCodeLocation().getLineNumber());
                }
            } catch (RuntimeException e) {
                // Unreadable class file: the methods fall back to name order.
            }
            return lines;
        }
    };

    @Override
    public void orderMethods(MethodOrdererContext context) {
        Map<String, Integer> lines = LINES.get(context.getTestClass());
        context.getMethodDescriptors().sort(Comparator
                .comparingInt((org.junit.jupiter.api.MethodDescriptor d) -> lines.getOrDefault(key(d.getMethod()), Integer.MAX_VALUE))
                .thenComparing(d -> d.getMethod().getName()));
    }

    private static String key(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getName).collect(Collectors.toList());
    }
}
