package workshop.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.common.BlockingCall;
import workshop.testkit.SlowCall;

/**
 * Page 2, ordered results with the plain JDK: submit everything, then {@code get()} in order; or
 * {@code invokeAll}. The calls are made to finish in reverse order, and the results still come
 * back in input order.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=OrderedResults}
 */
public final class OrderedResults {

    private OrderedResults() {}

    // tag::submit-then-get[]
    static List<String> submitThenGet(List<String> urls, BlockingCall<String, String> download) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(pool.submit(() -> download.call(url)));     // starts at once, returns a Future
            }
            List<String> pages = new ArrayList<>();
            for (Future<String> future : futures) {
                pages.add(future.get());                                // waits for this one, in input order
            }
            return pages;
        }                                                               // close(): shut down, wait for the threads
    }
    // end::submit-then-get[]

    // tag::invoke-all[]
    static List<String> invokeAll(List<String> urls, BlockingCall<String, String> download) throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (String url : urls) {
            calls.add(() -> download.call(url));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<String> pages = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(calls)) {      // returns when every call is done
                pages.add(future.get());                                // done already: get() does not wait
            }
            return pages;
        }
    }
    // end::invoke-all[]

    /** A download whose calls finish in the reverse of input order, whatever the scheduling. */
    static SlowCall<String, String> finishingInReverse(List<String> urls) {
        return SlowCall.<String, String>returning(url -> url + ": 200 OK").finishInOrder(urls.reversed()).build();
    }

    private static List<Integer> numbers(List<String> urlsOrPages) {
        return urlsOrPages.stream().map(s -> Urls.number(s.replace(": 200 OK", ""))).toList();
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = Urls.pages(10);

        SlowCall<String, String> download = finishingInReverse(urls);
        List<String> pages = submitThenGet(urls, download.mock());
        System.out.println("the calls finished in the order " + numbers(download.finishedInputs()));
        System.out.println("submit, then get() in order:    " + numbers(pages));

        SlowCall<String, String> again = finishingInReverse(urls);
        System.out.println("invokeAll, then get() in order: " + numbers(invokeAll(urls, again.mock())));
    }
}
