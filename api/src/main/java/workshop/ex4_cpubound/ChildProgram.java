package workshop.ex4_cpubound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Java program to run in child JVMs, once per input: its main class, the classpath that holds
 * it, and options for the child JVM.
 *
 * <p>The main class must be found on {@code classpath} by a fresh JVM, so it lives in a jar or
 * class folder of its own (this API's {@link SerialWorker}, a test's fixture), never among classes
 * that only a custom class loader can see.
 *
 * @param mainClass the fully qualified name of the class whose {@code main} the child runs
 * @param classpath the child's classpath, entries separated by {@link java.io.File#pathSeparator}
 * @param jvmOptions options for the child JVM, placed before {@code -cp}
 */
public record ChildProgram(String mainClass, String classpath, List<String> jvmOptions) {

    /**
     * Options that make a short-lived child JVM start quickly and stay small: the serial garbage
     * collector, the quick (C1) compiler only, a small heap. A child that computes for seconds is
     * better off without them ({@link #withJvmOptions(List)} adds; build the record yourself to
     * drop them).
     */
    public static final List<String> QUICK_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m");

    public ChildProgram {
        Objects.requireNonNull(mainClass, "mainClass must not be null");
        Objects.requireNonNull(classpath, "classpath must not be null");
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * {@code mainClass}, found on the classpath of the running JVM ({@code java.class.path}), with
     * the {@link #QUICK_START} options.
     */
    public static ChildProgram of(Class<?> mainClass) {
        return new ChildProgram(mainClass.getName(), System.getProperty("java.class.path"), QUICK_START);
    }

    /** This program with {@code more} options added after its own. */
    public ChildProgram withJvmOptions(List<String> more) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(more);
        return new ChildProgram(mainClass, classpath, options);
    }

    /**
     * The command that runs this program for one input:
     * {@code [java, jvmOptions..., "-cp", classpath, mainClass, input]}.
     *
     * @param javaLauncher the path of the {@code java} launcher to run
     * @param input the child's one argument
     */
    public List<String> command(String javaLauncher, String input) {
        Objects.requireNonNull(javaLauncher, "javaLauncher must not be null");
        Objects.requireNonNull(input, "input must not be null");
        List<String> command = new ArrayList<>();
        command.add(javaLauncher);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass, input));
        return command;
    }
}
