package workshop.grader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hidden test that measures a figure for Gradescope's leaderboard. The column's name and order
 * are here, read by the grader from the class file (like {@link Points}), never from the worker;
 * the test publishes only the number, as a JUnit report entry under {@link #KEY}
 * ({@code reporter.publishEntry(Leaderboard.KEY, String.valueOf(ratio))}). The figure reaches the
 * leaderboard only when the test passed; a number that is not finite and positive is dropped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Leaderboard {

    /** The report entry key a test publishes its figure under. */
    String KEY = "leaderboard";

    /**
     * The leaderboard column's name after its exercise's number, which the grader puts in front from
     * the manifest: {@code "makespan / ideal"} in exercise 1 is the column "Exercise 1: makespan / ideal".
     */
    String value();

    /** "asc" when lower is better (Gradescope ranks ascending), "desc" when higher is. */
    String order() default "asc";
}
