package workshop.docs;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page 5, work serialised by one process-wide lock: more threads do not make it faster, because
 * only one of them is ever inside.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=GlobalLock}
 */
public final class GlobalLock {

    private GlobalLock() {}

    // tag::legacy-library[]
    /** A library that is not thread-safe, made safe the blunt way: one lock for the whole JVM. */
    static final class LegacyRenderer {
        private static final Object LOCK = new Object();

        static long render(String page) {
            synchronized (LOCK) {                     // every thread of this process queues here
                return work(page);
            }
        }
    }
    // end::legacy-library[]

    private static final AtomicInteger inside = new AtomicInteger();
    private static final AtomicInteger mostInside = new AtomicInteger();

    /** About 5 ms of CPU work, counting how many threads are in here at once. */
    static long work(String page) {
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        long deadline = System.nanoTime() + Duration.ofMillis(5).toNanos();
        long hash = page.hashCode();
        while (System.nanoTime() < deadline) {
            hash = hash * 31 + 17;
        }
        inside.decrementAndGet();
        return hash;
    }

    static Duration renderAll(int workers, int pages) throws InterruptedException {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (String page : Urls.pages(pages)) {
                pool.submit(() -> LegacyRenderer.render(page));
            }
        }
        return Figures.since(start);
    }

    public static void main(String[] args) throws InterruptedException {
        Duration one = renderAll(1, 40);
        mostInside.set(0);
        Duration eight = renderAll(8, 40);
        System.out.println("40 renders on 1 thread:  " + Figures.seconds(one));
        System.out.println("40 renders on 8 threads: " + Figures.seconds(eight) + " (" + Figures.ratio(one, eight)
                + " the speed), with at most " + mostInside.get() + " thread inside the library at once");
    }
}
