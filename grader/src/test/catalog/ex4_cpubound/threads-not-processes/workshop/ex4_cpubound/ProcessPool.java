// Mistake: runs the lock-bound library on threads of this JVM ("Java has no GIL"), where its lock makes them take turns.
// Caught by: ProcessPoolHiddenTest#runsTheSerialLibraryInChildProcesses "was computed in this JVM"
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
        // Java has no GIL, so threads will do: no need for child JVMs.
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxProcesses, inputs.size()))) {
            List<Future<ChildOutcome>> futures = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                String input = inputs.get(i);
                futures.add(pool.submit(() -> (ChildOutcome) new ChildOutcome.Done(index, input,
                        ProcessHandle.current().pid(), SerialLibrary.digest(input))));
            }
            List<ChildOutcome> outcomes = new ArrayList<>(inputs.size());
            for (Future<ChildOutcome> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        }
    }
}
