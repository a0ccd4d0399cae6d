package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.SCRATCH;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A learner who generates the workshop interactively, with the command the README gives: Maven asks
 * for the project's name and a confirmation, and, when the learner answers N to change the values,
 * for groupId, version and artifactId again, but never for the {@code package} that the archetype does
 * not use. Answers are typed on Maven's standard input.
 */
class InteractiveGenerationTest {

    private static final Path HERE = SCRATCH.resolve("interactive");

    @Test
    @DisplayName("the README's interactive archetype:generate never asks for a package, not even after N")
    void neverAsksForAPackage() throws Exception {
        List<String> readme = readmeCommand();
        InsideAnotherProjectTest.deleteRecursively(HERE);
        Files.createDirectories(HERE.resolve("out"));
        String repository = "-Dmaven.repo.local=" + HERE.resolve("repository");
        String version = InsideAnotherProjectTest.installArchetype(HERE, repository);

        List<String> arguments = new ArrayList<>(List.of("-N", repository));
        // The README runs it in the workshop's folder, whose pom pins the plugin; here, outside it, pin it by name.
        String plugin = "org.apache.maven.plugins:maven-archetype-plugin:" + pinned("archetype-plugin.version") + ":generate";
        for (String argument : readme) {
            arguments.add(argument.replace("archetype:generate", plugin).replace("1.0.0-SNAPSHOT", version)
                    .replace("-DoutputDirectory=..", "-DoutputDirectory=" + HERE.resolve("out")));
        }
        // The name, N (change the values), then groupId, version, artifactId again, and Y. A package
        // question would take "mine" as the package, the next answer as the artifactId, and leave none to confirm.
        String typed = String.join("\n", "pool-workshop", "N", "org.learner", "2.0", "mine", "Y") + "\n";
        Path answers = HERE.resolve("answers.txt");
        Files.writeString(answers, typed);
        List<String> command = Maven.command(HERE, arguments.toArray(String[]::new));
        command.remove("-B"); // interactive, as a learner types it
        Path log = SCRATCH.resolve("interactive-generate.log");
        Process maven = new ProcessBuilder(command).directory(HERE.toFile()).redirectErrorStream(true)
                .redirectInput(answers.toFile()).redirectOutput(log.toFile()).start();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("interactive archetype:generate finished (output in %s)", log).isTrue();
        String output = Workshop.read(log);

        assertThat(output).as("what interactive archetype:generate asked (output in %s)", log)
                .contains("Define value for property 'artifactId'", "Confirm properties configuration",
                        "Define value for property 'groupId'")
                .doesNotContain("Define value for property 'package'");
        assertThat(maven.exitValue()).as("exit code of the interactive generation (output in %s)", log).isZero();
        assertThat(Workshop.read(HERE.resolve("out/mine/pom.xml"))).as("the generated pom")
                .contains("<groupId>org.learner</groupId>", "<artifactId>mine</artifactId>", "<version>2.0</version>");
    }

    /** A version the root pom pins, by its property. */
    private static String pinned(String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)<").matcher(Workshop.read(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("%s in the root pom", property).isTrue();
        return m.group(1).strip();
    }

    /** The arguments of the README's interactive archetype:generate (the one without -DinteractiveMode=false). */
    private static List<String> readmeCommand() {
        Matcher block = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(Workshop.read(ROOT.resolve("README.md")));
        while (block.find()) {
            String command = block.group(1).replace("\\\n", " ");
            if (command.contains("archetype:generate") && !command.contains("interactiveMode=false")) {
                List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
                words.removeAll(List.of("./mvnw", "-q", "-N"));
                return words;
            }
        }
        throw new AssertionError("README.md has no interactive archetype:generate command (one without -DinteractiveMode=false)");
    }
}
