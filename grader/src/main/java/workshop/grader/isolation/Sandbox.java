package workshop.grader.isolation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import workshop.grader.cli.SubmissionSource;
import workshop.grader.worker.Worker;

/**
 * What the operating system can add to the grader's own limits on this machine, found out once per
 * run, and the command line that wraps a worker JVM in it. The JVM has no SecurityManager any more
 * (gone in JDK 24), so whatever the JVM cannot contain, the OS must:
 *
 * <ul>
 *   <li><b>bubblewrap</b> ({@code bwrap}), when installed and working: the worker sees only the
 *       system folders, the JDK and the grader (read-only) and its own folder (writable), a private
 *       {@code /tmp}, no network, and its own PID namespace (so killing it kills everything it started);
 *   <li><b>a separate user</b> when the grader runs as root ({@code setpriv}): the worker runs as an
 *       unprivileged uid of its own per job slot, so it can write only its own folder and world-writable
 *       ones, and the kernel's process limit counts only its own threads and processes;
 *   <li><b>resource limits</b> ({@code prlimit}): processes and threads (RLIMIT_NPROC, when the kernel
 *       applies it: not to root), file size, open files, no core dumps;
 *   <li><b>its own session</b> ({@code setsid}): one process group to kill at the end.
 * </ul>
 *
 * Everything else is contained by the worker itself ({@link Worker}) and by the grader's time limit.
 */
public final class Sandbox {

    /** What the user asked for with {@code --sandbox}. */
    public enum Mode {
        /** Everything available here. */
        AUTO,
        /** bubblewrap, or fail. */
        BWRAP,
        /** A separate user (needs root), or fail. */
        USER,
        /** Neither: only resource limits, the session, and the grader's own limits. */
        PLAIN
    }

    /**
     * One line of the containment report.
     *
     * @param aspect what could go wrong ("files written outside the folder")
     * @param contained whether it is stopped on this machine
     * @param how how, or why not
     */
    public record Measure(String aspect, boolean contained, String how) {}

    /** The first uid used for the separate users (one per job slot); far above any real account. */
    static final int FIRST_UID = 2_100_000_000;
    /** The largest file a submission may write. */
    static final long MAX_FILE_BYTES = 256L << 20;
    /** The most a submission may write to disk in all (its folder, and with a separate user the temp folders). */
    public static final long MAX_DISK_BYTES = 512L << 20;
    /** The most files a submission may leave in its folder (beyond it, the disk check itself would be slow). */
    static final int MAX_FILES = 20_000;
    /** How many uids the separate users are leased from. */
    static final int UIDS = 1 << 16;
    /** Where the workers' channel sockets go (short paths: a socket's path has at most 107 bytes). */
    public static final Path SOCKETS = Path.of("/tmp");
    /** World-writable folders where a submission may leave files, swept when it ends. */
    static final List<Path> TEMP_FOLDERS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
    /** The most open files per process. */
    static final int MAX_OPEN_FILES = 4096;
    /** Room for child processes' own threads on top of {@code maxThreads}, under RLIMIT_NPROC. */
    static final int CHILD_TASKS = 1024;

    private final boolean linux;
    private final boolean root;
    private final String user;
    private final Optional<String> bwrap;
    private final String bwrapNote;
    private final boolean bwrapSize;
    private final boolean separateUser;
    private final String userNote;
    private final Optional<String> prlimit;
    private final Optional<String> setsid;
    private final Limits limits;
    private Path runFolder;

    /** The grader's own limits, which the sandbox report describes too. */
    public record Limits(int jobs, int timeoutSeconds, int memoryMb, int maxThreads, int maxProcesses, int outputKeepBytes) {}

    private Sandbox(boolean linux, boolean root, String user, Optional<String> bwrap, String bwrapNote, boolean bwrapSize,
            boolean separateUser, String userNote, Optional<String> prlimit, Optional<String> setsid, Limits limits) {
        this.linux = linux;
        this.root = root;
        this.user = user;
        this.bwrap = bwrap;
        this.bwrapNote = bwrapNote;
        this.bwrapSize = bwrapSize;
        this.separateUser = separateUser;
        this.userNote = userNote;
        this.prlimit = prlimit;
        this.setsid = setsid;
        this.limits = limits;
    }

    /**
     * Finds out what this machine offers.
     *
     * @param mustReach paths the worker must be able to read (the JDK, the grader) and the run folder
     * @throws IllegalArgumentException when {@code mode} asks for something this machine lacks
     */
    public static Sandbox probe(Mode mode, Limits limits, List<Path> mustReach, Path runFolder) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        boolean root = linux && uid() == 0;
        String user = System.getProperty("user.name", "?");
        Optional<String> setsid = linux ? onPath("setsid") : Optional.empty();
        Optional<String> prlimit = linux ? onPath("prlimit") : Optional.empty();

        boolean separateUser = false;
        String userNote;
        Optional<String> setpriv = linux ? onPath("setpriv") : Optional.empty();
        if (mode == Mode.PLAIN || mode == Mode.BWRAP && !root) {
            userNote = mode == Mode.PLAIN ? "not used (--sandbox plain)" : "not used (the grader does not run as root)";
        } else if (!root) {
            userNote = "not available: the grader does not run as root, so it cannot switch users";
        } else if (setpriv.isEmpty()) {
            userNote = "not available: setpriv (util-linux) is not installed";
        } else {
            List<String> check = new ArrayList<>(setprivCommand(setpriv.get(), FIRST_UID));
            check.addAll(List.of("/bin/sh", "-c", "for p in \"$@\"; do if [ -d \"$p\" ]; then test -x \"$p\" || exit 1;"
                    + " else test -r \"$p\" || exit 1; fi; done", "sh"));
            mustReach.forEach(p -> check.add(p.toString()));
            check.add(runFolder.toString());
            separateUser = succeeds(check);
            userNote = separateUser ? "a uid of its own per job, leased from " + FIRST_UID
                    : "not usable: an unprivileged user cannot read the JDK, the grader jar or the run folder here";
        }
        if (mode == Mode.USER && !separateUser) {
            throw new IllegalArgumentException("--sandbox user: a separate user is " + userNote);
        }

        Optional<String> bwrap = Optional.empty();
        String bwrapNote;
        boolean bwrapSize = false;
        Optional<String> found = linux ? onPath("bwrap") : Optional.empty();
        if (mode == Mode.PLAIN || mode == Mode.USER) {
            bwrapNote = "not used (--sandbox " + mode.name().toLowerCase(Locale.ROOT) + ")";
        } else if (found.isEmpty()) {
            bwrapNote = linux ? "not installed (apt-get install bubblewrap, or your distribution's package)"
                    : "not available on " + System.getProperty("os.name");
        } else {
            List<String> check = new ArrayList<>(separateUser ? setprivCommand(setpriv.orElseThrow(), FIRST_UID) : List.of());
            check.addAll(List.of(found.get(), "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net", "--die-with-parent",
                    "--new-session", "--proc", "/proc", "--dev", "/dev", "true"));
            if (succeeds(check)) {
                bwrap = found;
                bwrapNote = "bubblewrap " + found.get();
                List<String> sizeCheck = new ArrayList<>(check);
                sizeCheck.addAll(sizeCheck.size() - 1, List.of("--size", "1048576", "--tmpfs", "/tmp"));
                bwrapSize = succeeds(sizeCheck);
            } else {
                bwrapNote = "installed at " + found.get() + " but not usable here (user namespaces disabled?)";
            }
        }
        if (mode == Mode.BWRAP && bwrap.isEmpty()) {
            throw new IllegalArgumentException("--sandbox bwrap: bubblewrap is " + bwrapNote);
        }
        Sandbox sandbox = new Sandbox(linux, root, user, bwrap, bwrapNote, bwrapSize, separateUser, userNote, prlimit, setsid, limits);
        sandbox.runFolder = runFolder.toAbsolutePath();
        return sandbox;
    }

    /**
     * Whether the workers cannot write files the grader's user made read-only to others (bubblewrap binds
     * them read-only; a separate user does not own them): then they may map the class-data archive.
     */
    public boolean workersCannotWrite() {
        return bwrap.isPresent() || separateUser;
    }

    /**
     * Whether bubblewrap opens the files it binds read-only as the grader's own user, so it may bind them from
     * the grader's home folder: with a separate user it runs as that user, who cannot pass through a home
     * folder of mode 700 (root's).
     */
    public boolean bindsAsTheGrader() {
        return bwrap.isPresent() && !separateUser;
    }

    boolean separateUser() {
        return separateUser;
    }

    /**
     * A user of its own for one job, when {@link #separateUser()}: no other job, of this grader run or of
     * another on the same machine, gets that uid while this job, or anything it started, may still run.
     * The lock of a file under {@link #LEASES} holds it (the kernel drops the lock if the grader dies),
     * and it is let go only once every process of the uid is gone.
     *
     * @param uid the worker's uid, or -1 without separate users
     */
    public record Lease(int uid, java.nio.channels.FileChannel lock) {}

    /** Where the uid leases are, shared by every grader run on the machine (root's, like the separate users). */
    static final Path LEASES = Path.of("/run/workshop-grader/uids");

    /** Leases a uid for one job (see {@link Lease}); without separate users, a lease of nothing. */
    public Lease lease() throws IOException {
        if (!separateUser) {
            return new Lease(-1, null);
        }
        Path folder = leaseFolder();
        for (int i = 0; i < UIDS; i++) {
            int uid = FIRST_UID + i;
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(folder.resolve(uid + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by another job of this grader run
            }
            if (lock == null) {
                channel.close();
                continue;
            }
            // Free, but a grader that died may have left processes or files of this uid behind.
            ProcessTree.killUser(uid, Set.of());
            sweepHostTemp(uid);
            return new Lease(uid, channel);
        }
        throw new IOException("all " + UIDS + " job uids from " + FIRST_UID + " are in use");
    }

    private static Path leaseFolder() throws IOException {
        Path folder = Files.createDirectories(LEASES);
        var attributes = Files.readAttributes(folder, java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !attributes.owner().getName().equals("root")
                || attributes.permissions().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(LEASES + " must be a folder of root's that others cannot write");
        }
        return folder;
    }

    /**
     * Ends a job's lease: kills what still runs as its uid, deletes what it left in the temp folders,
     * and lets the uid go. Returns what it found, for the report.
     */
    public List<String> release(Lease lease) {
        if (lease.uid() < 0) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        try {
            ProcessTree.killUser(lease.uid(), Set.of());
            List<String> left = sweepHostTemp(lease.uid());
            if (!left.isEmpty()) {
                notes.add("your code left " + left.size() + " file(s) in the temp folders, deleted after grading: "
                        + String.join(", ", left.subList(0, Math.min(5, left.size()))) + (left.size() > 5 ? ", ..." : ""));
            }
        } finally {
            try {
                lease.lock().close();
            } catch (IOException e) {
                // Closing drops the lock; nothing else to do.
            }
        }
        return notes;
    }

    /**
     * Kills every process that still runs as the lease's uid; the command names of those it killed,
     * but for {@code ours} (the worker's JVM and its sandbox).
     */
    public List<String> killLeftovers(Lease lease, Set<Long> ours) {
        return lease.uid() < 0 ? List.of() : ProcessTree.killUser(lease.uid(), ours);
    }

    /** Deletes what the lease's uid owns in the temp folders (nothing without a separate user). */
    public void sweepTemp(Lease lease) {
        if (lease.uid() >= 0) {
            sweepHostTemp(lease.uid());
        }
    }

    /**
     * Deletes what {@code uid} owns in the machine's temp folders, where it could have written them: only
     * without bubblewrap. Inside it a job sees a private /tmp and /dev/shm and no /var/tmp, so it cannot
     * write there, and walking a big /tmp (tens of thousands of entries on a busy machine) cost seconds
     * per job. A file left by a job of a grader run without bubblewrap that died stays until the next
     * such run leases that uid; no job inside bubblewrap can see it.
     */
    private List<String> sweepHostTemp(int uid) {
        return bwrap.isPresent() ? List.of() : sweep(uid, runFolder);
    }

    /** Deletes what {@code uid} owns in the temp folders (a few levels deep) but the grader's own; the paths it deleted. */
    private static List<String> sweep(int uid, Path runFolder) {
        List<String> deleted = new ArrayList<>();
        for (Path root : TEMP_FOLDERS) {
            if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root, 4)) {
                for (Path p : walk.toList()) {
                    if (!p.equals(root) && !p.startsWith(runFolder) && !runFolder.startsWith(p) && ownedBy(p, uid)) {
                        SubmissionSource.deleteTree(p);
                        deleted.add(p.toString());
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // A folder we may not read, or gone meanwhile: what could be reached was swept.
            }
        }
        return deleted;
    }

    private static boolean ownedBy(Path p, int uid) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).intValue() == uid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * How much the job has written: its folder, and (with a separate user but no bubblewrap, whose
     * private /tmp is capped itself) what its uid owns in the temp folders. Past {@link #MAX_FILES}
     * files the count stops and reports the cap exceeded.
     */
    public long bytesWritten(Path jobFolder, Lease lease) {
        long[] total = {0, 0};
        List<Path> roots = new ArrayList<>(List.of(jobFolder));
        if (lease.uid() >= 0 && bwrap.isEmpty()) {
            for (Path temp : TEMP_FOLDERS) {
                try (Stream<Path> list = Files.list(temp)) {
                    list.filter(p -> !p.startsWith(runFolder) && !runFolder.startsWith(p) && ownedBy(p, lease.uid())).forEach(roots::add);
                } catch (IOException | RuntimeException e) {
                    // Not there, or not readable.
                }
            }
        }
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                        total[0] += a.size();
                        return ++total[1] > MAX_FILES ? java.nio.file.FileVisitResult.TERMINATE : java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // Gone meanwhile.
            }
        }
        return total[1] > MAX_FILES ? Long.MAX_VALUE : total[0];
    }

    /**
     * The full command that runs {@code java} (the worker's JVM command line) inside the sandbox.
     *
     * @param jobFolder the submission's throw-away folder: the only one it may write
     * @param readOnly what it must read: the JDK, the grader
     */
    public List<String> wrap(List<String> java, Path jobFolder, List<Path> readOnly, Path workingFolder, Lease lease,
            Path channelFolder) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(command::add);
        if (separateUser) {
            command.addAll(setprivCommand(onPath("setpriv").orElseThrow(), lease.uid()));
        }
        if (prlimit.isPresent()) {
            command.add(prlimit.get());
            nprocLimit().ifPresent(n -> command.add("--nproc=" + n));
            command.add("--fsize=" + MAX_FILE_BYTES);
            command.add("--nofile=" + MAX_OPEN_FILES);
            command.add("--core=0");
            command.add("--");
        }
        if (bwrap.isPresent()) {
            command.addAll(List.of(bwrap.get(), "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
                    "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grader"));
            for (String system : List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
                command.addAll(List.of("--ro-bind-try", system, system));
            }
            for (String etc : etcFiles()) {
                command.addAll(List.of("--ro-bind-try", etc, etc));
            }
            command.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
            if (bwrapSize) {
                command.addAll(List.of("--size", String.valueOf(MAX_FILE_BYTES)));
            }
            // The private /tmp first: the JDK, the grader and the job folder may live under /tmp
            // (a CI checkout, say), and a tmpfs mounted after their binds would hide them.
            command.addAll(List.of("--tmpfs", "/tmp"));
            Set<String> bound = new LinkedHashSet<>();
            for (Path p : readOnly) {
                Path real = realPath(p);
                if (bound.add(real.toString())) {
                    command.addAll(List.of("--ro-bind", real.toString(), real.toString()));
                }
                if (!real.equals(p.toAbsolutePath()) && bound.add(p.toAbsolutePath().toString())) {
                    command.addAll(List.of("--ro-bind", real.toString(), p.toAbsolutePath().toString()));
                }
            }
            command.addAll(List.of("--bind", jobFolder.toString(), jobFolder.toString()));
            command.addAll(List.of("--bind", channelFolder.toString(), channelFolder.toString()));
            command.addAll(List.of("--chdir", workingFolder.toString()));
        }
        command.addAll(java);
        return command;
    }

    /** The RLIMIT_NPROC to set, when the kernel applies it to the worker's user. */
    private Optional<Long> nprocLimit() {
        if (separateUser) {
            return Optional.of((long) limits.maxThreads() + CHILD_TASKS);
        }
        if (root || !linux) {
            return Optional.empty(); // the kernel does not apply RLIMIT_NPROC to root
        }
        // It counts every thread of this user: leave room for what already runs, and for parallel jobs.
        return Optional.of(userTasks() + (long) limits.jobs() * (limits.maxThreads() + CHILD_TASKS));
    }

    /** The containment report for this machine. */
    public List<Measure> measures() {
        List<Measure> m = new ArrayList<>();
        String killed = "the whole process tree is killed"
                + (bwrap.isPresent() ? " (its own PID namespace)" : setsid.isPresent() ? " (its own session and process group)"
                        : " (every descendant the grader can see)");
        m.add(new Measure("endless loops and deadlocks", true, "each hidden test has its own time limit, each exercise "
                + limits.timeoutSeconds() + " s of wall-clock time in all; when that runs out " + killed
                + " and the other exercises are graded in a fresh JVM"));
        m.add(new Measure("System.exit", true, "it ends only the grading JVM; the test that called it fails, and the rest "
                + "run in a fresh JVM"));
        m.add(new Measure("heap memory", true, "-Xmx" + limits.memoryMb() + "m; a test that runs out ends the JVM, fails,"
                + " and the rest run in a fresh JVM"));
        m.add(new Measure("memory outside the heap", false, "not limited: thread stacks, native memory and child"
                + " processes' memory are not capped (no cgroup is used)"));
        Optional<Long> nproc = nprocLimit().filter(n -> prlimit.isPresent());
        m.add(new Measure("thread bombs", true, "the worker stops itself above " + limits.maxThreads()
                + " live platform threads (checked every 25 ms); " + (nproc.isPresent()
                        ? "the kernel also caps " + (separateUser ? "the worker's user" : "user " + user) + " at " + nproc.get()
                                + " threads and processes (RLIMIT_NPROC)"
                        : "no kernel cap (RLIMIT_NPROC " + (root ? "does not apply to root" : "is not available") + ")")));
        m.add(new Measure("fork bombs and child processes", true, "the worker stops itself above "
                + limits.maxProcesses() + " child processes (checked every 0.5 s) and " + killed
                + (nproc.isPresent() ? "; RLIMIT_NPROC caps the total" : "; no kernel cap on the number of processes")));
        m.add(new Measure("output flooding", true, "System.out and System.err are counted, and the first "
                + (limits.outputKeepBytes() >> 10) + " KB of each test's output kept; the worker's own stdout and stderr"
                + " are read with a cap as well"));
        m.add(new Measure("large files", prlimit.isPresent(), prlimit.isPresent()
                ? "no file larger than " + (MAX_FILE_BYTES >> 20) + " MB (RLIMIT_FSIZE)" : "not limited (prlimit is not installed)"));
        m.addAll(fileMeasures());
        m.add(new Measure("secrets in the environment", true, "the grading JVM starts with a clean environment"
                + " (PATH, HOME, TMPDIR, LANG, LC_ALL only): no tokens or credentials of yours"));
        m.addAll(classmateMeasures());
        m.add(new Measure("disk space", true, "at most " + (MAX_DISK_BYTES >> 20) + " MB in all and " + MAX_FILES
                + " files (checked every second" + (separateUser && bwrap.isEmpty() ? ", temp folders included" : "")
                + "; past it the JVM is stopped and the test fails)"));
        m.add(new Measure("forged verdicts", true, "the grader believes one verdict per planned test, for the test the"
                + " worker said it started, with its own name and points, signed with the JVM's key; anything else scores"
                + " the exercise 0 as tampering. The key and JUnit live in named modules the submission's code cannot"
                + " open by reflection (no agent, no attach, Unsafe memory access and native access denied"
                + (Runtime.version().feature() >= 24 ? "" : " where the JDK allows: this one is " + Runtime.version().feature()
                        + ", use JDK 24 or newer") + ")"));
        m.add(new Measure("the grader itself", false, "what the JDK cannot stop: the submission's code can read the"
                + " worker's memory through /proc/self/mem and so, with work, find the key; it shares the hidden tests'"
                + " class loader, so it can read them (and print them). See docs/grading-safety.md, and keep the grader"
                + " jar private"));
        return m;
    }

    /** What holds between jobs: processes and files one leaves behind, and what they could reach. */
    private List<Measure> classmateMeasures() {
        List<Measure> m = new ArrayList<>();
        m.add(new Measure("processes left running", separateUser || bwrap.isPresent(), separateUser
                ? "each job runs as a uid no other job uses meanwhile; when its JVM ends, every process of that uid is"
                        + " killed and named in the report" + (bwrap.isPresent() ? " (and bubblewrap's PID namespace ends them too)" : "")
                : bwrap.isPresent() ? "bubblewrap's PID namespace: when the JVM ends, everything it started ends with it"
                : "partly: its process group and every descendant still attached are killed; a process that started a"
                        + " session of its own (setsid) and lost its parent escapes. Run as root, or install bubblewrap"));
        m.add(new Measure("a classmate's grading", separateUser || bwrap.isPresent(), "verdicts travel on a socket of"
                + " their own, each signed with a key made afresh for that JVM" + (separateUser
                        ? "; jobs never share a uid, so one cannot signal, trace or read another's processes or folder"
                        : bwrap.isPresent() ? "; bubblewrap hides other jobs' processes and folders"
                        : "; but every job runs as " + user + ", so a process one leaves behind can read another's files")));
        m.add(new Measure("files left in temp folders", separateUser || bwrap.isPresent(), bwrap.isPresent()
                ? "bubblewrap: a private /tmp and /dev/shm, thrown away with the job"
                : separateUser ? "what the job's uid owns in /tmp, /var/tmp and /dev/shm is deleted when the job ends"
                : "not swept: without a separate user the grader cannot tell the submission's files from others'"));
        return m;
    }

    /** What holds for the files and the network: bubblewrap contains them, a separate user partly, nothing else does. */
    private List<Measure> fileMeasures() {
        List<Measure> m = new ArrayList<>();
        String detected = " Reads and writes by the submission's code outside its folder are detected (JDK Flight Recorder)"
                + " and listed; deleting, renaming and creating empty files are not.";
        if (bwrap.isPresent()) {
            m.add(new Measure("files written outside its folder", true, "bubblewrap: only its own folder and a private /tmp"
                    + " are writable." + detected));
            m.add(new Measure("files read outside its folder", true, "bubblewrap: it sees only /usr, /bin, /lib*, a few"
                    + " files of /etc, the JDK and the grader (read-only), and its own folder; not other submissions,"
                    + " not your home folder"));
            m.add(new Measure("network", true, "bubblewrap: a network namespace of its own, with no network"));
        } else if (separateUser) {
            m.add(new Measure("files written outside its folder", true, "partly: it runs as a separate unprivileged user,"
                    + " so it can write only files it owns and world-writable folders (/tmp, /var/tmp, /dev/shm)."
                    + detected + " Install bubblewrap to contain it fully (" + bwrapNote + ")"));
            m.add(new Measure("files read outside its folder", false, "it runs as a separate user, but can still read every"
                    + " world-readable file (other submissions too, if they are world-readable). Install bubblewrap"
                    + " (" + bwrapNote + ")." + detected));
            m.add(new Measure("network", false, "not contained (bubblewrap " + bwrapNote + ")"));
        } else {
            m.add(new Measure("files written outside its folder", false, "not contained: it runs as " + user
                    + " and can write wherever " + user + " can; it only starts in a throw-away folder (also its HOME"
                    + " and temporary folder)." + detected + " bubblewrap: " + bwrapNote + "; separate user: " + userNote));
            m.add(new Measure("files read outside its folder", false, "not contained: it can read whatever " + user
                    + " can." + detected));
            m.add(new Measure("network", false, "not contained (bubblewrap: " + bwrapNote + ")"));
        }
        return m;
    }

    /** How the report should describe a file access outside the folder that the worker recorded. */
    public String describeAccess(String kind, String path) {
        if (bwrap.isPresent() && kind.equals("write")) {
            return kind + " " + path + " outside its folder (contained: it landed in bubblewrap's private /tmp,"
                    + " thrown away afterwards)";
        }
        return kind + " " + path + " outside its folder";
    }

    /**
     * The warning an instructor's report starts with when this machine graded without bubblewrap
     * (empty when bubblewrap was used).
     */
    public Optional<String> warning() {
        if (bwrap.isPresent()) {
            return Optional.empty();
        }
        return Optional.of("WARNING: graded WITHOUT bubblewrap (" + bwrapNote + "): submissions were contained only by"
                + " limits, timeouts" + (separateUser ? " and separate users" : "") + ", which the attacks table of"
                + " docs/grading-safety.md says do not stop everything. Install bubblewrap and grade again before"
                + " trusting these scores.");
    }

    /** One line for the terminal. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(bwrap.isPresent() ? "bubblewrap" : "no bubblewrap (" + bwrapNote + ")");
        parts.add(separateUser ? "separate users" : "no separate user");
        parts.add(prlimit.isPresent() ? "prlimit" + (nprocLimit().isPresent() ? " with RLIMIT_NPROC" : "") : "no prlimit");
        parts.add(setsid.isPresent() ? "own session" : "no setsid");
        return String.join(", ", parts);
    }

    /**
     * Closes a submission's folder to everyone but its worker's user, so that with separate users one
     * submission cannot read another's (bubblewrap hides them anyway).
     */
    public void closeToOthers(Path jobFolder) throws IOException {
        if (separateUser && Files.getFileAttributeView(jobFolder, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(jobFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Hands a folder, and all in it, to the worker's user, when there is one. */
    public void handOver(Path jobFolder, Lease lease) throws IOException {
        if (lease.uid() < 0) {
            return;
        }
        try (Stream<Path> walk = Files.walk(jobFolder)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", lease.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", lease.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static List<String> setprivCommand(String setpriv, int uid) {
        return List.of(setpriv, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--");
    }

    private static List<String> etcFiles() {
        List<String> etc = new ArrayList<>(List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                "/etc/localtime", "/etc/timezone", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/alternatives"));
        try (Stream<Path> list = Files.list(Path.of("/etc"))) {
            list.filter(p -> p.getFileName().toString().startsWith("java")).forEach(p -> etc.add(p.toString()));
        } catch (IOException | RuntimeException e) {
            // No /etc/java*: nothing of the JDK's lives there.
        }
        return etc;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** This process's real uid, from /proc (Linux). */
    private static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown: assume not root.
        }
        return -1;
    }

    /** How many threads (tasks) this process's user runs now, all processes together. */
    private static long userTasks() {
        long uid = uid();
        long tasks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    long owner = -2;
                    long threads = 0;
                    for (String line : Files.readAllLines(proc.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            owner = Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                        } else if (line.startsWith("Threads:")) {
                            threads = Long.parseLong(line.substring(8).strip());
                        }
                    }
                    if (owner == uid) {
                        tasks += threads;
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended meanwhile.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return tasks;
    }

    static Optional<String> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + File.pathSeparator + "/usr/bin:/bin:/usr/sbin:/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath().toString());
            }
        }
        return Optional.empty();
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
