package workshop.ex4_cpubound;

import java.time.Duration;
import java.util.List;
import workshop.ex4_cpubound.ChildFailedException.Reason;

/**
 * Exercise 4, part 2: a small process pool. Work that a process-wide lock serialises (see
 * {@link SerialLibrary}) runs one call at a time however many threads call it; in separate JVMs,
 * each with its own copy of the lock, it runs in parallel. This pool runs a program once per input,
 * each time in a child JVM of its own, a few at once, and collects what each child replied, or why
 * it gave no reply.
 */
public final class ProcessPool {

    private ProcessPool() {}

    /**
     * Runs {@code program} once for every input, each run in a child JVM of its own, at most
     * {@code maxProcesses} children at once, and returns one outcome per input, in input order.
     *
     * <ul>
     *   <li>The child for an input is started with the command
     *       {@link ChildProgram#command(String, String) program.command(java, input)}, where
     *       {@code java} is the {@code java} launcher of the running JVM (in
     *       {@code System.getProperty("java.home")}{@code /bin}).
     *   <li>Up to {@code maxProcesses} children are alive at once (fewer if there are fewer inputs),
     *       never more.
     *   <li>A child that exits with code 0 after printing a reply ({@link WorkerProtocol}) gives a
     *       {@link ChildOutcome.Done} with the reply's value and the child's pid.
     *   <li>Any other end is that input's {@link ChildOutcome.Failed}, and the batch goes on: a
     *       child that exits with another code (it crashed, or called {@code System.exit(3)}) fails
     *       with {@link Reason#NON_ZERO_EXIT}, and the exception's message gives the exit code,
     *       whatever the child printed; a child that exits with 0 without a reply, with
     *       {@link Reason#BAD_OUTPUT}; a child still running {@code timeout} after it started is
     *       killed, forcibly, with every process it started, and fails with
     *       {@link Reason#TIMED_OUT}; a child that cannot be started fails with
     *       {@link Reason#COULD_NOT_START}.
     *   <li>A child may write any amount to its standard output and standard error without ever
     *       blocking on a full pipe.
     *   <li>If the calling thread is interrupted while it waits, every running child is killed with
     *       the processes it started, no further child starts, and this throws
     *       {@link InterruptedException}.
     *   <li>Either way, no child is still running when this returns or throws.
     * </ul>
     *
     * @param program what each child runs
     * @param inputs the inputs, one child each; an empty list gives an empty list (and starts no child)
     * @param maxProcesses the most children alive at once, at least 1
     * @param timeout the longest a child may run, counted from its start, more than zero
     * @return one outcome per input, in input order
     * @throws NullPointerException if an argument is null, or {@code inputs} holds a null, with a message
     *     naming it
     * @throws IllegalArgumentException if {@code maxProcesses} is less than 1 or {@code timeout} is
     *     not positive, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static List<ChildOutcome> map(ChildProgram program, List<String> inputs, int maxProcesses, Duration timeout)
            throws InterruptedException {
        throw new UnsupportedOperationException("TODO: exercise 4 (CPU-bound work and a process pool), tasks 3-6: implement ProcessPool.map");
    }
}
