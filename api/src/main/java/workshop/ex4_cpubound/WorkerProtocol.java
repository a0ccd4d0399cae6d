package workshop.ex4_cpubound;

import java.util.Objects;
import java.util.Optional;

/**
 * How a child JVM hands its result back to the parent: one line on its standard output,
 * {@code "result " + value}, as its last line, then exit code 0.
 *
 * <p>Both sides of the protocol are here: the child calls {@link #reply(String)}, the parent
 * {@link #parse(String)}. Anything else a child prints before its reply is ignored (a library may
 * log to stdout); a child whose stdout does not end with a reply line has printed garbage.
 */
public final class WorkerProtocol {

    /** What the reply line starts with. */
    public static final String PREFIX = "result ";

    private WorkerProtocol() {}

    /**
     * Child side: prints {@code value} as the reply, on {@link System#out}, and flushes it.
     *
     * @param value the result, on one line
     * @throws IllegalArgumentException if {@code value} holds a line break
     */
    public static void reply(String value) {
        Objects.requireNonNull(value, "value must not be null");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a reply must fit on one line");
        }
        System.out.println(PREFIX + value);
        System.out.flush();
    }

    /**
     * Parent side: the value a child replied with, given everything it printed on its standard
     * output.
     *
     * @param stdout the child's whole standard output
     * @return the value of its last line if that line is a reply, else empty (the child printed
     *     garbage, or nothing)
     */
    public static Optional<String> parse(String stdout) {
        Objects.requireNonNull(stdout, "stdout must not be null");
        String text = stdout.stripTrailing();
        String lastLine = text.substring(text.lastIndexOf('\n') + 1);
        if (lastLine.endsWith("\r")) {
            lastLine = lastLine.substring(0, lastLine.length() - 1);
        }
        return lastLine.startsWith(PREFIX) ? Optional.of(lastLine.substring(PREFIX.length())) : Optional.empty();
    }
}
