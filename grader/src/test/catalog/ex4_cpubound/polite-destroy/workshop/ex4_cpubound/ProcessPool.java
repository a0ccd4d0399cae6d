// Mistake: ends a late child with destroy() (SIGTERM) and does not wait: a hung child that ignores it keeps running.
// Caught by: ProcessPoolHiddenTest#hungChildrenAreKilledAtTheirTimeout "still running"
package workshop.ex4_cpubound;

import java.io.BufferedReader;
import java.io.IOException;
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

public final class ProcessPool {

    private ProcessPool() {}

    public static List<ChildOutcome> map(ChildProgram program, List<String> inputs, int maxProcesses, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(program, "program must not be null");
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be at least 1, was " + maxProcesses);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than zero, was " + timeout);
        }
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
                String input = Objects.requireNonNull(inputs.get(i), "inputs must not contain null");
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

    private static void killTree(Process child) {
        // List the descendants first: once the child is dead, its own children are re-parented and
        // can no longer be found from it.
        // Ask nicely; it will exit in its own time.
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
    }

    private static String firstLineOf(Path err) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(err, StandardCharsets.UTF_8)) {
            return reader.lines().filter(line -> !line.isBlank()).findFirst().map(line -> ": " + excerpt(line)).orElse("");
        } catch (java.io.UncheckedIOException e) {
            return ""; // stderr that is not text says nothing useful
        }
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.isEmpty() ? "(nothing)" : oneLine.length() <= 200 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 200) + "...'";
    }
}
