package workshop.ex7_downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static workshop.grader.checks.Checks.thrownBy;
import static workshop.testkit.TestServer.hang;
import static workshop.testkit.TestServer.ok;
import static workshop.testkit.TestServer.status;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.grader.Points;
import workshop.grader.checks.Checks;
import workshop.testkit.RecordingClient;
import workshop.testkit.TestServer;
import workshop.testkit.Threads;

/**
 * Hidden tests of exercise 7: {@link Downloader#fetchAll}, against a real HTTP server on 127.0.0.1
 * ({@link TestServer}) that injects latency, failures, rate limits, slow bodies and requests that
 * hang. The verdicts come from the server's own counts: the requests in flight at once (with a
 * rendezvous to prove they overlap), the requests per path, the order of their arrivals. Where time
 * matters it is a lower bound the server measures (a retry must not come before its Retry-After),
 * never an upper bound on a busy machine, except the generous limits that catch a run that never ends.
 */
@DisplayName("Exercise 7: downloading pages")
class DownloaderHiddenTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(4, Duration.ofMillis(10));

    private TestServer server;
    private RecordingClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start();
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private List<URI> pages(int n) {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            server.path("/page/" + i).respond(ok("page " + i));
            urls.add(server.uri("/page/" + i));
        }
        return urls;
    }

    private static List<Outcome> expectedPages(List<URI> urls) {
        return IntStream.range(0, urls.size()).<Outcome>mapToObj(i -> new Outcome.Page(urls.get(i), 200, "page " + i, 1))
                .toList();
    }

    /** Runs fetchAll on a thread of its own and returns its outcomes, failing if it takes more than {@code limit}. */
    private static List<Outcome> fetchWithin(Duration limit, String whyItShouldEnd, Checks.Action<List<Outcome>> fetch)
            throws Exception {
        Checks.Running<List<Outcome>> running = Checks.startInOwnThread(fetch);
        try {
            return running.outcome().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.thread().interrupt();
            return fail("fetchAll was still running %d s later: %s", limit.toSeconds(), whyItShouldEnd);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Test
    @Points(4)
    @DisplayName("keeps maxConnections requests in flight at once, as the server counts them, and never more")
    void capsTheRequestsInFlight() throws Exception {
        List<URI> urls = pages(24);
        for (int i = 0; i < 24; i += 3) {
            server.path("/page/" + i).respond(ok("page " + i).slowBody(4, 5)); // a slow body holds its connection too
        }
        server.rendezvous(4);

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "24 quick pages should take well under a second",
                () -> Downloader.fetchAll(client, urls, 4, LONG, RetryPolicy.none()));

        server.problem().ifPresent(problem -> fail("%s: with maxConnections = 4 and 24 URLs, four requests should be in"
                + " flight at once. Send each request from a thread of its own (a virtual thread per URL, or a pool),"
                + " not one after the other on the calling thread", problem));
        assertThat(server.maxInFlight())
                .withFailMessage("up to %d requests were in flight at once at the server, but maxConnections was 4: hold"
                        + " a permit of a Semaphore(maxConnections) around each send (acquire before, release in a"
                        + " finally after the body is read), or send from a fixed pool of maxConnections threads."
                        + " sendAsync for every URL at once has no cap at all", server.maxInFlight())
                .isLessThanOrEqualTo(4);
        assertThat(outcomes).withFailMessage("expected a Page per URL, in input order, got %s", outcomes)
                .isEqualTo(expectedPages(urls));
    }

    @Test
    @Points(3)
    @DisplayName("returns the outcomes in input order when the server answers in reverse")
    void outcomesInInputOrder() throws Exception {
        List<URI> urls = pages(8);
        server.finishInOrder(IntStream.range(0, 8).mapToObj(i -> "/page/" + (7 - i)).toList());

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "8 pages should take well under a second",
                () -> Downloader.fetchAll(client, urls, 8, LONG, RetryPolicy.none()));

        server.problem().ifPresent(problem -> fail("%s: with maxConnections = 8 the 8 requests should all be in flight"
                + " at once", problem));
        assertThat(outcomes.stream().map(Outcome::uri).toList())
                .withFailMessage("expected the outcomes in the order of the URLs %s but got them in the order %s (the"
                        + " server answered last to first): keep the futures in a list in the order submitted and"
                        + " get() them in that order, or put each outcome at its URL's index", urls,
                        outcomes.stream().map(Outcome::uri).toList())
                .isEqualTo(urls);
        assertThat(outcomes).isEqualTo(expectedPages(urls));
    }

    @Test
    @Points(3)
    @DisplayName("retries a 503 and a 429, each no sooner than its Retry-After asks")
    void honoursRetryAfter() throws Exception {
        URI busy = server.uri("/busy");
        server.path("/busy").respond(status(503).retryAfter("1"), status(429).retryAfter("1"), ok("at last"));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "two waits of 1 s should take about 2 s",
                () -> Downloader.fetchAll(client, List.of(busy), 2, LONG, FAST_RETRIES));

        assertThat(outcomes)
                .withFailMessage("/busy answers 503, then 429 (both with Retry-After: 1), then 200 \"at last\"; with"
                        + " up to 4 attempts the outcome should be %s, but was %s (the server got %d requests): retry"
                        + " a 429 or 503 while attempts are left", List.of(new Outcome.Page(busy, 200, "at last", 3)),
                        outcomes, server.requests("/busy"))
                .isEqualTo(List.of(new Outcome.Page(busy, 200, "at last", 3)));
        List<Duration> gaps = server.gaps("/busy");
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i).toMillis())
                    .withFailMessage("the server asked to wait 1 s (Retry-After: 1), but retry %d came %d ms after the"
                            + " request before it: read the Retry-After header (seconds) and wait the longer of it"
                            + " and the policy's backoff before the next attempt", i + 1, gaps.get(i).toMillis())
                    .isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    @Points(2)
    @DisplayName("holds no connection while it waits to retry: other URLs are fetched meanwhile")
    void waitsWithoutAConnection() throws Exception {
        URI first = server.uri("/busy/1");
        URI second = server.uri("/busy/2");
        server.path("/busy/1").respond(status(429).retryAfter("2"), ok("one"));
        server.path("/busy/2").respond(status(429).retryAfter("2"), ok("two"));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(30), "two waits of 2 s should take about 2 s",
                () -> Downloader.fetchAll(client, List.of(first, second), 1, LONG, FAST_RETRIES));

        assertThat(outcomes).withFailMessage("expected both pages after one retry each, got %s", outcomes).isEqualTo(
                List.of(new Outcome.Page(first, 200, "one", 2), new Outcome.Page(second, 200, "two", 2)));
        // Whichever went first: the other's first request must come during its wait, not after its retry.
        long firstRequests = Math.max(server.arrivals("/busy/1").getFirst(), server.arrivals("/busy/2").getFirst());
        long retries = Math.min(server.arrivals("/busy/1").get(1), server.arrivals("/busy/2").get(1));
        assertThat(firstRequests)
                .withFailMessage("with maxConnections = 1, one URL's first request came only after the other's retry:"
                        + " the connection was held while it waited out Retry-After: 2. Release the permit (or the"
                        + " pool thread) before sleeping, and acquire it again for the next attempt")
                .isLessThan(retries);
    }

    @Test
    @Points(2)
    @DisplayName("without a Retry-After, backs off as the policy says: the first backoff, then twice it")
    void backsOffWithoutRetryAfter() throws Exception {
        URI flaky = server.uri("/flaky");
        server.path("/flaky").respond(status(503), status(503), ok("back"));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "two short backoffs should take under a second",
                () -> Downloader.fetchAll(client, List.of(flaky), 2, LONG, new RetryPolicy(3, Duration.ofMillis(300))));

        assertThat(outcomes).withFailMessage("/flaky answers 503 twice (no Retry-After), then 200: expected %s, got %s",
                List.of(new Outcome.Page(flaky, 200, "back", 3)), outcomes)
                .isEqualTo(List.of(new Outcome.Page(flaky, 200, "back", 3)));
        List<Duration> gaps = server.gaps("/flaky");
        assertThat(gaps.get(0).toMillis())
                .withFailMessage("the first retry came %d ms after the first request, but the policy's first backoff is"
                        + " 300 ms: wait retries.backoff(attempt) before each retry", gaps.get(0).toMillis())
                .isGreaterThanOrEqualTo(280);
        assertThat(gaps.get(1).toMillis())
                .withFailMessage("the second retry came %d ms after the first retry, but its backoff is 600 ms"
                        + " (retries.backoff(2)): the backoff doubles with each attempt", gaps.get(1).toMillis())
                .isGreaterThanOrEqualTo(580);
    }

    @Test
    @Points(2)
    @DisplayName("gives up after maxAttempts requests, with the last status")
    void givesUpAfterMaxAttempts() throws Exception {
        URI down = server.uri("/down");
        server.path("/down").respond(status(503).retryAfter("0"));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "/down answers 503 every time, and three attempts"
                + " of it take milliseconds", () -> Downloader.fetchAll(client, List.of(down), 2, LONG,
                        new RetryPolicy(3, Duration.ofMillis(10))));

        assertThat(server.requests("/down"))
                .withFailMessage("the server got %d requests for /down, but maxAttempts = 3 allows 3 in all (the first"
                        + " included): stop when attempt == maxAttempts", server.requests("/down"))
                .isEqualTo(3);
        assertThat(outcomes).withFailMessage("expected %s, got %s",
                List.of(new Outcome.Failed(down, Outcome.Reason.RETRIES_EXHAUSTED, 503, 3)), outcomes)
                .isEqualTo(List.of(new Outcome.Failed(down, Outcome.Reason.RETRIES_EXHAUSTED, 503, 3)));
    }

    @Test
    @Points(2)
    @DisplayName("does not retry a 404 or a 500")
    void doesNotRetryOtherErrors() throws Exception {
        URI missing = server.uri("/missing");
        URI broken = server.uri("/broken");
        server.path("/missing").respond(status(404));
        server.path("/broken").respond(status(500));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "two errors should take milliseconds",
                () -> Downloader.fetchAll(client, List.of(missing, broken), 2, LONG, FAST_RETRIES));

        assertThat(server.requests("/missing"))
                .withFailMessage("the 404 was requested %d times: a 404 will not change by asking again; retry only 429"
                        + " and 503", server.requests("/missing"))
                .isEqualTo(1);
        assertThat(server.requests("/broken"))
                .withFailMessage("the 500 was requested %d times: retry only 429 and 503", server.requests("/broken"))
                .isEqualTo(1);
        // In any order: the two finish in whichever order they like (the order is outcomesInInputOrder's to judge).
        assertThat(outcomes).withFailMessage("expected Failed outcomes with reason HTTP_STATUS, got %s", outcomes)
                .containsExactlyInAnyOrder(new Outcome.Failed(missing, Outcome.Reason.HTTP_STATUS, 404, 1),
                        new Outcome.Failed(broken, Outcome.Reason.HTTP_STATUS, 500, 1));
    }

    @Test
    @Points(4)
    @DisplayName("times out a request that hangs, and still fetches the others")
    void timesOutAHangingRequest() throws Exception {
        URI hangs = server.uri("/hangs");
        URI fine = server.uri("/fine");
        URI alsoFine = server.uri("/also-fine");
        server.path("/hangs").respond(hang(Duration.ofSeconds(30)));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(10), "/hangs never answers, and the timeout was 2 s:"
                + " give every request its timeout with HttpRequest.newBuilder(uri).timeout(timeout), and catch"
                + " HttpTimeoutException into a Failed outcome with reason TIMEOUT",
                () -> Downloader.fetchAll(client, List.of(hangs, fine, alsoFine), 3, Duration.ofSeconds(2), FAST_RETRIES));

        assertThat(outcomes.isEmpty() ? null : outcomes.getFirst())
                .withFailMessage("expected %s for /hangs (no answer within the 2 s timeout), got %s: catch"
                        + " HttpTimeoutException (before IOException, which it extends) and do not retry it",
                        new Outcome.Failed(hangs, Outcome.Reason.TIMEOUT, 0, 1), outcomes)
                .isEqualTo(new Outcome.Failed(hangs, Outcome.Reason.TIMEOUT, 0, 1));
        assertThat(outcomes).isEqualTo(List.of(new Outcome.Failed(hangs, Outcome.Reason.TIMEOUT, 0, 1),
                new Outcome.Page(fine, 200, "ok", 1), new Outcome.Page(alsoFine, 200, "ok", 1)));
    }

    @Test
    @Points(3)
    @DisplayName("ends every URL in an outcome, failures included: nothing lost")
    void nothingLost() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closedPort + "/nobody");
        server.path("/missing").respond(status(404));
        server.path("/hangs").respond(hang(Duration.ofSeconds(30)));
        server.path("/busy").respond(status(429).retryAfter("0"), ok("busy, then fine"));
        server.path("/down").respond(status(503));
        List<URI> urls = List.of(server.uri("/a"), server.uri("/missing"), server.uri("/b"), server.uri("/hangs"),
                refused, server.uri("/busy"), server.uri("/down"), server.uri("/c"));
        List<Outcome> expected = List.of(
                new Outcome.Page(urls.get(0), 200, "ok", 1),
                new Outcome.Failed(urls.get(1), Outcome.Reason.HTTP_STATUS, 404, 1),
                new Outcome.Page(urls.get(2), 200, "ok", 1),
                new Outcome.Failed(urls.get(3), Outcome.Reason.TIMEOUT, 0, 1),
                new Outcome.Failed(refused, Outcome.Reason.IO_ERROR, 0, 1),
                new Outcome.Page(urls.get(5), 200, "busy, then fine", 2),
                new Outcome.Failed(urls.get(6), Outcome.Reason.RETRIES_EXHAUSTED, 503, 2),
                new Outcome.Page(urls.get(7), 200, "ok", 1));

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "the slowest URL times out after 2 s",
                () -> Downloader.fetchAll(client, urls, 3, Duration.ofSeconds(2), new RetryPolicy(2, Duration.ofMillis(10))));

        assertThat(outcomes)
                .withFailMessage("expected %d outcomes, one per URL, got %d: %s. A URL that fails ends in a Failed"
                        + " outcome in its place; never drop it", urls.size(), outcomes.size(), outcomes)
                .hasSize(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            assertThat(outcomes.get(i)).withFailMessage("outcome %d should be %s, was %s", i, expected.get(i),
                    outcomes.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    @Points(3)
    @DisplayName("when the caller is interrupted, cancels the requests in flight and throws InterruptedException")
    void interruptCancelsTheRequests() throws Exception {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            server.path("/drip/" + i).respond(ok("x".repeat(2000)).slowBody(2000, 10)); // 20 s per body
            urls.add(server.uri("/drip/" + i));
        }

        Checks.Running<List<Outcome>> running = Checks.startInOwnThread(
                () -> Downloader.fetchAll(client, urls, 3, Duration.ofSeconds(60), RetryPolicy.none()));
        // At least the cap: a fetchAll without one jumps past 3, and whether a poll saw exactly 3 would vary (the cap
        // itself is capsTheRequestsInFlight's to judge).
        boolean capReached = TestServer.await(() -> server.inFlight() >= 3 || running.outcome().isDone(), LONG);
        if (running.outcome().isDone()) {
            try {
                fail("fetchAll returned %s before it was interrupted, although every body takes 20 s",
                        running.outcome().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
        assertThat(capReached).withFailMessage("the 3 requests allowed by maxConnections = 3 were never in flight at"
                + " once at the server (at most %d were)", server.maxInFlight()).isTrue();
        running.thread().interrupt();
        Throwable thrown = running.thrownWithin(Duration.ofSeconds(5), "interrupting the thread that waits in fetchAll"
                + " should end it with an InterruptedException. cancel(true) every future (or shutdownNow() the"
                + " executor) in a finally, so the threads in send are interrupted; close() alone waits for the bodies");

        assertThat(thrown).withFailMessage("expected InterruptedException, but fetchAll threw %s: let it propagate,"
                + " after cancelling the requests", thrown).isInstanceOf(InterruptedException.class);
        boolean closed = TestServer.await(() -> server.inFlight() == 0, Duration.ofSeconds(5));
        assertThat(closed)
                .withFailMessage("%d request(s) were still open at the server 5 s after fetchAll threw: interrupt the"
                        + " threads in send (cancel(true) their futures), which cancels the requests and closes their"
                        + " connections", server.inFlight())
                .isTrue();
        int sent = server.requests();
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(server.requests())
                .withFailMessage("%d more request(s) arrived after fetchAll threw: a thread was left sending. After an"
                        + " interrupt, send no more, and wait for the threads (close()) before throwing",
                        server.requests() - sent)
                .isEqualTo(sent);
    }

    @Test
    @Points(1)
    @DisplayName("sends with the blocking send, from threads that are gone when fetchAll returns")
    void leavesNoThreadBehind() throws Exception {
        List<URI> urls = pages(12);

        List<Outcome> outcomes = fetchWithin(Duration.ofSeconds(20), "12 quick pages should take well under a second",
                () -> Downloader.fetchAll(client, urls, 3, LONG, RetryPolicy.none()));

        assertThat(outcomes).isEqualTo(expectedPages(urls));
        assertThat(client.asyncRequests())
                .withFailMessage("%d requests went through sendAsync: this exercise is about the blocking send, on"
                        + " threads of your own", client.asyncRequests())
                .isZero();
        List<Thread> alive = Threads.stillAliveAfter(client.senders(), Threads.EXIT_GRACE);
        assertThat(alive)
                .withFailMessage("%d thread(s) that sent requests were still alive %d s after fetchAll returned: %s. Shut"
                        + " the executor down before returning: open it with try-with-resources", alive.size(),
                        Threads.EXIT_GRACE.toSeconds(), Threads.names(alive))
                .isEmpty();
        assertThat(server.inFlight()).withFailMessage("%d request(s) were still in flight when fetchAll returned",
                server.inFlight()).isZero();
    }

    @Test
    @Points(1)
    @DisplayName("gives an empty list for no URLs, and rejects bad arguments with clear messages")
    void edgeCases() throws Exception {
        List<Outcome> none = Downloader.fetchAll(client, List.of(), 2, LONG, FAST_RETRIES);
        assertThat(none).withFailMessage("fetchAll of no URLs should return an empty list, got %s", none).isEmpty();
        assertThat(server.requests()).withFailMessage("fetchAll of no URLs sent %d requests", server.requests()).isZero();

        List<URI> one = List.of(server.uri("/a"));
        assertThat(thrownBy(() -> Downloader.fetchAll(null, one, 2, LONG, FAST_RETRIES), "fetchAll(null, ...) should throw"))
                .as("fetchAll(null, urls, 2, timeout, retries)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("client");
        assertThat(thrownBy(() -> Downloader.fetchAll(client, null, 2, LONG, FAST_RETRIES),
                "fetchAll(client, null, ...) should throw"))
                .as("fetchAll(client, null, 2, timeout, retries)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("urls");
        assertThat(thrownBy(() -> Downloader.fetchAll(client, one, 2, null, FAST_RETRIES),
                "fetchAll(client, urls, 2, null, retries) should throw"))
                .as("fetchAll(client, urls, 2, null, retries)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThat(thrownBy(() -> Downloader.fetchAll(client, one, 2, LONG, null),
                "fetchAll(client, urls, 2, timeout, null) should throw"))
                .as("fetchAll(client, urls, 2, timeout, null)").isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retries");
        assertThat(thrownBy(() -> Downloader.fetchAll(client, one, 0, LONG, FAST_RETRIES),
                "fetchAll(client, urls, 0, timeout, retries) should throw"))
                .as("fetchAll(client, urls, 0, timeout, retries)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThat(thrownBy(() -> Downloader.fetchAll(client, one, 2, Duration.ZERO, FAST_RETRIES),
                "fetchAll(client, urls, 2, Duration.ZERO, retries) should throw"))
                .as("fetchAll(client, urls, 2, Duration.ZERO, retries)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThat(server.requests()).withFailMessage("fetchAll with bad arguments sent %d requests: check them first",
                server.requests()).isZero();
    }
}
