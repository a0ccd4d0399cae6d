package workshop.docs;

import static workshop.docs.FlakyDownload.download;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Page 3, as completed: each result the moment its call finishes, failures collected per task.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=AsCompletedByHand}
 */
public final class AsCompletedByHand {

    private AsCompletedByHand() {}

    static void byHand(List<String> urls) throws InterruptedException {
        // tag::completion-service[]
        Map<String, String> results = new TreeMap<>();
        Map<String, Throwable> errors = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            CompletionService<String> completion = new ExecutorCompletionService<>(pool);
            Map<Future<String>, String> futureToUrl = new HashMap<>();
            for (String url : urls) {
                futureToUrl.put(completion.submit(() -> download(url)), url);
            }
            for (int i = 0; i < urls.size(); i++) {
                Future<String> done = completion.take();        // the next call to finish, whichever it is
                String url = futureToUrl.get(done);
                try {
                    results.put(url, done.get());               // finished: get() does not wait
                } catch (ExecutionException e) {
                    errors.put(url, e.getCause());              // what download threw, not the wrapper
                }
            }
        }
        System.out.println(results.size() + " ok, " + errors.size() + " failed");
        System.out.println("failures: " + errors);
        // end::completion-service[]
        System.out.println("accounted for: " + (results.size() + errors.size()) + " of " + urls.size());
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> urls = Urls.pages(10);
        byHand(urls);
    }
}
