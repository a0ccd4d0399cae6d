package workshop.docs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import workshop.ex1_ordered.OrderedMap;

/**
 * Page 1, the question: a slow call over many inputs, run one after another, and where its time goes.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=TheQuestion}
 */
public final class TheQuestion {

    private TheQuestion() {}

    // tag::download[]
    /** Stands in for a download: the thread waits 50 ms for the network, then has its answer. */
    static String download(String url) throws InterruptedException {
        Thread.sleep(50);                               // blocks this thread; the CPU is free meanwhile
        return url + ": 200 OK (" + url.length() + " bytes)";
    }
    // end::download[]

    public static void main(String[] args) throws Exception {
        List<String> urls = Urls.pages(10);

        long start = System.nanoTime();
        // tag::one-after-another[]
        List<String> pages = new ArrayList<>();
        for (String url : urls) {
            pages.add(download(url));                   // the next call starts when this one has returned
        }
        // end::one-after-another[]
        Duration oneAfterAnother = Figures.since(start);

        // tag::cpu-time[]
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        download(urls.getFirst());
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuBefore);
        Duration wall = Duration.ofNanos(System.nanoTime() - wallBefore);
        // end::cpu-time[]

        start = System.nanoTime();
        List<String> overlapped = OrderedMap.map(urls, TheQuestion::download, 10);
        Duration onAPool = Figures.since(start);

        System.out.println(pages.getFirst());
        System.out.println(pages.size() + " calls, one after another: " + Figures.seconds(oneAfterAnother));
        System.out.println("one call: " + Figures.millis(wall) + " of wall time, " + Figures.millis(cpu) + " of CPU time");
        System.out.println(overlapped.size() + " calls on a pool of 10 threads: " + Figures.seconds(onAPool)
                + " (" + Figures.ratio(oneAfterAnother, onAPool) + " faster)");
    }
}
