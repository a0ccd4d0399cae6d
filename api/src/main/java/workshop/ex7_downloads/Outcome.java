package workshop.ex7_downloads;

import java.net.URI;

/**
 * What became of one URL: a {@link Page} with the body a server sent, or a {@link Failed} saying why
 * there is none. Every URL given to {@code fetchAll} ends in exactly one of them.
 *
 * <pre>{@code
 * switch (outcome) {
 *     case Outcome.Page(URI uri, int status, String body, int attempts) -> store(uri, body);
 *     case Outcome.Failed(URI uri, Outcome.Reason reason, int status, int attempts) -> log(uri, reason);
 * }
 * }</pre>
 */
public sealed interface Outcome {

    /** The URL, as it was given. */
    URI uri();

    /** How many requests were sent for it: 1, plus one per retry. */
    int attempts();

    /** The server answered with a 2xx {@code status} and this {@code body}, after {@code attempts} requests. */
    record Page(URI uri, int status, String body, int attempts) implements Outcome {}

    /**
     * There is no page for {@code uri}: why, the last status the server sent (0 when no response came,
     * as after a timeout or an I/O error), and how many requests were sent.
     */
    record Failed(URI uri, Reason reason, int status, int attempts) implements Outcome {}

    /** Why a URL has no page. */
    enum Reason {
        /** No response within the per-request timeout ({@code HttpTimeoutException}). Not retried. */
        TIMEOUT,
        /** The server answered with a status that is not 2xx and is not retried (404, 500, ...). */
        HTTP_STATUS,
        /** Every attempt the {@link RetryPolicy} allows was answered 429 or 503. */
        RETRIES_EXHAUSTED,
        /** The request failed with another {@code IOException} (connection refused or reset, ...). */
        IO_ERROR
    }
}
