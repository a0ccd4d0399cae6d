package workshop.docs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.common.BlockingCall;

/**
 * Page 5, thousands of blocking calls at once: a virtual thread per call, and a Semaphore where the
 * service has a cap, since there is no pool size to hold it any more.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=VirtualThreads}
 */
public final class VirtualThreads {

    private VirtualThreads() {}

    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostInFlight = new AtomicInteger();

    /** A 100 ms call that counts how many are in flight at once. */
    static String download(String url) throws InterruptedException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(100);
            return url + ": ok";
        } finally {
            inFlight.decrementAndGet();
        }
    }

    // tag::per-task[]
    static List<String> everyCallItsThread(List<String> urls, BlockingCall<String, String> download) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(executor.submit(() -> download.call(url)));   // one new virtual thread per call
            }
            List<String> pages = new ArrayList<>();
            for (Future<String> future : futures) {
                pages.add(future.get());
            }
            return pages;
        }
    }
    // end::per-task[]

    public static void main(String[] args) throws Exception {
        List<String> urls = Urls.pages(10_000);

        long start = System.nanoTime();
        List<String> pages = everyCallItsThread(urls, VirtualThreads::download);
        Duration uncapped = Figures.since(start);
        System.out.println(pages.size() + " calls of 100 ms, a virtual thread each: " + Figures.seconds(uncapped));

        mostInFlight.set(0);
        start = System.nanoTime();
        // tag::capped[]
        BlockingCall<String, String> polite = Capped.atMost(100, VirtualThreads::download);  // the service's cap
        pages = everyCallItsThread(urls.subList(0, 500), polite);
        // end::capped[]
        Duration capped = Figures.since(start);
        System.out.println(pages.size() + " calls of 100 ms, at most 100 at once: " + Figures.seconds(capped)
                + (mostInFlight.get() <= 100 ? ", never more than 100 in flight" : ", " + mostInFlight.get() + " in flight: over the cap!"));
    }
}
