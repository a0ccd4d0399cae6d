package workshop.docs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Page 3, the same batch with {@link CompletableFuture}, and the one thing it does differently:
 * {@code cancel(true)} does not interrupt the call.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=CompletableFutures}
 */
public final class CompletableFutures {

    private CompletableFutures() {}

    // tag::unchecked[]
    /** A Supplier may not throw checked exceptions: wrap them, and unwrap them on the other side. */
    static String downloadUnchecked(String url) {
        try {
            return FlakyDownload.download(url);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
    // end::unchecked[]

    static void batch(List<String> urls) {
        // tag::batch[]
        Map<String, String> results = new ConcurrentHashMap<>();   // written from the pool's threads
        Map<String, Throwable> errors = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            CompletableFuture<?>[] calls = urls.stream()
                    .map(url -> CompletableFuture
                            .supplyAsync(() -> downloadUnchecked(url), pool)   // our pool, not the common one
                            .handle((page, error) -> {                         // runs on a pool thread
                                if (error == null) {
                                    results.put(url, page);
                                } else {
                                    errors.put(url, error.getCause());         // error is a CompletionException
                                }
                                return null;
                            }))
                    .toArray(CompletableFuture<?>[]::new);
            CompletableFuture.allOf(calls).join();                 // handle() never fails, so neither does this
        }
        System.out.println(results.size() + " ok, " + errors.size() + " failed");
        System.out.println("failures: " + new TreeMap<>(errors));
        // end::batch[]
    }

    /** Starts a 300 ms call with {@code start}, cancels it with {@code cancel(true)}, and says whether the call saw an interrupt. */
    static boolean interruptedByCancel(ExecutorService pool, boolean completable) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Runnable call = () -> {
            running.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                finished.countDown();
            }
        };
        // tag::cancel[]
        Future<?> future = completable
                ? CompletableFuture.runAsync(call, pool)
                : pool.submit(call);
        running.await();
        future.cancel(true);            // a CompletableFuture only marks itself cancelled
        // end::cancel[]
        finished.await();
        return interrupted.get();
    }

    public static void main(String[] args) throws Exception {
        batch(Urls.pages(10));
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            System.out.println("submit(), then cancel(true): the call was interrupted: " + interruptedByCancel(pool, false));
            System.out.println("runAsync(), then cancel(true): the call was interrupted: " + interruptedByCancel(pool, true));
        }
    }
}
