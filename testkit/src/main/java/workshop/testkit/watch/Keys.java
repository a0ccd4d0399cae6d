package workshop.testkit.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.function.IntConsumer;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The learner's keys. In a terminal, single keys without Enter (JLine puts the terminal in raw mode,
 * and gives it back on exit); where no terminal is attached (an IDE's console, a pipe), whole lines
 * from standard input, each character of a line a key: type {@code h} then Enter.
 */
final class Keys {

    private final Terminal terminal;

    private Keys(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * A terminal if there is one, else lines from standard input.
     *
     * @param lines force lines from standard input even in a terminal
     */
    static Keys open(boolean lines) {
        if (!lines && standardInputIsATerminal()) {
            try {
                Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
                if (!terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
                    terminal.enterRawMode();
                    return new Keys(terminal);
                }
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // no terminal: lines
            }
        }
        return new Keys(null);
    }

    /**
     * Whether standard input and output are a terminal. Asked before JLine is: on a pipe JLine's terminal
     * is a dumb one, and closing it leaves its reading thread blocked on standard input, where it swallows
     * the first line typed (a learner's {@code q}, lost).
     */
    private static boolean standardInputIsATerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21 gives a console only to a terminal
        }
    }

    /** Whether single keys work (a terminal), or each key needs Enter. */
    boolean single() {
        return terminal != null;
    }

    /** Whether the screen can be cleared before each redraw. */
    boolean clears() {
        return terminal != null;
    }

    /** Reads keys until the input ends, on a daemon thread of its own. */
    void start(IntConsumer key) {
        Thread reader = new Thread(() -> {
            try {
                if (terminal != null) {
                    for (int c; (c = terminal.reader().read()) >= 0; ) {
                        key.accept(c);
                    }
                } else {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
                    for (String line; (line = in.readLine()) != null; ) {
                        line.strip().chars().forEach(key);
                    }
                }
            } catch (IOException e) {
                // the input is gone: keep watching files
            }
        }, "watch-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /** Gives the terminal back as it was. */
    void close() {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
