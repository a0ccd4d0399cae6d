package workshop.ex7_downloads;

import java.time.Duration;
import java.util.Objects;

/**
 * How often to ask again when a server answers 429 (Too Many Requests) or 503 (Service Unavailable):
 * at most {@code maxAttempts} requests per URL in all, waiting {@link #backoff(int)} between them,
 * or longer when the server's {@code Retry-After} header asks for longer.
 *
 * @param maxAttempts the most requests sent for one URL, the first included; at least 1 (1: never retry)
 * @param firstBackoff the wait after the first refused attempt; it doubles after each further one
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff) {

    /** Checks the arguments: {@code maxAttempts} at least 1, {@code firstBackoff} not null nor negative. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(firstBackoff, "firstBackoff must not be null");
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative, was " + firstBackoff);
        }
    }

    /** Never retry: one request per URL. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO);
    }

    /**
     * The wait after refused attempt number {@code attempt} (from 1) when the server gave no
     * {@code Retry-After}: {@code firstBackoff} x 2^(attempt - 1), so 100 ms, 200 ms, 400 ms, ...
     *
     * @param attempt the attempt that was refused, at least 1
     * @return how long to wait before the next attempt
     */
    public Duration backoff(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, was " + attempt);
        }
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
