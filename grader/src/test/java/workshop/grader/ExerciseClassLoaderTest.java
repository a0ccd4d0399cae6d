package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.testkit.Manifest;

class ExerciseClassLoaderTest {

    @Test
    @DisplayName("a class folder serves its exercise classes, never a service file or JUnit's configuration planted beside them")
    void onlyExerciseClasses(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("workshop/ex1_ordered"));
        Files.writeString(root.resolve("workshop/ex1_ordered/OrderedMap.class"), "bytes");
        Files.createDirectories(root.resolve("META-INF/services"));
        Files.writeString(root.resolve("META-INF/services/org.junit.platform.engine.TestEngine"), "workshop.ex1_ordered.Hook");
        Files.writeString(root.resolve("junit-platform.properties"), "junit.jupiter.extensions.autodetection.enabled=true");
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/Other.class"), "bytes");

        try (ExerciseClassLoader loader = new ExerciseClassLoader(List.of(root), Manifest.fromClasspath(), ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("workshop/ex1_ordered/OrderedMap.class")).as("an exercise class file").isNotNull();
            assertThat(loader.getResource("junit-platform.properties")).as("JUnit's configuration").isNull();
            assertThat(Collections.list(loader.getResources("META-INF/services/org.junit.platform.engine.TestEngine")))
                    .as("a service file").isEmpty();
            assertThat(loader.getResource("elsewhere/Other.class")).as("a class outside the exercise packages").isNull();
        }
    }
}
