package workshop.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a hidden test is worth. A test method earns its points only if it passes (every invocation,
 * for a repeated or parameterized test). The points of an exercise's hidden tests add up to the
 * {@code points} its entry in {@code info.toml} gives; a self-check holds them to that.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
    int value();
}
