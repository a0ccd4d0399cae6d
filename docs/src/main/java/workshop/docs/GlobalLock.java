package workshop.docs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page 5, work serialised by one process-wide lock: more threads do not make it faster, because
 * only one of them is ever inside. The same work without the lock runs on every core.
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
    private static final byte[] DOCUMENT = new byte[4 << 20];

    /** A few milliseconds of CPU work (a SHA-256 of 4 MB), counting how many threads are in here at once. */
    static long work(String page) {
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(page.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest(DOCUMENT)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            inside.decrementAndGet();
        }
    }

    interface Render {
        long render(String page);
    }

    static Duration renderAll(int workers, int pages, Render render) throws InterruptedException {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (String page : Urls.pages(pages)) {
                pool.submit(() -> render.render(page));
            }
        }
        return Figures.since(start);
    }

    /** The median of {@code times}. */
    static Duration median(List<Duration> times) {
        return times.stream().sorted().toList().get(times.size() / 2);
    }

    public static void main(String[] args) throws InterruptedException {
        // Three ways, measured in turn three times (after a warm-up round), so that a busy moment of
        // the machine or the JIT's warm-up hits them alike; each figure is the median of its three.
        List<Duration> one = new ArrayList<>();
        List<Duration> eight = new ArrayList<>();
        List<Duration> unlocked = new ArrayList<>();
        int most = 0;
        for (int round = 0; round <= 3; round++) {
            Duration a = renderAll(1, 40, LegacyRenderer::render);
            mostInside.set(0);
            Duration b = renderAll(8, 40, LegacyRenderer::render);
            most = Math.max(most, mostInside.get());
            Duration c = renderAll(8, 40, GlobalLock::work);       // as if the library were thread-safe
            if (round > 0) {
                one.add(a);
                eight.add(b);
                unlocked.add(c);
            }
        }
        System.out.println("40 renders on 1 thread:            " + Figures.seconds(median(one)));
        System.out.println("40 renders on 8 threads, one lock: " + Figures.seconds(median(eight)) + " ("
                + Figures.ratio(median(one), median(eight)) + " the speed), at most " + most + " thread inside at once");
        System.out.println("40 renders on 8 threads, no lock:  " + Figures.seconds(median(unlocked)) + " ("
                + Figures.ratio(median(one), median(unlocked)) + " the speed)");
    }
}
