package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.SCRATCH;
import static workshop.archetype.Workshop.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A room without network: the instructor's {@code scripts/offline-bundle} packs a starter project with
 * its Maven repository and the wrapper's Maven into one archive; unpacked into an empty home folder, the
 * learner's {@code ./mvnw -o test}, reset and watch mode work with only that repository, and, where
 * {@code unshare -n} works (as root), with no network at all.
 *
 * <p>Making the bundle fetches the artifacts it holds, from this build's local repository first and
 * from Maven Central for the rest: skipped when this build runs offline.
 */
@DisabledOnOs(OS.WINDOWS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineBundleTest {

    private static final Path HERE = SCRATCH.resolve("offline");
    private static final Path ARCHIVE = HERE.resolve("pool-workshop-offline.tar.gz");
    private static final Path HOME = HERE.resolve("home");
    private static final Path PROJECT = HOME.resolve("pool-workshop");

    @BeforeAll
    static void packAndUnpack() throws Exception {
        assumeFalse(System.getProperty("workshop.maven.offline", "").equals("offline=true"),
                "making the bundle downloads what this build's repository lacks; this build runs offline");
        InsideAnotherProjectTest.deleteRecursively(HERE);
        Path source = HERE.resolve("source/pool-workshop");
        StubsRunTest.copyProject(GENERATED, source);
        Path settings = HERE.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <profiles>
                    <profile>
                      <id>this-build</id>
                      <repositories><repository><id>this-build</id><url>%1$s</url></repository></repositories>
                      <pluginRepositories><pluginRepository><id>this-build</id><url>%1$s</url></pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>this-build</activeProfile></activeProfiles>
                </settings>
                """.formatted(Path.of(System.getProperty("workshop.maven.repo.local")).toUri()));

        Run bundle = run(HERE, "offline-bundle", Map.of("MAVEN_ARGS", "-s " + settings), null,
                "bash", ROOT.resolve("scripts/offline-bundle").toString(), "--project", source.toString(), ARCHIVE.toString());
        assertThat(bundle.exitCode()).as("exit code of scripts/offline-bundle (output in %s)", bundle.log()).isZero();
        Files.createDirectories(HOME);
        Run unpack = run(HERE, "offline-unpack", Map.of(), null, "tar", "-xzf", ARCHIVE.toString(), "-C", HOME.toString());
        assertThat(unpack.exitCode()).as("exit code of unpacking the bundle (output in %s)", unpack.log()).isZero();
    }

    @Test
    @Order(1)
    @DisplayName("the archive holds the starter project (without target/), a Maven repository and the wrapper's Maven")
    void whatTheArchiveHolds() {
        assertThat(PROJECT.resolve("mvnw")).as("the project's wrapper").isExecutable();
        assertThat(PROJECT.resolve("target")).as("the project's target/").doesNotExist();
        assertThat(files(HOME.resolve(".m2/wrapper/dists"))).as("the wrapper's Maven")
                .anyMatch(f -> f.toString().endsWith("bin/mvn"));
        assertThat(files(HOME.resolve(".m2/repository"))).as("the Maven repository")
                .anyMatch(f -> f.getFileName().toString().startsWith("surefire-junit-platform-"))
                .anyMatch(f -> f.getFileName().toString().startsWith("exec-maven-plugin-"));
    }

    @Test
    @Order(2)
    @DisplayName("without network, ./mvnw -o test runs every visible test and prints the table, fetching nothing")
    void testsRunOffline() throws Exception {
        Run test = learner("offline-test", null, "test");

        assertThat(test.output()).as("./mvnw -o test from the bundle (output in %s)", test.log())
                .contains("Tests run:", "Thread Pool Workshop: your progress", "There are test failures")
                .doesNotContain("has not been downloaded", "Could not resolve", "Could not transfer", "Downloading from");
    }

    @Test
    @Order(3)
    @DisplayName("without network, -Preset puts an exercise's stub back, and watch mode starts and quits")
    void resetAndWatchOffline() throws Exception {
        Run reset = learner("offline-reset", null, "validate", "-Preset", "-Dexercise=ex1_ordered");
        assertThat(reset.exitCode()).as("exit code of the reset from the bundle (output in %s)", reset.log()).isZero();

        // q once the first screen is there: a key typed before watch mode reads its input can be lost on the way in.
        Run watch = learner("offline-watch", "q\n", "-q", "-Pwatch");
        assertThat(watch.exitCode()).as("exit code of watch mode from the bundle (output in %s)", watch.log()).isZero();
        assertThat(watch.output()).as("watch mode from the bundle (output in %s)", watch.log())
                .contains("watching exercise 1,", "Watch mode stopped")
                .doesNotContain("has not been downloaded", "Could not resolve");
    }

    /** The learner's command in the unpacked project: its wrapper, offline, the unpacked repository only, and no network. */
    private static Run learner(String logName, String keys, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if (canCutTheNetwork()) {
            command.addAll(List.of("unshare", "-n"));
        }
        command.addAll(List.of(PROJECT.resolve("mvnw").toString(), "-o", "-B",
                "-Dmaven.repo.local=" + HOME.resolve(".m2/repository")));
        command.addAll(List.of(arguments));
        return run(PROJECT, logName, Map.of("MAVEN_USER_HOME", HOME.resolve(".m2").toString()), keys,
                command.toArray(String[]::new));
    }

    /** Whether {@code unshare -n} can start a process in a network namespace of its own (root can). */
    private static boolean canCutTheNetwork() {
        try {
            Process probe = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Run(int exitCode, String output, Path log) {}

    /** @param keys typed on the command's standard input (a pipe left open, as a learner's keyboard), or {@code null} */
    private static Run run(Path dir, String logName, Map<String, String> env, String keys, String... command)
            throws IOException, InterruptedException {
        Path log = SCRATCH.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (keys != null) {
            // Typed once watch mode shows its first screen (its keys line), as a learner types.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (process.isAlive() && System.nanoTime() < deadline
                    && !(Files.exists(log) && Workshop.read(log).contains(" keys: "))) {
                Thread.sleep(100);
            }
            process.getOutputStream().write(keys.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes; output in " + log);
        }
        System.out.printf("nested command %-20s exit code %d: %s%n", logName, process.exitValue(), String.join(" ", command));
        return new Run(process.exitValue(), Workshop.read(log), log);
    }
}
