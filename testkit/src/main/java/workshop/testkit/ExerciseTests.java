package workshop.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Names a test class after its exercise, with the exercise's number taken from info.toml (its place
 * in the course), so no test types the number. On a class in {@code workshop.ex3_workers},
 * {@code @ExerciseTests("choosing the worker count (the rules)")} shows as "Exercise 3: choosing the
 * worker count (the rules)" in Maven's output, the IDE and the reports; {@code @ExerciseTests} alone
 * shows the exercise's title ("Exercise 1: ordered map"). Use it instead of a class-level
 * {@code @DisplayName}; the test methods keep theirs.
 *
 * <p>Without a manifest on the classpath, or for a class outside every exercise, the class is
 * named by the value alone (or its simple name).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@DisplayNameGeneration(ExerciseTests.Names.class)
public @interface ExerciseTests {

    /** What follows "Exercise N: "; the exercise's title (its first letter lower case) when empty. */
    String value() default "";

    /** Makes "Exercise N: value" from the manifest; test methods are named as JUnit names them. */
    final class Names extends DisplayNameGenerator.Standard {

        private static volatile Manifest cached;

        public Names() {}

        @Override
        public String generateDisplayNameForClass(Class<?> testClass) {
            ExerciseTests tests = testClass.getAnnotation(ExerciseTests.class);
            String text = tests == null ? "" : tests.value();
            Manifest manifest = manifest(testClass);
            var exercise = manifest == null ? java.util.Optional.<Manifest.Exercise>empty() : manifest.owner(testClass.getName());
            if (exercise.isEmpty()) {
                return text.isEmpty() ? super.generateDisplayNameForClass(testClass) : text;
            }
            return name(manifest, exercise.get(), text);
        }

        /** "Exercise N: text", or "Exercise N: title" (its first letter lower case) when text is empty. */
        public static String name(Manifest manifest, Manifest.Exercise exercise, String text) {
            return "Exercise " + manifest.number(exercise) + ": " + (text.isEmpty() ? lowerFirst(exercise.title()) : text);
        }

        /** "Ordered map" to "ordered map", but "CPU-bound work" stays as it is. */
        private static String lowerFirst(String title) {
            if (title.length() > 1 && Character.isUpperCase(title.charAt(0)) && Character.isLowerCase(title.charAt(1))) {
                return Character.toLowerCase(title.charAt(0)) + title.substring(1);
            }
            return title;
        }

        private static Manifest manifest(Class<?> testClass) {
            Manifest manifest = cached;
            if (manifest != null) {
                return manifest;
            }
            try {
                manifest = Manifest.fromClasspath();
            } catch (RuntimeException e) {
                try {
                    manifest = Manifest.fromClasspath(testClass.getClassLoader());
                } catch (RuntimeException again) {
                    return null;
                }
            }
            cached = manifest;
            return manifest;
        }
    }
}
