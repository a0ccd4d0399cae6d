package workshop.docs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Page 3, timeouts: a deadline for the whole batch with {@code invokeAll}, and one wait with
 * {@code get(timeout)} followed by {@code cancel(true)}.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=Timeouts}
 */
public final class Timeouts {

    private Timeouts() {}

    private static final Set<String> interrupted = ConcurrentHashMap.newKeySet();

    /** Page 3 hangs (for 10 s, or until interrupted); the others answer after 20 ms. */
    static String download(String url) throws InterruptedException {
        try {
            Thread.sleep(url.endsWith("/3") ? Duration.ofSeconds(10) : Duration.ofMillis(20));
        } catch (InterruptedException e) {
            interrupted.add(url);
            throw e;
        }
        return url + ": ok";
    }

    static void batchDeadline(List<String> urls) throws InterruptedException {
        // tag::batch-deadline[]
        List<Callable<String>> calls = new ArrayList<>();
        for (String url : urls) {
            calls.add(() -> download(url));
        }
        Map<String, String> results = new TreeMap<>();
        Map<String, Throwable> errors = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            // Returns after 500 ms at the latest, having cancelled (and interrupted) the calls not done by then.
            List<Future<String>> futures = pool.invokeAll(calls, 500, TimeUnit.MILLISECONDS);
            for (int i = 0; i < futures.size(); i++) {
                Future<String> future = futures.get(i);
                String url = urls.get(i);                     // invokeAll keeps the order of its input
                switch (future.state()) {
                    case SUCCESS -> results.put(url, future.resultNow());
                    case FAILED -> errors.put(url, future.exceptionNow());   // already unwrapped
                    case CANCELLED -> errors.put(url, new TimeoutException("not done within 500 ms"));
                    case RUNNING -> throw new AssertionError("invokeAll returns only finished futures");
                }
            }
        }
        System.out.println(results.size() + " ok, " + errors.size() + " failed: " + errors);
        // end::batch-deadline[]
    }

    static String oneWait(ExecutorService pool, String url) throws InterruptedException, ExecutionException {
        Future<String> future = pool.submit(() -> download(url));
        // tag::get-with-timeout[]
        try {
            return future.get(300, TimeUnit.MILLISECONDS);    // stops the waiting, not the call
        } catch (TimeoutException e) {
            future.cancel(true);                              // this stops the call
            return url + ": timed out";
        }
        // end::get-with-timeout[]
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = Urls.pages(10);
        batchDeadline(urls);
        System.out.println("interrupted by invokeAll's deadline: " + interrupted);

        interrupted.clear();
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            System.out.println(oneWait(pool, urls.get(3)));
        }
        System.out.println("interrupted after get(timeout) and cancel(true): " + interrupted);
    }
}
