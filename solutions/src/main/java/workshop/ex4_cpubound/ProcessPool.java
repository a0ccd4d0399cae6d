package workshop.ex4_cpubound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        // STUB: tasks 3-6
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be at least 1, was " + maxProcesses);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than zero, was " + timeout);
        }
        inputs.forEach(input -> Objects.requireNonNull(input, "inputs must not hold null"));
        if (inputs.isEmpty()) {
            return List.of();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // Waiting for a child is blocking, not computing: one thread per running child, parked in
        // waitFor. So the pool's size is the cap on the children alive at once.
        try (ExecutorService waiters = Executors.newFixedThreadPool(Math.min(maxProcesses, inputs.size()))) {
            List<Future<ChildOutcome>> futures = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                String input = inputs.get(i);
                futures.add(waiters.submit(() -> runChild(program, java, index, input, timeout)));
            }
            try {
                List<ChildOutcome> outcomes = new ArrayList<>(inputs.size());
                for (Future<ChildOutcome> future : futures) {
                    outcomes.add(future.get()); // runChild turns every failure of a child into an outcome
                }
                return outcomes;
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not run a child: " + e.getCause(), e.getCause());
            } finally {
                // After an interrupt: children not started yet never start, and each waiter still
                // waiting is interrupted and kills its child. close() then waits for all of that.
                futures.forEach(future -> future.cancel(true));
            }
        }
    }

    /** Runs one child to its end, and says how it ended. Throws only if this thread is interrupted. */
    private static ChildOutcome runChild(ChildProgram program, String java, int index, String input, Duration timeout)
            throws IOException, InterruptedException {
        // The child writes to files, not pipes. A pipe holds only some 64 KB: a child that writes more
        // blocks until someone reads, and a parent that first waits for the child's exit waits forever.
        Path out = Files.createTempFile("workshop-child-", ".out");
        Path err = Files.createTempFile("workshop-child-", ".err");
        try {
            Process child;
            try {
                child = new ProcessBuilder(program.command(java, input))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                return new ChildOutcome.Failed(index, input, -1, new ChildFailedException(Reason.COULD_NOT_START,
                        "could not start a child for '" + input + "': " + e.getMessage(), e));
            }
            String who = "the child (pid " + child.pid() + ") for '" + input + "'";
            try {
                if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return new ChildOutcome.Failed(index, input, child.pid(), new ChildFailedException(Reason.TIMED_OUT,
                            who + " ran longer than " + timeout.toMillis() + " ms and was killed"));
                }
            } finally {
                killTree(child); // a no-op for a child that exited; after a timeout or an interrupt it ends it
            }
            int exitCode = child.exitValue();
            if (exitCode != 0) {
                return new ChildOutcome.Failed(index, input, child.pid(), new ChildFailedException(Reason.NON_ZERO_EXIT,
                        who + " exited with code " + exitCode + firstLineOf(err)));
            }
            String stdout = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            return WorkerProtocol.parse(stdout)
                    .<ChildOutcome>map(value -> new ChildOutcome.Done(index, input, child.pid(), value))
                    .orElseGet(() -> new ChildOutcome.Failed(index, input, child.pid(), new ChildFailedException(
                            Reason.BAD_OUTPUT, who + " exited with code 0 but printed no reply: " + excerpt(stdout))));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Kills {@code child} and every process it started, and waits until the child is gone. The
     * kill is forcible: a polite {@code destroy()} asks the child to exit, and a hung child may
     * never do so.
     */
    private static void killTree(Process child) {
        // List the descendants first: once the child is dead, its own children are re-parented and
        // can no longer be found from it.
        List<ProcessHandle> descendants = child.descendants().toList();
        child.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        child.onExit().join(); // join(), unlike waitFor(), waits even when this thread is interrupted
    }

    /** ": " and the first line the child wrote on stderr (what it died of), or "" if it wrote none. */
    private static String firstLineOf(Path err) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(err, StandardCharsets.UTF_8)) {
            return reader.lines().filter(line -> !line.isBlank()).findFirst().map(line -> ": " + excerpt(line)).orElse("");
        } catch (UncheckedIOException e) {
            return ""; // stderr that is not text says nothing useful
        }
    }

    /** The text on one line, quoted, cut at 200 characters: enough to recognise, short enough to read. */
    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.isEmpty()) {
            return "(nothing)";
        }
        return oneLine.length() <= 200 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 200) + "...'";
    }
}
