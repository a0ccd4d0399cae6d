package workshop.archetype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Maven build in a generated project, as a learner would: with the project's own wrapper
 * ({@code ./mvnw}) when this build itself ran through the wrapper (its Maven is then already
 * downloaded), else with the Maven running this build. Either way with this build's local
 * repository, offline if this build is, and with the JDK found the same way (the generated pom's
 * toolchain discovery).
 */
final class Maven {

    private static final long LIMIT_MINUTES = 5;

    /** What a build printed, and how it ended. */
    record Result(int exitCode, String output, Path log, long seconds) {}

    private Maven() {}

    static Result run(Path project, String logName, String... arguments) {
        List<String> command = command(project, arguments);
        try {
            Files.createDirectories(Workshop.SCRATCH);
            Path log = Workshop.SCRATCH.resolve(logName + ".log");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + LIMIT_MINUTES
                        + " minutes; its output is in " + log);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.printf("nested build %-24s %3d s, exit code %d: %s%n", logName, seconds, process.exitValue(),
                    String.join(" ", arguments));
            return new Result(process.exitValue(), Workshop.read(log), log, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /**
     * The command line of a build in {@code project}: its wrapper or this build's Maven, in batch mode, with
     * this build's local repository and offline if this build is.
     */
    static List<String> command(Path project, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable(project));
        command.add("-B");
        String repository = System.getProperty("workshop.maven.repo.local", "");
        boolean own = List.of(arguments).stream().anyMatch(a -> a.startsWith("-Dmaven.repo.local="));
        if (!repository.isBlank() && !repository.startsWith("${")) {
            // A build with a local repository of its own reads this build's as a read-only tail.
            command.add((own ? "-Dmaven.repo.local.tail=" : "-Dmaven.repo.local=") + repository);
        }
        // "offline=true" when this build runs offline (-o): the nested ones must too.
        if (System.getProperty("workshop.maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private static String executable(Path project) {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        String home = System.getProperty("maven.home", "");
        boolean wrapped = home.replace('\\', '/').contains("/wrapper/dists/");
        if (wrapped || home.isBlank() || home.startsWith("${")) {
            return project.resolve(windows ? "mvnw.cmd" : "mvnw").toString();
        }
        return Path.of(home, "bin", windows ? "mvn.cmd" : "mvn").toString();
    }
}
