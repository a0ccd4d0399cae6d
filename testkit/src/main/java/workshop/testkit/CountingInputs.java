package workshop.testkit;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inputs {@code 0, 1, 2, ...} as a lazy {@link Iterator} of a given length, which counts how
 * far it has been read ahead of the consumer: what exercise 6's tests hand in instead of a list.
 *
 * <p>Nothing is stored per input, so a million inputs cost nothing. The consumer calls
 * {@link #delivered()} once per outcome it receives; the iterator then knows, at every
 * {@code next()}, how many inputs are <em>held</em>: taken but not yet delivered. {@link #maxHeld()}
 * is the most there ever were. With {@link #failAbove(long) failAbove(k)}, the {@code next()} that
 * would make {@code k + 1} held throws an {@link AssertionError} and records {@link #problem() why}:
 * an implementation that reads a million inputs into memory stops at once instead of running out of it.
 */
public final class CountingInputs implements Iterator<Integer> {

    private final long size;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong maxHeld = new AtomicLong();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final Set<Thread> threads = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile long limit = Long.MAX_VALUE;

    private CountingInputs(long size) {
        this.size = size;
    }

    /** The inputs {@code 0} to {@code size - 1}, made one at a time as they are taken. */
    public static CountingInputs upTo(long size) {
        return new CountingInputs(size);
    }

    /** Makes the {@code next()} that would hold more than {@code maxHeld} inputs fail (see the class comment). */
    public CountingInputs failAbove(long maxHeld) {
        this.limit = maxHeld;
        return this;
    }

    @Override
    public boolean hasNext() {
        threads.add(Thread.currentThread());
        return taken.get() < size;
    }

    @Override
    public Integer next() {
        threads.add(Thread.currentThread());
        long index = taken.get();
        if (index >= size) {
            throw new NoSuchElementException("all " + size + " inputs were taken already");
        }
        long held = index + 1 - delivered.get();
        if (held > limit) {
            String why = "input " + index + " was taken while " + (held - 1) + " inputs were taken but not yet delivered"
                    + " (" + delivered.get() + " delivered so far), and at most " + limit + " may be held";
            problem.compareAndSet(null, why);
            throw new AssertionError(why);
        }
        taken.set(index + 1);
        maxHeld.accumulateAndGet(held, Math::max);
        return (int) index;
    }

    /** The consumer calls this once for each outcome it receives. */
    public void delivered() {
        delivered.incrementAndGet();
    }

    /** How many inputs have been taken so far. */
    public long taken() {
        return taken.get();
    }

    /** How many outcomes the consumer has reported so far. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** The most inputs that were ever held (taken but not yet delivered) at a {@code next()}. */
    public long maxHeld() {
        return maxHeld.get();
    }

    /** Why a {@code next()} failed on purpose, or empty if none did. Check it first. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    /** Every thread that called {@code hasNext()} or {@code next()}. */
    public Set<Thread> threads() {
        return Set.copyOf(threads);
    }
}
