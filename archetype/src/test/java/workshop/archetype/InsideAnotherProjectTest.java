package workshop.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.archetype.Workshop.GENERATED;
import static workshop.archetype.Workshop.ROOT;
import static workshop.archetype.Workshop.SCRATCH;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A learner who runs archetype:generate inside another Maven project's folder. The archetype plugin
 * would make the workshop a module of that project (and break the workshop's pom by rewriting it);
 * the post-generation script takes that back and refuses, saying where to generate instead.
 *
 * <p>The archetype this build packaged is installed into a scratch local repository of its own that
 * falls back, read-only, on this build's (Maven 3.9's {@code maven.repo.local.tail}): nothing is
 * installed where other builds could see it.
 */
class InsideAnotherProjectTest {

    private static final Path HERE = SCRATCH.resolve("inside-another-project");
    private static final String OUTER_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>my-other-project</artifactId>
              <version>1.0</version>
              <packaging>pom</packaging>
              <modules>
                <module>core</module>
              </modules>
            </project>
            """;

    @Test
    @DisplayName("generating in a folder with a pom.xml refuses, says where to generate, and leaves that pom and folder as they were")
    void refusesInsideAnotherProject() throws IOException {
        deleteRecursively(HERE);
        Files.createDirectories(HERE);
        Files.writeString(HERE.resolve("pom.xml"), OUTER_POM);
        String repository = "-Dmaven.repo.local=" + HERE.resolve("repository");
        String version = installArchetype(HERE, repository);

        Maven.Result generate = Maven.run(HERE, "inside-generate", "-N", repository,
                "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                "-DarchetypeGroupId=io.github.threadpoolworkshop", "-DarchetypeArtifactId=thread-pool-workshop-archetype",
                "-DarchetypeVersion=" + version, "-DarchetypeCatalog=local", "-DinteractiveMode=false",
                "-DgroupId=com.example", "-DartifactId=pool-workshop");

        assertThat(generate.exitCode()).as("exit code of archetype:generate inside another project (output in %s)",
                generate.log()).isNotZero();
        assertThat(generate.output()).as("what it says")
                .contains("The workshop was not generated", HERE.resolve("pom.xml").toString(),
                        "-DoutputDirectory=" + HERE.getParent());
        assertThat(HERE.resolve("pool-workshop")).as("the workshop's folder").doesNotExist();
        assertThat(Files.readString(HERE.resolve("pom.xml"))).as("the other project's pom afterwards")
                .doesNotContain("pool-workshop").contains("<module>core</module>")
                .isEqualToNormalizingNewlines(OUTER_POM);
    }

    /**
     * Installs the archetype jar this build packaged into the local repository {@code repository} names
     * ({@code -Dmaven.repo.local=...}), with the Maven wrapper copied into {@code here} to run it.
     *
     * @return the archetype's version
     */
    static String installArchetype(Path here, String repository) throws IOException {
        Files.createDirectories(here.resolve(".mvn/wrapper"));
        for (String file : List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties")) {
            Files.copy(GENERATED.resolve(file), here.resolve(file), StandardCopyOption.COPY_ATTRIBUTES,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path jar;
        try (Stream<Path> jars = Files.list(ROOT.resolve("archetype/target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("thread-pool-workshop-archetype-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("the archetype jar in archetype/target"));
        }
        String name = jar.getFileName().toString();
        String version = name.substring("thread-pool-workshop-archetype-".length(), name.length() - ".jar".length());
        Maven.Result install = Maven.run(here, here.getFileName() + "-install-archetype", "-N", repository,
                "org.apache.maven.plugins:maven-install-plugin:3.2.0:install-file", "-Dfile=" + jar,
                "-DgroupId=io.github.threadpoolworkshop", "-DartifactId=thread-pool-workshop-archetype",
                "-Dversion=" + version, "-Dpackaging=jar", "-DgeneratePom=true");
        assertThat(install.exitCode()).as("exit code of installing the archetype (output in %s)", install.log()).isZero();
        return version;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
