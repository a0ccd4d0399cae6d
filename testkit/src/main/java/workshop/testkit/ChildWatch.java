package workshop.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Watches the child processes that code under test starts, so a test can check a process pool by
 * counting instead of timing: how many children were alive at once, which pids they had, and
 * whether any of them, or any process they started, is still alive after the pool returned.
 *
 * <p>Only the children of one test are counted: their command line carries the watch's
 * {@code -Dworkshop.fixture.dir=...} option ({@link #markerOptions()}, included in
 * {@link #fixtureOptions(int, long)}). A thread samples this JVM's child processes every 20 ms or so.
 * Sampling can miss a short-lived child, so the counts are lower bounds: they prove that so many
 * children were alive at once, never that fewer were. Tests use them to catch too many children
 * (a cap), and prove overlap with the fixture children's own rendezvous.
 *
 * <p>{@link #close()} kills whatever is still alive, so a wrong implementation under test leaves
 * nothing behind for the next test. Types of the exercise packages are deliberately not used here:
 * the grader loads those in a class loader of its own.
 */
public final class ChildWatch implements AutoCloseable {

    /** How long killed children get to disappear before a test calls them leaked. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    private static final long SAMPLE_MILLIS = 20;

    private final Path dir;
    private final String marker;
    private final Thread sampler;
    private final Map<Long, ProcessHandle> children = new ConcurrentHashMap<>();
    private final Map<Long, ProcessHandle> descendants = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private int alive;
    private int maxAlive;
    private volatile boolean stopped;

    private ChildWatch(Path dir) {
        this.dir = dir;
        this.marker = "-D" + FixtureChild.DIR + "=" + dir;
        this.sampler = new Thread(this::sampleUntilStopped, "child-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching, with a new empty folder for the fixture children. */
    public static ChildWatch start() {
        try {
            return new ChildWatch(Files.createTempDirectory("workshop-children-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The option that marks a child as this watch's: add it to any program the test runs. */
    public List<String> markerOptions() {
        return List.of(marker);
    }

    /**
     * The JVM options for {@link FixtureChild} children of this watch: the marker, this JVM's pid
     * (children end themselves when it is gone), and a rendezvous of {@code rendezvous} {@code ok}
     * children that each stay {@code holdMillis} ms after it.
     */
    public List<String> fixtureOptions(int rendezvous, long holdMillis) {
        return List.of(marker,
                "-D" + FixtureChild.OWNER + "=" + ProcessHandle.current().pid(),
                "-D" + FixtureChild.RENDEZVOUS + "=" + rendezvous,
                "-D" + FixtureChild.HOLD + "=" + holdMillis);
    }

    /** {@link #fixtureOptions(int, long)} with no rendezvous and no hold. */
    public List<String> fixtureOptions() {
        return fixtureOptions(1, 0);
    }

    /** The most children of this watch that were alive at the same time. */
    public int maxAlive() {
        synchronized (lock) {
            return maxAlive;
        }
    }

    /** The children of this watch alive at the last sample. */
    public int alive() {
        synchronized (lock) {
            return alive;
        }
    }

    /** The pids of every direct child of this JVM that the watch has seen. */
    public Set<Long> childPids() {
        return Set.copyOf(children.keySet());
    }

    /** The pids of the {@code hang} and {@code spawn} fixture children that have started. */
    public Set<Long> hangingPids() {
        return pidsIn("hanging");
    }

    /** The pids of the grandchildren that {@code spawn} fixture children started. */
    public Set<Long> grandchildPids() {
        return pidsIn("grandchildren");
    }

    /**
     * Waits until {@code hanging} {@code hang}/{@code spawn} children have started (and
     * {@code grandchildren} grandchildren), for at most {@code limit}, or until {@code giveUp} says
     * so (the code under test returned early); returns whether they started.
     */
    public boolean awaitHanging(int hanging, int grandchildren, Duration limit, BooleanSupplier giveUp)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (hangingPids().size() < hanging || grandchildPids().size() < grandchildren) {
            if (System.nanoTime() > deadline || giveUp.getAsBoolean()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    /**
     * Waits up to {@code grace} for every process of this watch (the children it saw, their
     * descendants, the grandchildren the fixtures recorded) to end, and describes those still
     * running: "child 1234: java ... FixtureChild hang:a". Zombies (ended, not yet reaped) count as
     * ended.
     */
    public List<String> stillRunningAfter(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> running = running();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            running = running();
        }
        return running;
    }

    private List<String> running() {
        sampleOnce();
        List<String> running = new ArrayList<>();
        Set<Long> grandchildren = grandchildPids();
        Set<Long> all = new java.util.TreeSet<>(children.keySet());
        all.addAll(descendants.keySet());
        all.addAll(grandchildren);
        for (long pid : all) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && isRunning(handle.get())) {
                String what = children.containsKey(pid) ? "child" : "process started by a child";
                running.add(what + " " + pid + ": " + describe(handle.get()));
            }
        }
        return running;
    }

    /** Stops watching, kills every process of this watch still running, and deletes the folder. */
    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleOnce();
        Set<Long> all = new java.util.HashSet<>(children.keySet());
        all.addAll(descendants.keySet());
        all.addAll(grandchildPids());
        all.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    private void sampleUntilStopped() {
        while (!stopped) {
            long start = System.nanoTime();
            sampleOnce();
            // A sample scans the process table: where it is long, sample less often, so that the
            // watch never takes more than a third of a core from the children it watches.
            long scanMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            try {
                TimeUnit.MILLISECONDS.sleep(Math.max(SAMPLE_MILLIS, 2 * scanMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        int now = 0;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            if (isOurs(child) && isRunning(child)) {
                children.putIfAbsent(child.pid(), child);
                now++;
                child.descendants().filter(d -> isRunning(d) && isOurs(d)).forEach(d -> descendants.putIfAbsent(d.pid(), d));
            }
        }
        synchronized (lock) {
            alive = now;
            maxAlive = Math.max(maxAlive, now);
        }
    }

    private boolean isOurs(ProcessHandle process) {
        if (children.containsKey(process.pid()) || descendants.containsKey(process.pid())) {
            return true;
        }
        ProcessHandle.Info info = process.info();
        Optional<String[]> arguments = info.arguments();
        if (arguments.isPresent()) {
            return List.of(arguments.get()).contains(marker);
        }
        // Where the OS tells only a process's command line, or nothing (then every child of the
        // test JVM is taken for the pool's: the grader starts no other processes).
        return info.commandLine().map(line -> line.contains(marker)).orElse(true);
    }

    /**
     * Whether {@code process} still runs: alive, and, where {@code /proc} tells, not a zombie.
     * {@link ProcessHandle#isAlive()} alone calls a zombie alive, and a killed grandchild whose
     * parent died stays a zombie for good where process 1 does not reap orphans (some containers).
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat);
            // The state is the first field after the command name, which is in parentheses.
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (macOS, Windows), or the process just ended
        }
    }

    private static String describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String args = info.arguments().map(a -> String.join(" ", a)).orElse("");
        String command = info.command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
        String lastArgs = args.length() > 80 ? "..." + args.substring(args.length() - 80) : args;
        return command + " " + lastArgs;
    }

    private Set<Long> pidsIn(String folder) {
        Path path = dir.resolve(folder);
        if (!Files.isDirectory(path)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.map(f -> Long.parseLong(f.getFileName().toString())).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
