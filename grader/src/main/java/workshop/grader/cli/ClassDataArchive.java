package workshop.grader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive for the worker JVMs (the JDK's CDS): the classes every worker loads
 * (the JDK's, javac's, JUnit's, Mockito's, ArchUnit's, the worker's own), parsed and verified once,
 * then mapped into each worker instead of being read from the jar and verified again. It saves each
 * worker JVM about a second of CPU, most of it before the first hidden test starts.
 *
 * <p>Where it comes from is what makes it safe to map into the JVM that runs the hidden tests:
 * <ul>
 *   <li>The grader makes it itself, with {@code -Xshare:dump} from the class list in its jar
 *       ({@value #CLASS_LIST}, written by the grading benchmark from a worker grading our
 *       solutions). A dump only loads and links the listed classes from the JDK and this jar: it
 *       runs no code of a submission, and no class of a submission is in the list.
 *   <li>It lives in the grader's user cache folder ({@code $XDG_CACHE_HOME/thread-pool-workshop}, or
 *       {@code ~/.cache/thread-pool-workshop}), which the grader's user owns and only it may write.
 *       An archive in a folder or file that anybody else may write, or that another user owns, is
 *       not used.
 *   <li>It is used only when the sandbox keeps the workers from writing it: bubblewrap binds it
 *       read-only, a separate user cannot write the grader's files. With {@code --sandbox plain} the
 *       worker runs as the grader's own user, so no archive is used.
 *   <li>Its name is a hash of everything it depends on (this JDK, the jar's path, size and time, the
 *       worker's JVM options); the JVM checks them again when it maps it ({@code -Xshare:auto}: a
 *       mismatch only means it is not used).
 * </ul>
 *
 * <p>When it is missing, it is made in the background while the grading starts; the workers started
 * after it is ready use it ({@code grade --prepare} makes it at once, as Gradescope's setup does).
 */
final class ClassDataArchive {

    /** The classes to archive, one name a line ({@code java/lang/Object}): a resource of the grader's jar. */
    static final String CLASS_LIST = "/workshop/grader/worker.classlist";
    /** How long a dump may take before it is given up. */
    static final long DUMP_SECONDS = 120;
    /** How many archives the cache folder keeps (one per grader jar, JDK and options). */
    static final int KEEP = 3;

    private final Path file;
    private final CompletableFuture<Optional<Path>> ready;

    private ClassDataArchive(Path file, CompletableFuture<Optional<Path>> ready) {
        this.file = file;
        this.ready = ready;
    }

    /** No archive: every worker loads its classes itself. */
    static ClassDataArchive none() {
        return new ClassDataArchive(null, CompletableFuture.completedFuture(Optional.empty()));
    }

    /**
     * The archive for workers started with {@code java}, {@code options} and the jar {@code jar}: the one
     * in {@code cache} when it is there and trustworthy, else one being made there in the background
     * (or, with {@code wait}, made before this returns).
     */
    static ClassDataArchive start(String java, List<String> options, Path jar, Path cache, boolean wait) {
        Optional<Path> folder = privateFolder(cache);
        if (folder.isEmpty() || ClassDataArchive.class.getResource(CLASS_LIST) == null) {
            return none();
        }
        Path file = folder.get().resolve("worker-" + key(java, options, jar) + ".jsa");
        if (trusted(file)) {
            return new ClassDataArchive(file, CompletableFuture.completedFuture(Optional.of(file)));
        }
        CompletableFuture<Optional<Path>> made = wait ? CompletableFuture.completedFuture(dump(java, options, jar, file))
                : CompletableFuture.supplyAsync(() -> dump(java, options, jar, file), runnable -> {
                    Thread thread = new Thread(runnable, "class-data-archive");
                    thread.setDaemon(true);
                    thread.start();
                });
        return new ClassDataArchive(file, made);
    }

    /**
     * The same archive, copied into {@code folder} once it is ready: for workers that run as another user
     * (with bubblewrap or without), who cannot pass through the grader's home folder to read it where it is kept.
     * The copy is the grader's, mode 644, in a folder the workers may not write.
     */
    ClassDataArchive copiedInto(Path folder) {
        return new ClassDataArchive(file, ready.thenApply(made -> made.flatMap(archive -> {
            try {
                Path copy = folder.resolve("class-data.jsa");
                Files.copy(archive, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                return Optional.of(copy);
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.empty();
            }
        })));
    }

    /** The archive, if it is ready now; empty while it is being made, or when it could not be. */
    Optional<Path> ifReady() {
        return ready.getNow(Optional.empty());
    }

    /** Waits for the archive being made (for {@code --prepare}); where it is, or empty when it could not be made. */
    Optional<Path> await() {
        return ready.join();
    }

    /** Where it is (or would be): for the messages. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The grader's user cache folder for archives: {@code $XDG_CACHE_HOME}, else {@code ~/.cache}. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("thread-pool-workshop");
    }

    /**
     * {@code cache}, created when missing (mode 711: the workers' users may pass through it to read the
     * archive, not list or change it), if this user owns it and nobody else may write it.
     */
    static Optional<Path> privateFolder(Path cache) {
        try {
            if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(cache.getParent());
                Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            }
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx--x--x"));
            return ownedAndNotWritableByOthers(cache, true) ? Optional.of(cache) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A regular file (not a link) this user owns, that nobody else may write, in such a folder. */
    static boolean trusted(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && ownedAndNotWritableByOthers(file, false)
                && ownedAndNotWritableByOthers(file.getParent(), true);
    }

    private static boolean ownedAndNotWritableByOthers(Path path, boolean folder) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            return (folder ? a.isDirectory() : a.isRegularFile()) && !a.isSymbolicLink()
                    && a.owner().getName().equals(System.getProperty("user.name"))
                    && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** What the archive depends on, hashed: the JDK, the jar (path, size, time) and the JVM options. */
    static String key(String java, List<String> options, Path jar) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(List.of(java, System.getProperty("java.vm.version", ""),
                    jar.toAbsolutePath().toString(), Long.toString(Files.size(jar)),
                    Long.toString(Files.getLastModifiedTime(jar).toMillis())));
            parts.addAll(options);
            sha.update(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot name the class-data archive for " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the newest {@value #KEEP} archives in {@code file}'s folder (each grader build names a new one). */
    private static void pruneOthers(Path file) throws IOException {
        try (var files = Files.list(file.getParent())) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().matches("worker-[0-9a-f]+\\.jsa"))
                    .sorted(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed()).toList();
            for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
                if (!old.equals(file)) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    /**
     * Makes the archive at {@code file}: the class list copied out of the jar, {@code java -Xshare:dump}
     * with the workers' options into a temporary file beside it, then moved into place (another grader
     * run making the same archive at the same time does no harm). Empty when the dump fails.
     */
    static Optional<Path> dump(String java, List<String> options, Path jar, Path file) {
        Path list = null;
        Path partial = null;
        Path log = null;
        try {
            Path folder = file.getParent();
            list = Files.createTempFile(folder, "classes-", ".txt");
            partial = Files.createTempFile(folder, "partial-", ".jsa");
            log = Files.createTempFile(folder, "dump-", ".log");
            try (InputStream in = ClassDataArchive.class.getResourceAsStream(CLASS_LIST)) {
                Files.copy(in, list, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(java));
            options.stream().filter(o -> !o.startsWith("-Xshare")).forEach(command::add);
            command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial,
                    "-cp", jar.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(DUMP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return Optional.empty();
            }
            if (process.exitValue() != 0 || Files.size(partial) == 0) {
                return Optional.empty();
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
            pruneOthers(file);
            return trusted(file) ? Optional.of(file) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            for (Path p : new Path[] {list, partial, log}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // A temporary file of ours left in the cache folder: harmless.
                    }
                }
            }
        }
    }
}
