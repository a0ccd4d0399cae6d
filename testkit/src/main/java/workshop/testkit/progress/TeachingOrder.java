package workshop.testkit.progress;

import java.lang.reflect.Method;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import workshop.testkit.Manifest;

/**
 * Runs test classes in teaching order: by exercise, as info.toml lists them, and within an exercise by
 * the first task its tests check ({@code @DisplayName("task K: ...")}), so that exercise 3's rules (tasks
 * 1-2) run before its tuner (tasks 3-4). The learner's project names it in
 * {@code src/test/resources/junit-platform.properties}, for Maven, watch mode and IDEs alike.
 *
 * <p>Without a manifest on the classpath, classes go by package, then by first task.
 */
public final class TeachingOrder implements ClassOrderer {

    private final Manifest manifest = manifest();

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(this::exercise)
                .thenComparing(c -> c.getTestClass().getPackageName())
                .thenComparingInt(TeachingOrder::firstTask)
                .thenComparing(c -> c.getTestClass().getName()));
    }

    /** The class's exercise's place in info.toml, or after every exercise. */
    private int exercise(ClassDescriptor test) {
        if (manifest == null) {
            return Integer.MAX_VALUE;
        }
        return manifest.owner(test.getTestClass().getName()).map(manifest::number).orElse(Integer.MAX_VALUE);
    }

    /** The lowest K of the class's tests named "task K: ...", or after every task. */
    private static int firstTask(ClassDescriptor test) {
        int first = Integer.MAX_VALUE;
        for (Method method : test.getTestClass().getDeclaredMethods()) {
            // Written out: ClassOrderer.DisplayName (an orderer) would hide the annotation's simple name here.
            org.junit.jupiter.api.DisplayName name = method.getAnnotation(org.junit.jupiter.api.DisplayName.class);
            if (name != null) {
                first = Math.min(first, Progress.taskNumber(name.value()));
            }
        }
        return first;
    }

    private static Manifest manifest() {
        try {
            return Manifest.fromClasspath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
