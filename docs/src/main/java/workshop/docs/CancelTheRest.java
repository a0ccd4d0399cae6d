package workshop.docs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page 2, what happens to the other calls after a failure: without {@code cancel}, {@code close()}
 * waits for every one of them; with {@code cancel(true)} in a {@code finally}, it returns at once.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=CancelTheRest}
 */
public final class CancelTheRest {

    private CancelTheRest() {}

    private static final AtomicInteger ranToTheEnd = new AtomicInteger();

    /** Page 0 fails at once; the others take 300 ms. */
    static String download(String url) throws IOException, InterruptedException {
        if (url.endsWith("/0")) {
            throw new IOException(url + ": connection reset");
        }
        Thread.sleep(300);
        ranToTheEnd.incrementAndGet();
        return url + ": 200 OK";
    }

    static List<String> withoutCancel(List<String> urls) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(pool.submit(() -> download(url)));
            }
            List<String> pages = new ArrayList<>();
            for (Future<String> future : futures) {
                pages.add(future.get());            // page 0 throws here, and we leave the block...
            }
            return pages;
        }                                           // ...but close() still waits for the five others
    }

    // tag::cancel-in-finally[]
    static List<String> withCancel(List<String> urls) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(pool.submit(() -> download(url)));
            }
            try {
                List<String> pages = new ArrayList<>();
                for (Future<String> future : futures) {
                    pages.add(future.get());
                }
                return pages;
            } finally {
                for (Future<String> future : futures) {
                    future.cancel(true);            // no-op if done; else never starts, or is interrupted
                }
            }
        }                                           // close() now has nothing left to wait for
    }
    // end::cancel-in-finally[]

    /** Something that throws, and the time it took. */
    interface Batch {
        List<String> run(List<String> urls) throws Exception;
    }

    static void measure(String label, Batch batch, List<String> urls) {
        ranToTheEnd.set(0);
        long start = System.nanoTime();
        try {
            batch.run(urls);
            throw new AssertionError("expected page 0's failure");
        } catch (ExecutionException | IOException e) {
            Duration took = Figures.since(start);
            System.out.println(label + ": threw after " + Figures.seconds(took) + "; "
                    + ranToTheEnd.get() + " of " + (urls.size() - 1) + " other calls ran to the end");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static void main(String[] args) {
        List<String> urls = Urls.pages(6);
        measure("without cancel   ", CancelTheRest::withoutCancel, urls);
        measure("with cancel(true)", CancelTheRest::withCancel, urls);
    }
}
