package workshop.ex7_downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.testkit.TestServer.hang;
import static workshop.testkit.TestServer.ok;
import static workshop.testkit.TestServer.status;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.TestServer;

/**
 * Visible tests of exercise 7. Run them alone with {@code ./mvnw test -Dtest=DownloaderTest}. Each
 * starts a real HTTP server on 127.0.0.1 ({@link TestServer}) that counts the requests it gets; the
 * hidden tests that grade the exercise check the same contract more thoroughly.
 */
@DisplayName("Exercise 7: downloading pages")
@Timeout(60)
class DownloaderTest {

    private TestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private List<URI> pages(int n) {
        return IntStream.range(0, n).mapToObj(i -> server.uri("/page/" + i)).toList();
    }

    @Test
    @Tag("task:1")
    @DisplayName("task 1: one Page per URL, in input order, when the requests finish in reverse")
    void pagesInInputOrder() throws Exception {
        List<URI> urls = pages(3);
        for (int i = 0; i < 3; i++) {
            server.path("/page/" + i).respond(ok("page " + i));
        }
        server.finishInOrder(List.of("/page/2", "/page/1", "/page/0"));

        List<Outcome> outcomes = Downloader.fetchAll(server.client(), urls, 3, Duration.ofSeconds(10), RetryPolicy.none());

        assertThat(server.problem()).as("the three requests in flight at once").isEmpty();
        assertThat(outcomes).as("the outcomes of /page/0..2, answered in the order 2, 1, 0").containsExactly(
                new Outcome.Page(urls.get(0), 200, "page 0", 1),
                new Outcome.Page(urls.get(1), 200, "page 1", 1),
                new Outcome.Page(urls.get(2), 200, "page 2", 1));
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: maxConnections requests in flight at once, and never more, as the server counts them")
    void capsTheConnections() throws Exception {
        server.rendezvous(4);

        List<Outcome> outcomes = Downloader.fetchAll(server.client(), pages(20), 4, Duration.ofSeconds(10),
                RetryPolicy.none());

        assertThat(server.problem()).as("overlap of the requests").isEmpty();
        assertThat(server.maxInFlight()).as("most requests in flight at once with maxConnections = 4").isEqualTo(4);
        assertThat(outcomes).as("outcomes").hasSize(20).allMatch(o -> o instanceof Outcome.Page);
    }

    @Test
    @Tag("task:3")
    @DisplayName("task 3: a request that hangs times out, a 404 fails at once, and the other URLs still get their pages")
    void timeoutsAndFailures() throws Exception {
        URI slow = server.uri("/hangs");
        URI missing = server.uri("/missing");
        URI fine = server.uri("/fine");
        server.path("/hangs").respond(hang(Duration.ofSeconds(30)));
        server.path("/missing").respond(status(404));
        server.path("/fine").respond(ok("fine"));

        List<Outcome> outcomes = Downloader.fetchAll(server.client(), List.of(slow, missing, fine), 3,
                Duration.ofSeconds(2), new RetryPolicy(3, Duration.ofMillis(10)));

        assertThat(outcomes).as("the outcomes of /hangs (timeout 2 s), /missing (404) and /fine").containsExactly(
                new Outcome.Failed(slow, Outcome.Reason.TIMEOUT, 0, 1),
                new Outcome.Failed(missing, Outcome.Reason.HTTP_STATUS, 404, 1),
                new Outcome.Page(fine, 200, "fine", 1));
        assertThat(server.requests("/missing")).as("requests for /missing: a 404 is not retried").isEqualTo(1);
    }

    @Test
    @Tag("task:4")
    @DisplayName("task 4: a 429 is retried, no sooner than its Retry-After says")
    void retriesAfterTheServersWait() throws Exception {
        URI busy = server.uri("/busy");
        server.path("/busy").respond(status(429).retryAfter("1"), ok("at last"));

        List<Outcome> outcomes = Downloader.fetchAll(server.client(), List.of(busy), 2, Duration.ofSeconds(10),
                new RetryPolicy(3, Duration.ofMillis(10)));

        assertThat(outcomes).as("the outcome of /busy").containsExactly(new Outcome.Page(busy, 200, "at last", 2));
        assertThat(server.gaps("/busy")).as("time between the two requests for /busy (Retry-After: 1)")
                .allMatch(gap -> gap.toMillis() >= 950);
    }
}
