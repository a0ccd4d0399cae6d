package workshop.ex4_cpubound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * CPU-bound work with no I/O and no shared state: hashing a text over and over. Each call uses its
 * own {@link MessageDigest}, so it is thread-safe and threads run it truly in parallel, one per core.
 * Compare {@link SerialLibrary}, which does the same work under one process-wide lock.
 */
public final class CpuWork {

    /** Rounds of hashing that take a few milliseconds: enough to be CPU-bound, quick in tests. */
    public static final int DEFAULT_ROUNDS = 20_000;

    private CpuWork() {}

    /**
     * Hashes {@code input} with SHA-256, then hashes the hash, {@code rounds} times in all.
     *
     * @param input any text
     * @param rounds how many times to hash, at least 1; the time taken grows linearly with it
     * @return the last hash, as 64 lower-case hex digits
     * @throws IllegalArgumentException if {@code rounds} is less than 1
     */
    public static String hash(String input, int rounds) {
        return hash(newSha256(), input, rounds);
    }

    /** The same work on a digest the caller provides (and must not share between threads). */
    static String hash(MessageDigest sha256, String input, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < rounds; i++) {
            bytes = sha256.digest(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
