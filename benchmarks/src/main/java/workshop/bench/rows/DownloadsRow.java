package workshop.bench.rows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.Row;
import workshop.bench.Sizes;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.testkit.TestServer;

/**
 * Exercise 7: n GET requests to a real HTTP server on 127.0.0.1 (the test kit's {@link TestServer}),
 * each answered after L ms, with at most cap in flight: the makespan against the ideal
 * ceil(n/cap) x L, shown (a real socket per request, so no goal is set), and missed only if the server
 * saw more than cap requests in flight at once. Beside it, exercise 1's {@code OrderedMap.map} over the blocking send on a fixed
 * pool of cap threads, the same cap by another route. The server counts the requests in flight
 * itself, so the report says whether the cap was kept, not only how fast.
 */
public final class DownloadsRow implements Row {

    static final String OURS = "exercise 7 `Downloader.fetchAll` (our solution), maxConnections = %d";
    static final String POOL = "exercise 1 `OrderedMap.map` over `client.send`, fixed pool of %d";

    @Override
    public String id() {
        return "downloads";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        Sizes z = ctx.sizes();
        int n = z.downloadsN();
        int latency = z.downloadsLatencyMs();
        int cap = z.downloadsCap();
        double ideal = Sizes.ideal(n, latency, cap);
        String ours = String.format(OURS, cap);
        String pool = String.format(POOL, cap);
        AtomicInteger mostInFlight = new AtomicInteger();
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put(ours, () -> fetch(n, latency, mostInFlight, (client, urls) ->
                Taught.downloads(client, urls, cap)));
        trials.put(pool, () -> fetch(n, latency, null, (client, urls) -> Taught.orderedMap(urls,
                uri -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body(), cap)));
        ctx.log().accept(String.format("n=%d, L=%d ms, cap=%d: %d variants x %d runs", n, latency, cap, trials.size(),
                ctx.measure().runs()));
        Map<String, Stats> measured = ctx.measure().interleaved(trials);

        Markdown table = new Markdown("variant", "makespan, ms", "makespan / ideal");
        measured.forEach((name, s) -> table.row(name, s.map(v -> v * 1000).format("%.1f"), s.map(v -> v / ideal).format("%.3f")));
        Stats ratio = measured.get(ours).map(v -> v / ideal);
        String details = String.format("n = %d GET requests to a real HTTP server on 127.0.0.1 (the JDK's `HttpServer`, in the"
                + " test kit as `TestServer`), each path answered after L = %d ms, at most cap = %d in flight: ideal ="
                + " ceil(n/cap) x L = %.0f ms. Each request is a real HTTP exchange on a loopback socket (connections opened in the first round, then reused), so no goal is set: the figure is shown, and missed only if the cap is exceeded. The server (started before each run, outside the"
                + " timing) counts the requests in flight itself: at most %d were, with a cap of %d.%n%n", n, latency, cap,
                ideal * 1000, mostInFlight.get(), cap) + table;
        String verdict = mostInFlight.get() > cap ? "**missed** (cap exceeded)" : "shown";
        return new Figure(id(), "exercise 7: downloads, makespan / ideal", String.format("n=%d, L=%d ms, cap=%d", n, latency,
                cap), "shown; never more than cap in flight", ratio.format("%.3f") + ", at most " + mostInFlight.get() + " in flight",
                "fixed pool of " + cap + ": " + measured.get(pool).map(v -> v / ideal).format("%.3f"), verdict, details);
    }

    /** A batch of requests against the given server and client. */
    @FunctionalInterface
    interface Batch {
        Object run(HttpClient client, List<URI> urls) throws Exception;
    }

    /** Starts a server whose n paths answer after {@code latency} ms, times one batch, and notes the most in flight. */
    private static double fetch(int n, int latency, AtomicInteger mostInFlight, Batch batch) throws Exception {
        try (TestServer server = TestServer.start()) {
            List<URI> urls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                server.path("/page/" + i).respond(TestServer.ok("page " + i).latencyMillis(latency));
                urls.add(server.uri("/page/" + i));
            }
            HttpClient client = server.client();
            long start = System.nanoTime();
            batch.run(client, urls);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (mostInFlight != null) {
                mostInFlight.accumulateAndGet(server.maxInFlight(), Math::max);
            }
            return seconds;
        }
    }
}
