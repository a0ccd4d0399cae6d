package workshop.ex2_ascompleted;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import workshop.common.BlockingCall;

/**
 * Exercise 2: run a slow call over many inputs on a thread pool, handle each result the moment it
 * is ready, and keep going when some calls fail: every input ends up in the results or the errors,
 * nothing lost, nothing twice.
 */
public final class AsCompleted {

    private AsCompleted() {}

    /**
     * Runs {@code call} once for every input, on a pool of at most {@code maxWorkers} threads, and
     * collects every outcome.
     *
     * <ul>
     *   <li>Up to {@code maxWorkers} calls run at once (fewer if there are fewer inputs), and never
     *       more.
     *   <li>One failure never stops the others: a call that throws becomes a
     *       {@link Outcome.Failure} holding the exception as the call threw it (not an
     *       {@code ExecutionException}), and the batch goes on.
     *   <li>Every input lands in exactly one of {@link Collected#results()} and
     *       {@link Collected#errors()}, with its index, so equal inputs stay separate entries.
     *   <li>{@code listener} gets each outcome as soon as its call finishes, in the order the calls
     *       finish (not input order), one at a time, on the thread that called {@code collect}, and
     *       before {@code collect} returns. If the listener throws, the remaining calls are cancelled
     *       and its exception propagates.
     *   <li>If the calling thread is interrupted while it waits, the remaining calls are cancelled
     *       (running ones interrupted) and this throws {@link InterruptedException}.
     *   <li>No call is still running and no pool thread is left alive when this returns or throws.
     * </ul>
     *
     * @param inputs the inputs; an empty list gives an empty {@link Collected}
     * @param call the slow call, run once per input
     * @param maxWorkers the most threads to use, at least 1
     * @param listener told of each outcome as it happens
     * @return every outcome, results and errors each in completion order
     * @throws NullPointerException if an argument is null, with a message naming it
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <I, O> Collected<I, O> collect(
            List<I> inputs, BlockingCall<I, O> call, int maxWorkers, Consumer<? super Outcome<I, O>> listener)
            throws InterruptedException {
        // STUB: task 1: implement AsCompleted.collect
        return run(inputs, call, maxWorkers, listener, null);
    }

    /**
     * Like {@link #collect(List, BlockingCall, int, Consumer)}, but no call may run longer than
     * {@code perCallTimeout}, counted from the moment that call starts (time spent waiting for a free
     * thread does not count). A call that runs over is interrupted and recorded as a
     * {@link Outcome.Failure} whose error is a {@link java.util.concurrent.TimeoutException}; it never
     * holds up the rest of the batch.
     *
     * @param perCallTimeout the longest one call may run, more than zero
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1 or {@code perCallTimeout}
     *     is not positive, with a message giving it
     */
    public static <I, O> Collected<I, O> collect(
            List<I> inputs,
            BlockingCall<I, O> call,
            int maxWorkers,
            Consumer<? super Outcome<I, O>> listener,
            Duration perCallTimeout)
            throws InterruptedException {
        // STUB: task 4: implement the per-call timeout
        Objects.requireNonNull(perCallTimeout, "perCallTimeout must not be null");
        if (perCallTimeout.isNegative() || perCallTimeout.isZero()) {
            throw new IllegalArgumentException("perCallTimeout must be more than zero, was " + perCallTimeout);
        }
        return run(inputs, call, maxWorkers, listener, perCallTimeout);
    }

    /** The batch itself; {@code timeout} is null for no time limit. */
    private static <I, O> Collected<I, O> run(
            List<I> inputs, BlockingCall<I, O> call, int maxWorkers, Consumer<? super Outcome<I, O>> listener,
            Duration timeout) throws InterruptedException {
        Objects.requireNonNull(inputs, "inputs must not be null");
        Objects.requireNonNull(call, "call must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1, was " + maxWorkers);
        }
        List<Outcome.Success<I, O>> results = new ArrayList<>();
        List<Outcome.Failure<I, O>> errors = new ArrayList<>();
        if (inputs.isEmpty()) {
            return new Collected<>(results, errors);
        }

        // Resources close in reverse order: the pool first (waiting for its calls), then the alarms.
        try (ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1);
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxWorkers, inputs.size()))) {
            alarms.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            // The completion service hands back each future as soon as its call finishes.
            ExecutorCompletionService<O> completion = new ExecutorCompletionService<>(pool);
            // Map each future back to its input's index: equal inputs are still different entries.
            Map<Future<O>, Integer> indexOf = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                I input = inputs.get(i);
                Callable<O> task = timeout == null ? () -> call.call(input) : () -> callWithin(call, input, timeout, alarms);
                indexOf.put(completion.submit(task), i);
            }
            try {
                for (int done = 0; done < inputs.size(); done++) {
                    Future<O> future = completion.take();
                    int index = indexOf.get(future);
                    Outcome<I, O> outcome = outcomeOf(index, inputs.get(index), future);
                    switch (outcome) {
                        case Outcome.Success<I, O> success -> results.add(success);
                        case Outcome.Failure<I, O> failure -> errors.add(failure);
                    }
                    listener.accept(outcome);
                }
            } finally {
                // After an interrupt or a throwing listener: stop what is left. (No-op when all are done.)
                indexOf.keySet().forEach(future -> future.cancel(true));
            }
        }
        return new Collected<>(results, errors);
    }

    /** A finished future as an outcome; the failure is the call's own exception, unwrapped. */
    private static <I, O> Outcome<I, O> outcomeOf(int index, I input, Future<O> future) throws InterruptedException {
        try {
            return new Outcome.Success<>(index, input, future.get());
        } catch (ExecutionException e) {
            return new Outcome.Failure<>(index, input, e.getCause());
        }
    }

    /**
     * Runs the call on this worker thread, with an alarm that interrupts it once {@code timeout} has
     * passed. The clock starts here, when the call starts, not when it was queued.
     */
    private static <I, O> O callWithin(BlockingCall<I, O> call, I input, Duration timeout,
            ScheduledThreadPoolExecutor alarms) throws Exception {
        FutureTask<O> attempt = new FutureTask<>(() -> call.call(input));
        // cancel(true) interrupts the thread running the attempt, and only while it runs.
        ScheduledFuture<?> alarm = alarms.schedule(() -> attempt.cancel(true), timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            attempt.run();
            return attempt.get();
        } catch (CancellationException e) {
            Thread.interrupted(); // the alarm's interrupt was for the call, not for this worker
            throw new TimeoutException("the call for " + input + " ran longer than " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        } finally {
            alarm.cancel(false);
        }
    }
}
