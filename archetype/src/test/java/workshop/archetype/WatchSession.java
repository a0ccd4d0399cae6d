package workshop.archetype;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A learner's watch mode ({@code ./mvnw -q -Pwatch}) running in a generated project, as a program sees
 * it: keys typed on its standard input, its screens read from its output (a log file). Each screen
 * ends with the keys line, so the n-th screen is what was printed up to the n-th keys line.
 */
final class WatchSession implements AutoCloseable {

    /** Far more than any screen takes on a loaded machine; a screen that never comes fails the test after it. */
    static final Duration PATIENCE = Duration.ofMinutes(3);

    /** How long a benchmark waits for a screen before it looks why and types its key again. */
    static final Duration NUDGE = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream keys;
    private final Path log;

    private WatchSession(Process process, Path log) {
        this.process = process;
        this.keys = process.getOutputStream();
        this.log = log;
    }

    /**
     * Starts watch mode with its standard input a pipe (no terminal: a key, then Enter).
     *
     * @param pty run it under {@code script} (util-linux), in a pseudo-terminal: single keys
     */
    static WatchSession start(Path project, String logName, boolean pty, String... arguments) {
        List<String> maven = new ArrayList<>(Maven.command(project, "-q", "-Pwatch"));
        maven.addAll(List.of(arguments));
        List<String> command = maven;
        if (pty) {
            command = List.of("script", "-q", "-e", "-c", String.join(" ", maven.stream().map(WatchSession::quoted).toList()),
                    "/dev/null");
        }
        try {
            Files.createDirectories(Workshop.SCRATCH);
            Path log = Workshop.SCRATCH.resolve(logName + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            if (pty) {
                builder.environment().put("TERM", "xterm");
            }
            return new WatchSession(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Whether {@code script} (util-linux) is there to make a pseudo-terminal. */
    static boolean canMakePty() {
        try {
            Process p = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path log() {
        return log;
    }

    /** Everything printed so far, without terminal control sequences and carriage returns. */
    String output() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The screens drawn so far, each ending with its keys line. */
    List<String> screens() {
        List<String> screens = new ArrayList<>();
        StringBuilder screen = new StringBuilder();
        String text = plain(output());
        int end = text.lastIndexOf('\n');
        for (String line : (end < 0 ? "" : text.substring(0, end)).split("\n", -1)) {
            screen.append(line).append('\n');
            if (line.startsWith(" keys: ")) {
                screens.add(screen.toString());
                screen.setLength(0);
            }
        }
        return screens;
    }

    /** The text with ANSI escape sequences (clearing the screen) taken out. */
    static String plain(String text) {
        return text.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
    }

    /** How many screens have been drawn. */
    int count() {
        return screens().size();
    }

    /**
     * Waits for a screen after the first {@code after} that matches, and returns it.
     *
     * @param what what the screen should show, for the failure message
     */
    String awaitScreen(int after, String what, Predicate<String> matches) {
        return awaitScreen(after, what, matches, null);
    }

    /**
     * As {@link #awaitScreen(int, String, Predicate)}; when no such screen came within {@link #NUDGE},
     * first puts a thread dump of watch mode's JVMs in {@code diagnostics} (under the log), then runs
     * {@code nudge} once (a benchmark types its key again, as a learner would).
     */
    String awaitScreen(int after, String what, Predicate<String> matches, Runnable nudge) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long nudgeAt = System.nanoTime() + NUDGE.toNanos();
        while (System.nanoTime() < deadline) {
            if (nudge != null && System.nanoTime() > nudgeAt) {
                threadDump(what);
                nudge.run();
                nudge = null;
            }
            List<String> screens = screens();
            for (int i = after; i < screens.size(); i++) {
                if (matches.test(screens.get(i))) {
                    return screens.get(i);
                }
            }
            if (!process.isAlive()) {
                break;
            }
            pause(Duration.ofMillis(5));
        }
        throw new AssertionError("watch mode drew no screen showing " + what + " within " + PATIENCE.toMinutes()
                + " minutes (alive: " + process.isAlive() + "); its output, in " + log + ":\n" + output());
    }

    /** Writes a thread dump of every JVM under watch mode's process to {@code <log>.threads.txt}. */
    private void threadDump(String what) {
        StringBuilder dump = new StringBuilder("no screen showing " + what + " after " + NUDGE.toSeconds() + " s\n");
        process.descendants().filter(p -> p.info().command().orElse("").endsWith("/java")).forEach(p -> {
            try {
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
                dump.append("== ").append(p.pid()).append(' ').append(p.info().commandLine().orElse("")).append('\n')
                        .append(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                jcmd.waitFor();
            } catch (IOException e) {
                dump.append("jcmd failed: ").append(e).append('\n');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Files.writeString(log.resolveSibling(log.getFileName() + ".threads.txt"), dump, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Types keys (and Enter, when {@code enter}). */
    void type(String text, boolean enter) {
        try {
            keys.write((enter ? text + "\n" : text).getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type " + text + " into watch mode", e);
        }
    }

    /** Waits for watch mode to end by itself; its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("watch mode did not stop within " + PATIENCE.toMinutes() + " minutes; output in " + log);
        }
        return process.exitValue();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops whatever is still running: Maven and the watch JVM it started. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
