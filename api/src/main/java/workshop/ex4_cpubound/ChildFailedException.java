package workshop.ex4_cpubound;

import java.util.Objects;

/**
 * Why the child JVM that ran one input gave no result. It is that input's error, recorded in a
 * {@link ChildOutcome.Failed}; the other inputs of the batch go on.
 */
public final class ChildFailedException extends Exception {

    /** The ways a child can fail. */
    public enum Reason {
        /** The child could not be started at all (no {@code java} launcher, too many processes). */
        COULD_NOT_START,
        /** The child exited with a code other than 0: it crashed, or called {@code System.exit(n)}. */
        NON_ZERO_EXIT,
        /** The child ran past its time limit and was killed, with every process it had started. */
        TIMED_OUT,
        /** The child exited with code 0, but its standard output held no {@link WorkerProtocol reply}. */
        BAD_OUTPUT
    }

    private final Reason reason;

    /**
     * @param reason how the child failed
     * @param message what happened, for a person: which child, which input, the exit code, the last
     *     thing it wrote on standard error
     */
    public ChildFailedException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * @param reason how the child failed
     * @param message what happened, for a person
     * @param cause what made it fail, if an exception did (the {@code IOException} of a failed start)
     */
    public ChildFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
    }

    /** How the child failed. */
    public Reason reason() {
        return reason;
    }
}
