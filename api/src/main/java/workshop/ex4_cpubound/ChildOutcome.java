package workshop.ex4_cpubound;

/**
 * What became of one input run in a child JVM: {@link Done} with the child's reply, or
 * {@link Failed} with the reason it gave none.
 *
 * <p>Both carry the input's {@link #index() position} in the input list and the {@link #pid() pid}
 * of the child process that ran it, so a caller (or a test) can see which process ran which input.
 */
public sealed interface ChildOutcome {

    /** The input's position in the input list, from 0. */
    int index();

    /** The input itself: the child's one argument. */
    String input();

    /** The process id of the child that ran the input, or -1 if no child could be started. */
    long pid();

    /** The child exited with code 0 after replying {@code value}. */
    record Done(int index, String input, long pid, String value) implements ChildOutcome {}

    /** The child gave no result, for the reason {@code error} says. */
    record Failed(int index, String input, long pid, ChildFailedException error) implements ChildOutcome {}
}
