package workshop.testkit;

import static org.mockito.Mockito.RETURNS_DEFAULTS;
import org.mockito.Mockito;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import workshop.common.BlockingCall;

/**
 * A mocked slow call that tests hand to an exercise instead of real I/O.
 *
 * <p>Each call sleeps for its latency (interruptibly, as blocking I/O would), then returns a result
 * or throws a chosen exception. While it runs, the call is counted "in flight", so a test can prove
 * overlap and caps by counting instead of timing:
 *
 * <ul>
 *   <li>{@link Builder#rendezvous(int) rendezvous(k)}: every call waits until {@code k} calls are in
 *       flight at once. A sequential implementation never gets there, and the first call fails after
 *       {@link Builder#rendezvousWait(Duration) a generous wait} with "only 1 call was in flight at
 *       once; expected k". Once {@code k} calls have met, the rendezvous stays open.
 *   <li>{@link #maxInFlight()}: the most calls that were ever in flight at once, to prove a cap.
 *   <li>{@link Builder#finishInOrder(List)}: calls finish in a chosen order whatever the scheduling,
 *       so "results in input order" is tested without stopwatches.
 * </ul>
 *
 * <p>The call is a real Mockito mock ({@link #mock()}), so {@code verify(slow.mock()).call(x)}
 * works. Its bookkeeping uses {@link ReentrantLock}, never {@code synchronized}, so it does not pin
 * virtual threads.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public final class SlowCall<I, O> {

    /** How long a call blocks when told to {@link Builder#blockUntilInterrupted() block}: longer than any test. */
    public static final Duration FOREVER = Duration.ofMinutes(5);

    /** The default wait at a rendezvous: far longer than a correct pool needs to start its threads. */
    public static final Duration DEFAULT_RENDEZVOUS_WAIT = Duration.ofSeconds(5);

    private final Function<? super I, ? extends O> results;
    private final Function<? super I, Duration> latency;
    private final Duration linger;
    private final Predicate<? super I> fails;
    private final Function<? super I, ? extends Exception> failure;
    private final int rendezvous;
    private final Duration rendezvousWait;
    private final List<I> finishOrder;
    private final Hook<? super I> beforeAnswer;
    private final Duration ideal;
    private final BlockingCall<I, O> mock;

    /**
     * System property: when {@code true}, every SlowCall built is kept until {@link #takeBuilt()} takes
     * it, so that watch mode can draw the timeline of a test's calls after the test. Off by default:
     * a test run keeps nothing.
     */
    public static final String KEEP_BUILT = "workshop.slowcall.keep";
    private static final java.util.Queue<SlowCall<?, ?>> BUILT = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Calls in flight in every SlowCall of this JVM (see {@link #inFlightEverywhere()}). */
    private static final java.util.concurrent.atomic.AtomicInteger IN_FLIGHT_EVERYWHERE = new java.util.concurrent.atomic.AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int inFlight;
    private int maxInFlight;
    private boolean rendezvousOpen;
    private String problem;
    private final List<CallRecord<I>> started = new ArrayList<>();
    private final List<CallRecord<I>> finished = new ArrayList<>();
    private final Set<Thread> threads = Collections.newSetFromMap(new ConcurrentHashMap<>());

    private SlowCall(Builder<I, O> b) {
        this.results = b.results;
        this.latency = b.latency;
        this.fails = b.fails;
        this.failure = b.failure;
        this.rendezvous = b.rendezvous;
        this.rendezvousWait = b.rendezvousWait;
        this.finishOrder = b.finishOrder;
        this.beforeAnswer = b.beforeAnswer;
        this.linger = b.linger;
        this.ideal = b.ideal;
        this.rendezvousOpen = b.rendezvous <= 1;
        @SuppressWarnings("unchecked")
        BlockingCall<I, O> m = Mockito.mock(BlockingCall.class, withSettings()
                .name(b.name)
                .defaultAnswer(invocation -> invocation.getMethod().getName().equals("call")
                        ? run((I) invocation.getArgument(0))
                        : RETURNS_DEFAULTS.answer(invocation)));
        this.mock = m;
        if (Boolean.getBoolean(KEEP_BUILT)) {
            BUILT.add(this);
        }
    }

    /**
     * The SlowCalls built since the last call, oldest first, when {@value #KEEP_BUILT} is {@code true}
     * (none otherwise): watch mode takes them after each test to draw its calls.
     */
    public static List<SlowCall<?, ?>> takeBuilt() {
        List<SlowCall<?, ?>> taken = new ArrayList<>();
        for (SlowCall<?, ?> s; (s = BUILT.poll()) != null; ) {
            taken.add(s);
        }
        return taken;
    }

    /**
     * How many calls are in flight in all the SlowCalls of this JVM: the grader asks between two
     * exercises, since calls one exercise left running (blocked in a pool nobody cancelled) would
     * slow or block the next.
     */
    public static int inFlightEverywhere() {
        return IN_FLIGHT_EVERYWHERE.get();
    }

    /** The makespan of these calls at full overlap, if the test said it ({@link Builder#ideal(Duration)}). */
    public Optional<Duration> ideal() {
        return Optional.ofNullable(ideal);
    }

    /** {@link #timeline(Duration)} against the {@link #ideal() ideal} the test gave, if any. */
    public String timeline() {
        return timeline(ideal);
    }

    /** Starts a slow call whose result for input {@code x} is {@code results.apply(x)}. */
    public static <I, O> Builder<I, O> returning(Function<? super I, ? extends O> results) {
        return new Builder<>(results);
    }

    /** Starts a slow call whose result is {@code "result-" + input}: handy for {@code List<Integer>} inputs. */
    public static <I> Builder<I, String> echoing() {
        return new Builder<>(input -> "result-" + input);
    }

    /** The mock to hand to the code under test. */
    public BlockingCall<I, O> mock() {
        return mock;
    }

    /** The calls in flight right now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** The most calls that were ever in flight at once. */
    public int maxInFlight() {
        lock.lock();
        try {
            return maxInFlight;
        } finally {
            lock.unlock();
        }
    }

    /** How many calls have started so far. */
    public int startedCount() {
        lock.lock();
        try {
            return started.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A text timeline of the calls so far, one row per thread (see {@link Timeline}): what to print
     * when an overlap check fails.
     *
     * @param ideal the makespan at full overlap, or {@code null} if unknown
     */
    public String timeline(Duration ideal) {
        lock.lock();
        try {
            List<CallRecord<I>> calls = new ArrayList<>(finished);
            Set<String> ended = new java.util.HashSet<>();
            for (CallRecord<I> r : finished) {
                ended.add(System.identityHashCode(r.thread()) + "@" + r.startNanos());
            }
            for (CallRecord<I> r : started) {
                if (!ended.contains(System.identityHashCode(r.thread()) + "@" + r.startNanos())) {
                    calls.add(r);
                }
            }
            return Timeline.render(calls, System.nanoTime(), ideal);
        } finally {
            lock.unlock();
        }
    }

    /** The calls that have finished (returned or thrown), in the order they finished. */
    public List<CallRecord<I>> finished() {
        lock.lock();
        try {
            return List.copyOf(finished);
        } finally {
            lock.unlock();
        }
    }

    /** The inputs of the calls that have started, in the order they started. */
    public List<I> startedInputs() {
        lock.lock();
        try {
            return started.stream().map(CallRecord::input).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The inputs of the finished calls, in the order they finished. */
    public List<I> finishedInputs() {
        return finished().stream().map(CallRecord::input).toList();
    }

    /** Every thread that ran at least one call. */
    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    /** The inputs whose call was interrupted while it blocked. */
    public List<I> interruptedInputs() {
        return finished().stream().filter(CallRecord::interrupted).map(CallRecord::input).toList();
    }

    /**
     * Why this mock failed a call on purpose ("only 2 calls were in flight at once; expected 5"),
     * or empty if it never did. Check it first: code that swallows the error the mock threw would
     * otherwise hide the real problem.
     */
    public Optional<String> problem() {
        lock.lock();
        try {
            return Optional.ofNullable(problem);
        } finally {
            lock.unlock();
        }
    }

    /** Records why the mock fails a call, and makes the error to throw. The first reason wins. */
    private AssertionError fail(String why) {
        lock.lock();
        try {
            if (problem == null) {
                problem = why;
            }
            changed.signalAll();
            return new AssertionError(why);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code condition} holds for this call's state, for at most {@code limit}. Returns
     * whether it holds; used by tests that interrupt or inspect a batch part way through.
     */
    public boolean awaitState(Predicate<SlowCall<I, O>> condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        lock.lock();
        try {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private O run(I input) throws Exception {
        Thread me = Thread.currentThread();
        threads.add(me);
        long start = System.nanoTime();
        enter(input, me, start);
        boolean interrupted = false;
        Throwable thrown = null;
        try {
            awaitRendezvous();
            TimeUnit.NANOSECONDS.sleep(latency.apply(input).toNanos());
            awaitTurn(input);
            beforeAnswer.accept(input);
            if (fails.test(input)) {
                throw failure.apply(input);
            }
            return results.apply(input);
        } catch (InterruptedException e) {
            interrupted = true;
            thrown = e;
            lingerUninterruptibly();
            throw e;
        } catch (AssertionError e) {
            fail(e.getMessage());
            thrown = e;
            throw e;
        } catch (Exception | Error e) {
            thrown = e;
            throw e;
        } finally {
            leave(new CallRecord<>(input, me, start, System.nanoTime(), interrupted, thrown));
        }
    }

    /**
     * After an interrupt, stays in flight for the {@link Builder#lingerAfterInterrupt linger} before
     * throwing, as a real call that must close a socket would: so a caller that interrupts its calls
     * and returns without waiting for them finds them still running, every time, not only when the
     * scheduler happens to be slow.
     */
    private void lingerUninterruptibly() {
        long end = System.nanoTime() + linger.toNanos();
        for (long left = linger.toNanos(); left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException again) {
                // Still lingering: the interrupt is already being answered with the exception.
            }
        }
    }

    private void enter(I input, Thread thread, long start) {
        lock.lock();
        try {
            started.add(new CallRecord<>(input, thread, start, 0, false, null));
            inFlight++;
            IN_FLIGHT_EVERYWHERE.incrementAndGet();
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (maxInFlight >= rendezvous) {
                rendezvousOpen = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void leave(CallRecord<I> record) {
        lock.lock();
        try {
            inFlight--;
            IN_FLIGHT_EVERYWHERE.decrementAndGet();
            finished.add(record);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitRendezvous() throws InterruptedException {
        long deadline = System.nanoTime() + rendezvousWait.toNanos();
        lock.lock();
        try {
            while (!rendezvousOpen) {
                if (problem != null) {
                    throw new AssertionError(problem);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw fail("only " + maxInFlight + (maxInFlight == 1 ? " call was" : " calls were")
                            + " in flight at once; expected " + rendezvous
                            + " (waited " + rendezvousWait.toSeconds() + " s for them to overlap)");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** With {@link Builder#finishInOrder}: waits until every input before this one has finished. */
    private void awaitTurn(I input) throws InterruptedException {
        if (finishOrder == null) {
            return;
        }
        int position = finishOrder.indexOf(input);
        if (position <= 0) {
            return;
        }
        Set<I> before = new LinkedHashSet<>(finishOrder.subList(0, position));
        long deadline = System.nanoTime() + rendezvousWait.toNanos();
        lock.lock();
        try {
            while (!finishedInputsLocked().containsAll(before)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw fail("the call for " + input + " waited " + rendezvousWait.toSeconds()
                            + " s for the calls for " + before + " to finish first, but they did not run alongside it");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private Set<I> finishedInputsLocked() {
        Set<I> done = new LinkedHashSet<>();
        for (CallRecord<I> r : finished) {
            done.add(r.input());
        }
        return done;
    }

    /** Work a test runs inside a call; it may block and throw. */
    @FunctionalInterface
    public interface Hook<I> {
        void accept(I input) throws Exception;
    }

    /** Configures a {@link SlowCall}. */
    public static final class Builder<I, O> {
        private final Function<? super I, ? extends O> results;
        private Function<? super I, Duration> latency = input -> Duration.ZERO;
        private Predicate<? super I> fails = input -> false;
        private Function<? super I, ? extends Exception> failure = input -> new IllegalStateException("no failure");
        private int rendezvous;
        private Duration rendezvousWait = DEFAULT_RENDEZVOUS_WAIT;
        private List<I> finishOrder;
        private String name = "slowCall";
        private Duration ideal;
        private Hook<? super I> beforeAnswer = input -> {};
        private Duration linger = Duration.ZERO;

        private Builder(Function<? super I, ? extends O> results) {
            this.results = Objects.requireNonNull(results, "results");
        }

        /** Every call sleeps this long before it answers. */
        public Builder<I, O> latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            this.latency = input -> latency;
            return this;
        }

        /** Every call sleeps this many milliseconds before it answers. */
        public Builder<I, O> latencyMillis(long millis) {
            return latency(Duration.ofMillis(millis));
        }

        /** The call for each input sleeps as long as {@code latency} says. */
        public Builder<I, O> latency(Function<? super I, Duration> latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Every call blocks until it is interrupted (or {@link #FOREVER} passes). */
        public Builder<I, O> blockUntilInterrupted() {
            return latency(FOREVER);
        }

        /**
         * An interrupted call stays in flight this long before it throws {@link InterruptedException}
         * (further interrupts do not cut it short): long enough that a caller that does not wait for its
         * cancelled calls always sees them running.
         */
        public Builder<I, O> lingerAfterInterrupt(Duration linger) {
            this.linger = Objects.requireNonNull(linger, "linger");
            return this;
        }

        /** The calls for inputs that match {@code which} throw what {@code failure} makes, after their latency. */
        public Builder<I, O> failing(Predicate<? super I> which, Function<? super I, ? extends Exception> failure) {
            this.fails = Objects.requireNonNull(which, "which");
            this.failure = Objects.requireNonNull(failure, "failure");
            return this;
        }

        /** The calls for these inputs throw the same exception each (use distinct inputs). */
        public Builder<I, O> failing(Map<I, ? extends Exception> failures) {
            Map<I, ? extends Exception> copy = Map.copyOf(failures);
            return failing(copy::containsKey, copy::get);
        }

        /** Every call waits until {@code k} calls are in flight at once (see the class comment). */
        public Builder<I, O> rendezvous(int k) {
            this.rendezvous = k;
            return this;
        }

        /** How long a call waits at the rendezvous (or for its turn) before it fails the test. */
        public Builder<I, O> rendezvousWait(Duration wait) {
            this.rendezvousWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /**
         * Calls finish in this order: each waits, after its latency, until every input listed before
         * it has finished. The inputs must all be in flight together, or the waiting call fails.
         */
        public Builder<I, O> finishInOrder(List<I> order) {
            this.finishOrder = List.copyOf(order);
            return this;
        }

        /**
         * Runs {@code hook} in each call after its latency, just before it answers: a test can make a
         * call wait for something the code under test must do first. An {@link AssertionError} it
         * throws is recorded as this mock's {@link #problem()}.
         */
        public Builder<I, O> beforeAnswer(Hook<? super I> hook) {
            this.beforeAnswer = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * The makespan of the test's calls at full overlap (9 calls of 20 ms on 3 threads: 60 ms), for
         * {@link SlowCall#timeline()}: the test that checks overlap says it, and watch mode's timeline
         * shows the makespan against it.
         */
        public Builder<I, O> ideal(Duration ideal) {
            this.ideal = Objects.requireNonNull(ideal, "ideal");
            return this;
        }

        /** The mock's name in Mockito's messages. */
        public Builder<I, O> named(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public SlowCall<I, O> build() {
            return new SlowCall<>(this);
        }
    }
}
