package workshop.grader.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import workshop.grader.isolation.ProcessTree;
import workshop.grader.protocol.Protocol;

/**
 * The worker's events on their way to the grader: one line each, {@code #grader SEQ MAC JSON}, where
 * SEQ counts from 0 and MAC is HMAC-SHA256 over SEQ and JSON with a key that the grader makes afresh
 * for every worker JVM and hands over on its standard input before any of the submission's code is
 * loaded. The lines travel on a Unix domain socket that the worker connects to before that code is
 * loaded too; the grader takes that one connection and closes the socket to any other. So the
 * submission's code cannot even write into the channel (a socket cannot be reopened through /proc,
 * and closing the JVM's stdout does not touch it); if it found a way, it would still lack the key,
 * and a line removed or repeated breaks the numbering.
 */
public final class Channel {

    private Channel() {}

    static final String MARKER = "#grader ";
    /** The longest event line the grader reads; a longer one is tampering, and never held whole. */
    static final int MAX_LINE = 4 << 20;

    /** A fresh key, for one worker JVM. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    static String mac(byte[] key, long seq, String json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((seq + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The worker's end: signs and numbers each event, and writes it through before returning. */
    static final class Writer {
        private final byte[] key;
        private final OutputStream out;
        private long seq;

        Writer(byte[] key, OutputStream out) {
            this.key = key.clone();
            this.out = out;
        }

        synchronized void write(Protocol.Event event) {
            try {
                String json = Protocol.JSON.writerFor(Protocol.Event.class).writeValueAsString(event);
                // A newline first: whatever the submission wrote to the same stdout without one ends there.
                String line = "\n" + MARKER + seq + " " + mac(key, seq, json) + " " + json + "\n";
                seq++;
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write an event", e);
            }
        }
    }

    /** What the grader takes from the channel: an event it accepts, or a reason to distrust the rest. */
    public sealed interface Item permits Accepted, Forged {}

    public record Accepted(Protocol.Event event) implements Item {}

    /** A line that claims to be an event but is not one of this worker's, and why. */
    public record Forged(String why) implements Item {}

    /**
     * The grader's end: reads the worker's standard output on a thread of its own, passes on the events
     * that carry this worker's key in order, and keeps the rest as console output (its first and last
     * bytes, counted). It never holds more than {@link #MAX_LINE} bytes of one line.
     */
    public static final class Reader {
        private final byte[] key;
        private final ProcessTree.Kept console;
        private final List<Item> items = new ArrayList<>();
        private final Thread thread;
        private long expected;
        private boolean distrusted;

        /** Takes the first connection to {@code server}, refuses any later one, and reads it to its end. */
        public Reader(byte[] key, java.nio.channels.ServerSocketChannel server, int consoleKeep, String name) {
            this.key = key.clone();
            this.console = new ProcessTree.Kept(consoleKeep);
            this.thread = Thread.ofPlatform().daemon().name(name).start(() -> {
                java.nio.channels.SocketChannel connection;
                try (server) {
                    connection = server.accept();
                } catch (IOException e) {
                    return; // closed before the worker connected: it never started
                }
                read(java.nio.channels.Channels.newInputStream(connection));
            });
        }

        private void read(InputStream in) {
            byte[] line = new byte[64 << 10];
            int length = 0;
            boolean overlong = false;
            byte[] buffer = new byte[64 << 10];
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n') {
                            if (overlong) {
                                overlong(line, length);
                            } else {
                                line(line, length);
                            }
                            length = 0;
                            overlong = false;
                        } else if (overlong) {
                            console.append(b);
                        } else {
                            if (length == line.length) {
                                if (length >= MAX_LINE) {
                                    overlong = true;
                                    console.append(b);
                                    continue;
                                }
                                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, length * 2));
                            }
                            line[length++] = b;
                        }
                    }
                }
            } catch (IOException e) {
                // The worker is gone.
            }
            if (length > 0) {
                if (overlong) {
                    overlong(line, length);
                } else if (mentionsMarker(line, length)) {
                    forged("an event line without its end (the worker ended in the middle of it, or something wrote"
                            + " into the grader's channel)");
                } else {
                    console.append(line, length);
                }
            }
        }

        private void overlong(byte[] line, int length) {
            if (mentionsMarker(line, length)) {
                forged("an event line longer than " + (MAX_LINE >> 20) + " MB");
            } else {
                console.append(line, length);
                console.append((byte) '\n');
            }
        }

        /** Whether a line (of which the first {@code length} bytes are kept) claims to be an event. */
        private static boolean mentionsMarker(byte[] line, int length) {
            return new String(line, 0, Math.min(length, 64 << 10), StandardCharsets.UTF_8).contains(MARKER);
        }

        private void line(byte[] bytes, int length) {
            if (length == 0) {
                return;
            }
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            int at = text.indexOf(MARKER);
            if (at < 0) {
                console.append(bytes, length);
                console.append((byte) '\n');
                return;
            }
            if (at > 0) {
                byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
                console.append(before, before.length);
                console.append((byte) '\n');
            }
            String[] parts = text.substring(at + MARKER.length()).split(" ", 3);
            if (parts.length < 3) {
                forged("a malformed event line: " + abbreviate(text));
                return;
            }
            long seq;
            try {
                seq = Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                forged("a malformed event line: " + abbreviate(text));
                return;
            }
            if (!MessageDigest.isEqual(mac(key, seq, parts[2]).getBytes(StandardCharsets.US_ASCII),
                    parts[1].getBytes(StandardCharsets.US_ASCII))) {
                forged("an event line not signed with this worker's key: " + abbreviate(parts[2]));
                return;
            }
            synchronized (this) {
                if (seq != expected) {
                    forged("event " + seq + " where event " + expected + " was due (a line removed or repeated)");
                    return;
                }
                expected++;
            }
            Protocol.Event event;
            try {
                event = Protocol.JSON.readValue(parts[2], Protocol.Event.class);
            } catch (IOException e) {
                forged("a signed event the grader cannot read: " + abbreviate(parts[2]));
                return;
            }
            synchronized (this) {
                if (!distrusted) {
                    items.add(new Accepted(event));
                }
            }
        }

        private synchronized void forged(String why) {
            if (!distrusted) {
                items.add(new Forged(why));
            }
            distrusted = true; // after one forged line, nothing more from this worker is believed
        }

        /** What arrived since the last call. */
        public synchronized List<Item> poll() {
            List<Item> fresh = List.copyOf(items);
            items.clear();
            return fresh;
        }

        /** Waits up to {@code millis} for the worker's output to end (after the worker did). */
        public void awaitEnd(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public ProcessTree.Kept console() {
            return console;
        }

        private static String abbreviate(String text) {
            String oneLine = text.replaceAll("\\s+", " ");
            return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
        }
    }
}
