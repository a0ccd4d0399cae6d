package workshop.docs;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Gatherers;
import java.util.stream.IntStream;

/**
 * The practitioners' page: {@code Gatherers.mapConcurrent} (final in JDK 24, JEP 485), the closest
 * Java has to Python's {@code pool.map(fn, inputs)} with {@code max_workers}. Needs JDK 24 or newer,
 * so it is not compiled with the module (release 21) but by {@code Jdk25ProgramsTest}; on its own:
 *
 * <p>{@code java docs/src/jdk25/java/workshop/docs/MapConcurrent.java}
 */
public final class MapConcurrent {

    private MapConcurrent() {}

    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();

    /** A slow page: 500 ms of waiting, as on page 2. */
    static String download(String url) {
        MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
        try {
            Thread.sleep(500);
            if (url.endsWith("/broken")) {
                throw new IllegalStateException("404 for " + url);
            }
            return url + ": 200 OK";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + url, e);
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
    }

    public static void main(String[] args) {
        List<String> urls = IntStream.range(0, 10).mapToObj(i -> "https://example.com/page/" + i).toList();
        long start = System.nanoTime();
        // tag::map-concurrent[]
        List<String> pages = urls.stream()
                .gather(Gatherers.mapConcurrent(5, url -> download(url)))   // at most 5 at once, a virtual thread each
                .toList();                                                   // results in input order
        // end::map-concurrent[]
        System.out.printf(Locale.ROOT, "%d downloads of 500 ms, at most 5 at once: %.2f s, in input order: %b, most in flight: %d%n",
                pages.size(), (System.nanoTime() - start) / 1e9, pages.getFirst().startsWith(urls.getFirst()),
                MOST_IN_FLIGHT.get());

        List<String> withABrokenOne = List.of("https://example.com/a", "https://example.com/broken", "https://example.com/c");
        try {
            withABrokenOne.stream().gather(Gatherers.mapConcurrent(5, url -> download(url))).toList();
        } catch (RuntimeException e) {
            System.out.println("a failing call ends the stream: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
