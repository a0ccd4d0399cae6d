// Mistake: runs CPU work on virtual threads, one per input, as if that gave more parallelism than the cores.
// Caught by: CpuBoundHiddenTest#mapRunsOnAtMostOneThreadPerCore "virtual threads too run on as many carriers as there are cores"
package workshop.ex4_cpubound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

public final class CpuBound {

    private CpuBound() {}

    public static int poolSize(int requested) {
        if (requested < 1) {
            throw new IllegalArgumentException("requested must be at least 1, was " + requested);
        }
        return Math.min(requested, Runtime.getRuntime().availableProcessors());
    }

    public static <I, O> List<O> map(List<I> inputs, Function<? super I, ? extends O> work, int requestedThreads)
            throws InterruptedException {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(work, "work must not be null");
        poolSize(requestedThreads); // validates it
        if (inputs.isEmpty()) {
            return List.of();
        }
        // Platform threads, one per core at most: CPU work never waits, so more threads could not run.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) { // threads are cheap now
            List<Future<O>> futures = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                futures.add(pool.submit(() -> work.apply(input)));
            }
            try {
                List<O> results = new ArrayList<>(inputs.size());
                for (Future<O> future : futures) {
                    results.add(resultOf(future));
                }
                return results;
            } finally {
                futures.forEach(future -> future.cancel(true)); // a no-op unless we failed or were interrupted
            }
        }
    }

    private static <O> O resultOf(Future<O> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        }
    }
}
