package workshop.grader.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The folder the reports go to ({@code --out}): the grader's own. It is made (or checked) before any
 * worker starts: a folder of the grader's user that no one else may write, every submission's
 * folder in it made the same way, and every report written to a fresh file that is then renamed over
 * its name, so a symbolic link planted where a report goes is replaced, never followed.
 */
final class ReportFolder {

    private final Path root;

    private ReportFolder(Path root) {
        this.root = root;
    }

    /**
     * Makes {@code root} ready, or says why it cannot be used.
     *
     * @throws Grade.UsageError when it is not a folder of this user's, or others may write to it
     */
    static ReportFolder prepare(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute)) {
            throw new Grade.UsageError("--out " + root + " is a symbolic link: give the real folder, or a new one");
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(absolute.getParent());
            Files.createDirectory(absolute);
            restrict(absolute);
        }
        check(absolute, "--out " + root);
        return new ReportFolder(absolute);
    }

    /** The folder of one submission's reports, made (or checked) now. */
    Path submission(String name) throws IOException {
        Path folder = root.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (Files.isSymbolicLink(folder)) {
            Files.delete(folder); // a link in our own folder: not ours to follow
        }
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(folder);
            restrict(folder);
        }
        check(folder, "the report folder " + folder);
        return folder;
    }

    Path root() {
        return root;
    }

    /** Writes {@code text} to {@code file} in one of these folders without following any link there. */
    static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".writing");
        Files.deleteIfExists(temporary);
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + file + ": something keeps making " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void check(Path folder, String what) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: no other users to fear here
        }
        if (!attributes.isDirectory()) {
            throw new Grade.UsageError(what + " is not a folder");
        }
        String me = System.getProperty("user.name");
        if (!attributes.owner().getName().equals(me)) {
            throw new Grade.UsageError(what + " belongs to " + attributes.owner().getName() + ", not to " + me
                    + ", who runs the grader: give a folder of your own, or a new one");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE) || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            restrict(folder); // ours: no one else may write to it from now on
        }
    }

    private static void restrict(Path folder) throws IOException {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }
}
