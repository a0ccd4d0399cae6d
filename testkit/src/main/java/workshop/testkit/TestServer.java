package workshop.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP server on 127.0.0.1 at an ephemeral port (the JDK's {@link HttpServer}) whose paths
 * behave as a test scripts them: latency, status codes, 429 or 503 with {@code Retry-After}, slow
 * bodies, requests that hang. It counts, itself, the requests to each path, their arrival times, the
 * requests in flight and the most in flight at once, so a test's verdicts come from the server's
 * counts, never from a stopwatch on the client.
 *
 * <p>A request is <em>in flight</em> from the moment its handler starts until just before the last
 * bytes of its response are written: a client can only see a response end after the server stopped
 * counting it, so a client that keeps at most N requests open is never seen with more than N.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     server.path("/busy").respond(TestServer.status(429).retryAfter("1"), TestServer.ok("page"));
 *     HttpClient client = server.client();
 *     ... client.send(HttpRequest.newBuilder(server.uri("/busy")).build(), ofString()) ...
 *     server.requests("/busy");   // 2 once the client retried
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    /** How long a rendezvous or a finishing order waits before it gives up and lets everyone through. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("test-server-", 0).factory());
    private final Map<String, List<Response>> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancelled = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object lock = new Object();
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
    private int inFlight;
    private int maxInFlight;
    private int rendezvousParties;
    private boolean rendezvousDone = true;
    private volatile List<String> finishOrder = List.of();

    private TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on 127.0.0.1 at a port the system picks; every path answers 200 "ok" until scripted. */
    public static TestServer start() throws IOException {
        return new TestServer();
    }

    /** The URL of {@code path} (which starts with a slash) on this server. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /**
     * A client for this server: HTTP/1.1 (one request per connection at a time, so a request in flight
     * is a connection in use), no proxy, that notes the threads that called its blocking {@code send}
     * (see {@link RecordingClient}). The server shuts it down when it closes.
     */
    public RecordingClient client() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).build();
        clients.add(client);
        return new RecordingClient(client);
    }

    /** The script of one path. */
    public Path path(String path) {
        return new Path(path);
    }

    /** Scripts one path: what its requests get, one response per request in turn, the last one repeated. */
    public final class Path {
        private final String path;

        private Path(String path) {
            this.path = path;
        }

        /** The n-th request to this path gets {@code responses[n]}, and every request after the last gets the last. */
        public Path respond(Response... responses) {
            scripts.put(path, List.of(responses));
            return this;
        }
    }

    /** A 200 response with {@code body}. */
    public static Response ok(String body) {
        return new Response(200, body, null, 0, 0, 0, false);
    }

    /** A response with {@code status} and a short body naming it. */
    public static Response status(int status) {
        return new Response(status, "status " + status, null, 0, 0, 0, false);
    }

    /** A request that gets no response at all (not even headers) for {@code limit}, then a 200 "late". */
    public static Response hang(Duration limit) {
        return new Response(200, "late", null, limit.toMillis(), 0, 0, true);
    }

    /**
     * What one request gets.
     *
     * @param status the status code
     * @param body the body, in UTF-8
     * @param retryAfter the {@code Retry-After} header's value, or null for none
     * @param latencyMillis how long the server waits before it answers
     * @param chunks into how many pieces the body is cut, written {@code chunkMillis} apart (0: all at once)
     * @param chunkMillis the pause before each piece of a slow body
     * @param hang whether the request hangs: no headers for {@code latencyMillis}
     */
    public record Response(int status, String body, String retryAfter, long latencyMillis, int chunks,
            long chunkMillis, boolean hang) {

        /** The same, with a {@code Retry-After} header of {@code value} (seconds, as a server sends it). */
        public Response retryAfter(String value) {
            return new Response(status, body, value, latencyMillis, chunks, chunkMillis, hang);
        }

        /** The same, answered after {@code millis}. */
        public Response latencyMillis(long millis) {
            return new Response(status, body, retryAfter, millis, chunks, chunkMillis, hang);
        }

        /** The same, with the body sent in {@code pieces} pieces, {@code millis} apart: a slow body. */
        public Response slowBody(int pieces, long millis) {
            return new Response(status, body, retryAfter, latencyMillis, pieces, millis, hang);
        }
    }

    /**
     * Every request from now on waits, before it is answered, until {@code parties} requests are in
     * flight at once; then all pass, and the rendezvous is over. If they never are within
     * {@link #PATIENCE}, the waiting requests give up, the problem is recorded (see {@link #problem()})
     * and the rest pass without waiting.
     */
    public void rendezvous(int parties) {
        synchronized (lock) {
            rendezvousParties = parties;
            rendezvousDone = false;
        }
    }

    /**
     * The requests to {@code paths} are answered in this order: each waits until the ones before it
     * in the list have been answered (for at most {@link #PATIENCE}, after which the problem is
     * recorded and the order given up).
     */
    public void finishInOrder(List<String> paths) {
        paths.forEach(p -> finished.put(p, new CountDownLatch(1)));
        finishOrder = List.copyOf(paths);
    }

    /** How many requests arrived for {@code path}. */
    public int requests(String path) {
        return arrivals.getOrDefault(path, List.of()).size();
    }

    /** How many requests arrived, for every path. */
    public int requests() {
        return arrivals.values().stream().mapToInt(List::size).sum();
    }

    /** When the requests to {@code path} arrived ({@link System#nanoTime()}), in order. */
    public List<Long> arrivals(String path) {
        List<Long> times = arrivals.getOrDefault(path, List.of());
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    /** The gaps between the arrivals of consecutive requests to {@code path}. */
    public List<Duration> gaps(String path) {
        List<Long> times = arrivals(path);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.ofNanos(times.get(i) - times.get(i - 1)));
        }
        return gaps;
    }

    /** How many requests to {@code path} the client closed before their response was written whole. */
    public int cancelled(String path) {
        return cancelled.getOrDefault(path, new AtomicInteger()).get();
    }

    /** The requests in flight now. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** The most requests that were in flight at once. */
    public int maxInFlight() {
        synchronized (lock) {
            return maxInFlight;
        }
    }

    /** What went wrong with a rendezvous or a finishing order, if anything. */
    public Optional<String> problem() {
        return problems.stream().findFirst();
    }

    /** Polls {@code condition} every millisecond for at most {@code limit}; whether it held. */
    public static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
    }

    /** Stops the server at once: hanging requests are released, the clients it made are shut down. */
    @Override
    public void close() {
        closing.countDown();
        clients.forEach(HttpClient::shutdownNow);
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        List<Long> times = arrivals.computeIfAbsent(path, p -> new ArrayList<>());
        int n;
        synchronized (times) {
            n = times.size();
            times.add(System.nanoTime());
        }
        List<Response> script = scripts.getOrDefault(path, List.of(ok("ok")));
        Response response = script.get(Math.min(n, script.size() - 1));
        boolean counted = true;
        synchronized (lock) {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            lock.notifyAll();
        }
        try (exchange) {
            meet();
            if (response.hang()) {
                closing.await(response.latencyMillis(), TimeUnit.MILLISECONDS);
            } else if (response.latencyMillis() > 0) {
                Thread.sleep(response.latencyMillis());
            }
            awaitTurn(path);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            if (response.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", response.retryAfter());
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if (response.chunks() <= 1) {
                counted = leave(path);
                exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(response.status(), body.length);
                OutputStream out = exchange.getResponseBody();
                int pieces = Math.min(response.chunks(), Math.max(1, body.length));
                for (int i = 0; i < pieces; i++) {
                    Thread.sleep(response.chunkMillis());
                    int from = body.length * i / pieces;
                    int to = body.length * (i + 1) / pieces;
                    if (i == pieces - 1) {
                        counted = leave(path);
                    }
                    out.write(body, from, to - from);
                    out.flush();
                }
            }
        } catch (IOException e) {
            cancelled.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted) {
                leave(path);
            }
        }
    }

    /** Stops counting a request as in flight; false, so that the finally block does not count it twice. */
    private boolean leave(String path) {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
        CountDownLatch done = finished.get(path);
        if (done != null) {
            done.countDown();
        }
        return false;
    }

    private void meet() throws InterruptedException {
        synchronized (lock) {
            if (rendezvousDone) {
                return;
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!rendezvousDone && inFlight < rendezvousParties) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    problems.add("only " + maxInFlight + " request" + (maxInFlight == 1 ? " was" : "s were")
                            + " in flight at once; expected " + rendezvousParties);
                    rendezvousDone = true;
                    lock.notifyAll();
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            rendezvousDone = true;
            lock.notifyAll();
        }
    }

    private void awaitTurn(String path) throws InterruptedException {
        List<String> order = finishOrder;
        int at = order.indexOf(path);
        for (int i = 0; i < at; i++) {
            if (!finished.get(order.get(i)).await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                problems.add("the request for " + order.get(i) + " never came while " + path + " waited for it ("
                        + maxInFlight() + " at most in flight at once)");
                finishOrder = List.of();
                return;
            }
        }
    }
}
