package workshop.docs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import workshop.ex1_ordered.OrderedMap;

/**
 * Page 2, the drawback of ordered results: the first failure is all you learn.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=FirstFailure}
 */
public final class FirstFailure {

    private FirstFailure() {}

    /** Pages 3 and 7 fail; the others answer after 20 ms. */
    static String download(String url) throws IOException, InterruptedException {
        Thread.sleep(20);
        if (url.endsWith("/3") || url.endsWith("/7")) {
            throw new IOException(url + ": connection reset");
        }
        return url + ": 200 OK";
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = Urls.pages(10);

        // tag::get-wraps[]
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(pool.submit(() -> download(url)));
            }
            for (Future<String> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            System.out.println("get() threw " + e);
            System.out.println("getCause() is " + e.getCause());       // what the call itself threw
        }
        // end::get-wraps[]

        // tag::map-throws[]
        try {
            List<String> pages = OrderedMap.map(urls, FirstFailure::download, 5);
            System.out.println(pages.size() + " pages");                // never reached
        } catch (IOException e) {
            System.out.println("map threw " + e);                       // page 3 only: page 7 failed too,
        }                                                               // and the pages that arrived are lost
        // end::map-throws[]
    }
}
