package workshop.ex7_downloads;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

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
        throw new UnsupportedOperationException("TODO: exercise 7 (downloading pages), tasks 1-4: implement Downloader.fetchAll");
    }
}
