package workshop.grader.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Ends a worker and everything it started; reads a stream without ever keeping more than a cap of it. */
public final class ProcessTree {

    private ProcessTree() {}

    /**
     * Kills {@code process} and all its descendants with SIGKILL: first every process group among
     * them (the worker has a session of its own, so a child whose parent already died is still
     * found through its group), then each process the JDK can see. Waits briefly for them to go.
     */
    public static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        long ownGroup = processGroup(ProcessHandle.current().pid()).orElse(-1L);
        Set<Long> groups = new LinkedHashSet<>();
        for (ProcessHandle p : all) {
            processGroup(p.pid()).filter(g -> g > 1 && g != ownGroup).ifPresent(groups::add);
        }
        for (long group : groups) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // No kill command: the handles below still work for what the JDK can see.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
        awaitGone(all, 5000); // still going after that: unkillable in the kernel, nothing more to do
    }

    /**
     * Whether {@code p} still runs: it exists and is not a zombie (a process that has ended and only
     * waits for its parent to collect its exit status; it runs no code and holds no files).
     */
    static boolean running(ProcessHandle p) {
        if (!Files.isDirectory(PROC_SELF)) {
            return p.isAlive();
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone
        }
    }

    /**
     * Waits up to {@code millis} for every one of {@code processes} to stop {@link #running}, looking
     * every few milliseconds. (The JDK's {@code onExit} of a process that is not our child polls at
     * growing intervals, and counts a zombie as alive: over a second per killed process.)
     */
    private static void awaitGone(List<ProcessHandle> processes, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (processes.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Path PROC_SELF = Path.of("/proc/self");

    /** The process group of {@code pid}, from /proc (Linux only). */
    static Optional<Long> processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[2])); // state, ppid, pgrp
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Kills every process that runs as {@code uid} (a job's own user, which nothing else uses), over and
     * over until none is left (a fork loop races a single sweep), and says which they were.
     *
     * @param ours processes of the grader's own to kill without naming them (the worker's JVM and its sandbox)
     * @return the command names of the other processes that had to be killed, in the order found
     */
    static List<String> killUser(long uid, Set<Long> ours) {
        java.util.Map<Long, String> killed = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> found = new ArrayList<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                    if (owner(proc) == uid && handle.isPresent() && running(handle.get())) {
                        found.add(handle.get());
                        if (!ours.contains(pid)) {
                            killed.putIfAbsent(pid, command(proc));
                        }
                    }
                }
            } catch (IOException e) {
                break; // no /proc: not Linux, and no separate users either
            }
            if (found.isEmpty()) {
                break;
            }
            found.forEach(ProcessHandle::destroyForcibly);
            awaitGone(found, 2000); // the next round looks again
        }
        return List.copyOf(killed.values());
    }

    /** The real uid a process runs as, from /proc ({@code -1} when it is gone). */
    static long owner(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // It ended meanwhile.
        }
        return -1;
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The first and last bytes of a stream, and how many there were in all. */
    public static final class Kept {
        private final byte[] head;
        private final byte[] tail;
        private int headLength;
        private long total;

        public Kept(int keep) {
            head = new byte[keep];
            tail = new byte[keep];
        }

        public synchronized void append(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                append(buffer[i]);
            }
        }

        public synchronized void append(byte b) {
            if (headLength < head.length) {
                head[headLength++] = b;
            } else {
                tail[(int) ((total - head.length) % tail.length)] = b;
            }
            total++;
        }

        public synchronized String text() {
            StringBuilder out = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
            long beyond = total - head.length;
            if (beyond > 0) {
                int length = (int) Math.min(beyond, tail.length);
                byte[] last = new byte[length];
                for (int i = 0; i < length; i++) {
                    last[i] = tail[(int) ((total - length + i - head.length) % tail.length)];
                }
                if (beyond > tail.length) {
                    out.append("\n... (").append(beyond - tail.length).append(" bytes left out) ...\n");
                }
                out.append(new String(last, StandardCharsets.UTF_8));
            }
            return out.toString();
        }

        public synchronized long total() {
            return total;
        }
    }

    /**
     * Reads a stream to its end on a thread of its own (so the writer never blocks on a full pipe),
     * keeping its first and last {@code keep} bytes and counting the rest.
     */
    public static final class Drain {
        private final Kept kept;
        private final Thread thread;

        public Drain(InputStream in, int keep, String name) {
            kept = new Kept(keep);
            thread = Thread.ofPlatform().daemon().name(name).start(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        kept.append(buffer, n);
                    }
                } catch (IOException e) {
                    // The process is gone.
                }
            });
        }

        /** Waits up to {@code millis} for the stream to end, then returns what was kept. */
        public String textAfterWaiting(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return kept.text();
        }

        public long total() {
            return kept.total();
        }
    }
}
