package workshop.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The main class of child JVMs that tests hand to a process pool: well-behaved ones and every kind
 * of misbehaving one, chosen by the child's one argument, {@code "<mode>:<label>"}:
 *
 * <ul>
 *   <li>{@code ok}: replies {@code "<input> pid=<its pid> together=<n>"}, where {@code n} is the
 *       most {@code ok} children it (or another, at the rendezvous) saw running at once. With a
 *       rendezvous of {@code k} ({@value #RENDEZVOUS}), it first waits until {@code k} of them run
 *       at once (see {@link #ALONE_MILLIS}); then it stays {@value #HOLD} ms longer.
 *   <li>{@code crash}: throws an uncaught exception (exit code 1, a stack trace on stderr).
 *   <li>{@code exit3}: prints a well-formed reply, then exits with code 3.
 *   <li>{@code garbage}: prints a line that is not a reply, and exits with code 0.
 *   <li>{@code big}: replies with a value of {@link #BIG_REPLY_LENGTH} characters, far more than
 *       a pipe holds: a parent that waits for the exit before reading never sees it exit.
 *   <li>{@code noisy}: writes {@link #BIG_REPLY_LENGTH} characters to stderr, then replies.
 *   <li>{@code hang}: never ends, and ignores a polite kill (SIGTERM): a shutdown hook blocks it.
 *       Only a forcible kill ends it.
 *   <li>{@code spawn}: starts a grandchild JVM that hangs the same way, records its pid, then hangs.
 * </ul>
 *
 * <p>Children coordinate through the folder given by {@value #DIR}: {@code ok} children put a marker
 * in {@code running/} while they run, {@code hang} and {@code spawn} ones one in {@code hanging/}
 * once they hang, and {@code spawn} ones the grandchild's pid in {@code grandchildren/} (the
 * grandchild marks itself in {@code hanging-grandchildren/}). Every child ends itself once
 * the JVM named by {@value #OWNER} is gone, or after {@link #MAX_LIFETIME_MILLIS}, so no test run
 * leaves processes behind. {@link ChildWatch} sets all of this up.
 */
public final class FixtureChild {

    /** System property: the folder the children of one test share. */
    public static final String DIR = "workshop.fixture.dir";
    /** System property: the pid of the test JVM; children end themselves when it is gone. */
    public static final String OWNER = "workshop.fixture.owner";
    /** System property: how many {@code ok} children must run at once before each replies. */
    public static final String RENDEZVOUS = "workshop.fixture.rendezvous";
    /** System property: the longest an {@code ok} child waits at the rendezvous, in ms. */
    public static final String RENDEZVOUS_WAIT = "workshop.fixture.rendezvousWaitMillis";
    /** System property: how long an {@code ok} child stays after the rendezvous, in ms. */
    public static final String HOLD = "workshop.fixture.holdMillis";

    /** How long an {@code ok} child waits at the rendezvous when too few siblings exist to meet it. */
    public static final long ALONE_MILLIS = 2_000;

    /** The length of a {@code big} child's reply value and of a {@code noisy} child's stderr: 1 MiB. */
    public static final int BIG_REPLY_LENGTH = 1 << 20;
    /** No fixture child lives longer than this. */
    public static final long MAX_LIFETIME_MILLIS = 120_000;

    private FixtureChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FixtureChild <mode>:<label>, got " + List.of(args));
        }
        startWatchdog();
        String input = args[0];
        String mode = input.contains(":") ? input.substring(0, input.indexOf(':')) : input;
        long pid = ProcessHandle.current().pid();
        switch (mode) {
            case "ok" -> System.out.println(reply(input + " pid=" + pid + " together=" + rendezvous(pid)));
            case "crash" -> throw new IllegalStateException("fixture child " + pid + " crashed on purpose for " + input);
            case "exit3" -> {
                System.out.println(reply(input + " pid=" + pid + " but exits with 3"));
                System.out.flush();
                System.exit(3);
            }
            case "garbage" -> System.out.println("Hello from child " + pid + "! This is not a reply.");
            case "big" -> {
                System.out.print("result ");
                System.out.println("x".repeat(BIG_REPLY_LENGTH));
            }
            case "noisy" -> {
                PrintStream err = System.err;
                for (int i = 0; i < BIG_REPLY_LENGTH / 64; i++) {
                    err.println("noise ".repeat(10) + "...");
                }
                err.flush();
                System.out.println(reply(input + " pid=" + pid));
            }
            case "hang" -> hang(pid, input.startsWith("hang:grandchild") ? "hanging-grandchildren" : "hanging");
            case "spawn" -> {
                Process grandchild = new ProcessBuilder(grandchildCommand(input))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                touch("grandchildren", grandchild.pid());
                hang(pid, "hanging");
            }
            default -> throw new IllegalArgumentException("unknown fixture mode '" + mode + "' in " + input);
        }
        System.out.flush();
    }

    /**
     * A reply line, as {@code workshop.ex4_cpubound.WorkerProtocol} writes it. The test kit does not
     * use the exercise packages' types: the grader loads those in a class loader of its own.
     */
    private static String reply(String value) {
        return "result " + value;
    }

    /**
     * Waits until {@code wanted} {@code ok} children run at once (or gives up), holds, and returns
     * the most it saw at once. It waits up to {@value #RENDEZVOUS_WAIT} ms while enough sibling
     * processes exist to meet it (a JVM can take seconds to start on a loaded machine), but gives up
     * after {@link #ALONE_MILLIS} ms when there are too few: the pool under test does not run that
     * many children at once, and waiting longer would only slow the test down.
     */
    private static int rendezvous(long pid) throws IOException, InterruptedException {
        int wanted = Integer.getInteger(RENDEZVOUS, 1);
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(Long.getLong(RENDEZVOUS_WAIT, 30_000));
        long aloneNanos = TimeUnit.MILLISECONDS.toNanos(ALONE_MILLIS);
        long holdNanos = TimeUnit.MILLISECONDS.toNanos(Long.getLong(HOLD, 0));
        Path marker = touch("running", pid);
        try {
            int most = 0;
            long start = System.nanoTime();
            while (true) {
                most = Math.max(most, count("running"));
                if (most >= wanted) {
                    // Tell the others: one of them may have polled just before this one's marker
                    // appeared, and this one may be gone before it polls again.
                    touch("met", most);
                    break;
                }
                int met = pidsOrCounts("met").stream().mapToInt(Long::intValue).max().orElse(0);
                if (met >= wanted) {
                    most = Math.max(most, met);
                    break;
                }
                long waited = System.nanoTime() - start;
                if (waited > waitNanos || (waited > aloneNanos && siblings() < wanted)) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            long holdStart = System.nanoTime();
            while (System.nanoTime() - holdStart < holdNanos) {
                most = Math.max(most, count("running"));
                TimeUnit.MILLISECONDS.sleep(10);
            }
            return most;
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    /** The running child processes of this one's parent, this one included. */
    private static long siblings() {
        return ProcessHandle.current().parent()
                .map(parent -> parent.children().filter(ChildWatch::isRunning).count())
                .orElse(1L);
    }

    /** Blocks forever; a shutdown hook blocks too, so that SIGTERM (Process.destroy()) does not end it. */
    private static void hang(long pid, String markerFolder) throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(MAX_LIFETIME_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        touch(markerFolder, pid);
        Thread.sleep(MAX_LIFETIME_MILLIS);
    }

    private static List<String> grandchildCommand(String input) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String property : List.of(DIR, OWNER)) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), FixtureChild.class.getName(), "hang:grandchild-of-" + input));
        return command;
    }

    private static Path folder(String name) throws IOException {
        String dir = System.getProperty(DIR);
        if (dir == null) {
            throw new IllegalStateException("run fixture children with -D" + DIR + "=<folder> (ChildWatch.fixtureOptions())");
        }
        return Files.createDirectories(Path.of(dir, name));
    }

    private static Path touch(String folder, long name) throws IOException {
        return Files.writeString(folder(folder).resolve(Long.toString(name)), "");
    }

    private static List<Long> pidsOrCounts(String folder) throws IOException {
        try (Stream<Path> files = Files.list(folder(folder))) {
            return files.map(f -> Long.parseLong(f.getFileName().toString())).toList();
        }
    }

    private static int count(String folder) throws IOException {
        try (Stream<Path> files = Files.list(folder(folder))) {
            return (int) files.count();
        }
    }

    /** Ends this JVM at once (no shutdown hooks) when the test JVM is gone or the lifetime is up. */
    private static void startWatchdog() {
        long born = System.nanoTime();
        Long owner = Long.getLong(OWNER);
        Thread watchdog = new Thread(() -> {
            while (true) {
                boolean ownerGone = owner != null && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false) == false;
                boolean tooOld = System.nanoTime() - born > TimeUnit.MILLISECONDS.toNanos(MAX_LIFETIME_MILLIS);
                if (ownerGone || tooOld) {
                    Runtime.getRuntime().halt(99);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fixture-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
