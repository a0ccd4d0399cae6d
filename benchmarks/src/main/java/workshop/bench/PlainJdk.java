package workshop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

/** Plain JDK code beside our solutions: what a developer writes without the workshop. */
public final class PlainJdk {

    private PlainJdk() {}

    /** A cold {@code newFixedThreadPool(workers)}: submit every call, then get each result in order, then close. */
    public static <O> List<O> fixedPool(List<Integer> inputs, BlockingCall<Integer, O> call, int workers) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            return submitAllThenGet(pool, inputs, call);
        }
    }

    /** One virtual thread per call ({@code newVirtualThreadPerTaskExecutor}), results in order. */
    public static <O> List<O> virtualThreads(List<Integer> inputs, BlockingCall<Integer, O> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            return submitAllThenGet(pool, inputs, call);
        }
    }

    /** One virtual thread per call, at most {@code cap} calls in flight (a Semaphore, as exercise 5 teaches). */
    public static <O> List<O> virtualThreadsCapped(List<Integer> inputs, BlockingCall<Integer, O> call, int cap) throws Exception {
        Semaphore connections = new Semaphore(cap);
        BlockingCall<Integer, O> capped = input -> {
            connections.acquire();
            try {
                return call.call(input);
            } finally {
                connections.release();
            }
        };
        return virtualThreads(inputs, capped);
    }

    /** Submits every call to {@code pool}, then waits for each in submission order. */
    public static <O> List<O> submitAllThenGet(ExecutorService pool, List<Integer> inputs, BlockingCall<Integer, O> call)
            throws Exception {
        List<Future<O>> futures = new ArrayList<>(inputs.size());
        for (Integer input : inputs) {
            futures.add(pool.submit(() -> call.call(input)));
        }
        List<O> results = new ArrayList<>(inputs.size());
        for (Future<O> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a benchmark call failed", e.getCause());
            }
        }
        return results;
    }
}
