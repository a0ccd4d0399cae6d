package workshop.ex7_downloads;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Exercise 7, the capstone: download pages from a real server. Fetch a list of URLs with the blocking
 * {@link HttpClient#send}, many at once but never more than the server allows, each request with a
 * timeout, a polite retry when the server says it is busy, and an outcome for every URL.
 */
public final class Downloader {

    private Downloader() {}

    /**
     * Fetches every URL with a GET request and returns one outcome per URL, in input order.
     *
     * <ul>
     *   <li>At most {@code maxConnections} requests are in flight at once, and that many when there
     *       are enough URLs: a request is in flight from the moment {@code client.send} is called until
     *       it has returned (the body read whole) or thrown. Requests are sent with the blocking
     *       {@code send}, each from a thread of its own (a virtual thread, or a pool thread).
     *   <li>Every request has {@code timeout} as its timeout ({@link HttpRequest.Builder#timeout}); a
     *       request that times out ends its URL as {@link Outcome.Reason#TIMEOUT}, and is not retried.
     *   <li>A 2xx response ends its URL as an {@link Outcome.Page} with the status and the body.
     *   <li>A 429 or 503 response is retried, up to {@code retries.maxAttempts()} requests in all: the
     *       next request waits {@code retries.backoff(attempt)}, or as many seconds as the response's
     *       {@code Retry-After} header says when that is longer. No connection is held while waiting.
     *       When the last attempt is refused too, the URL ends as
     *       {@link Outcome.Reason#RETRIES_EXHAUSTED} with the last status.
     *   <li>Any other status (404, 500, ...) is not retried: {@link Outcome.Reason#HTTP_STATUS} with it.
     *       Any other {@link IOException} is {@link Outcome.Reason#IO_ERROR}.
     *   <li>Every URL ends in exactly one outcome, at the same position as in {@code urls}, whatever
     *       order the requests finish in; {@code attempts} counts the requests sent for it.
     *   <li>If the calling thread is interrupted while it waits, the requests in flight are cancelled,
     *       no more are sent, and this throws {@link InterruptedException}.
     *   <li>Either way, no request is in flight and no thread this started is left alive when this
     *       returns or throws.
     * </ul>
     *
     * @param client the client to send with (the caller's: it is not closed here)
     * @param urls the URLs to fetch, http or https; an empty list gives an empty list (and sends nothing)
     * @param maxConnections the most requests in flight at once, at least 1
     * @param timeout each request's timeout, positive
     * @param retries how often to ask again after a 429 or 503
     * @return one outcome per URL, in the order of {@code urls}
     * @throws NullPointerException if an argument is null, with a message naming it, or if a URL is
     * @throws IllegalArgumentException if {@code maxConnections} is less than 1 or {@code timeout} is not
     *     positive, with a message giving it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static List<Outcome> fetchAll(HttpClient client, List<URI> urls, int maxConnections, Duration timeout,
            RetryPolicy retries) throws InterruptedException {
        // STUB: tasks 1-4
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(urls, "urls must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        Objects.requireNonNull(retries, "retries must not be null");
        urls.forEach(uri -> Objects.requireNonNull(uri, "urls must not contain null"));
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }

        // One virtual thread per URL, so a thread waiting out a Retry-After costs nothing; the
        // semaphore, not a pool size, caps the connections in use.
        Semaphore connections = new Semaphore(maxConnections);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = new ArrayList<>(urls.size());
            try {
                for (URI uri : urls) {
                    futures.add(threads.submit(() -> fetch(client, uri, connections, timeout, retries)));
                }
                // Reading the futures in submission order gives input order, as in exercise 1.
                List<Outcome> outcomes = new ArrayList<>(urls.size());
                for (Future<Outcome> future : futures) {
                    outcomes.add(resultOf(future));
                }
                return outcomes;
            } finally {
                // After an interrupt: interrupt the requests in flight (send then cancels them) and the
                // threads waiting for a permit or a retry, so close() does not wait for them. A no-op
                // when all went well.
                futures.forEach(future -> future.cancel(true));
            }
        }
    }

    /** One URL, from its first request to its outcome: acquire a connection per attempt, never while waiting. */
    private static Outcome fetch(HttpClient client, URI uri, Semaphore connections, Duration timeout,
            RetryPolicy retries) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            connections.acquire();
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                return new Outcome.Failed(uri, Outcome.Reason.TIMEOUT, 0, attempt);
            } catch (IOException e) {
                return new Outcome.Failed(uri, Outcome.Reason.IO_ERROR, 0, attempt);
            } finally {
                connections.release();
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome.Page(uri, status, response.body(), attempt);
            }
            if (status != 429 && status != 503) {
                return new Outcome.Failed(uri, Outcome.Reason.HTTP_STATUS, status, attempt);
            }
            if (attempt >= retries.maxAttempts()) {
                return new Outcome.Failed(uri, Outcome.Reason.RETRIES_EXHAUSTED, status, attempt);
            }
            Duration backoff = retries.backoff(attempt);
            Duration asked = retryAfter(response);
            Thread.sleep(asked.compareTo(backoff) > 0 ? asked : backoff);
        }
    }

    /** The wait a response's Retry-After header asks for, in seconds; zero when it has none we can read. */
    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // missing, or an HTTP date: fall back on the backoff
        }
    }

    /** A fetch's outcome; fetch catches what a request can throw, so anything else is a bug, thrown as is. */
    private static Outcome resultOf(Future<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
