package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExerciseTestsTest {

    @Test
    @DisplayName("a test class is named \"Exercise N: ...\" with N its exercise's place in info.toml, the title when no text is given")
    void numberFromTheManifest() throws IOException {
        Manifest manifest = Manifest.read(new ByteArrayInputStream("""
                [[exercise]]
                id = "exA_alpha"
                title = "Ordered map"
                points = 1
                hint = "h"

                [[exercise]]
                id = "exB_beta"
                title = "CPU-bound work"
                points = 1
                hint = "h"
                """.getBytes(StandardCharsets.UTF_8)));
        Manifest.Exercise alpha = manifest.byId("exA_alpha");
        Manifest.Exercise beta = manifest.byId("exB_beta");
        assertThat(ExerciseTests.Names.name(manifest, alpha, "")).isEqualTo("Exercise 1: ordered map");
        assertThat(ExerciseTests.Names.name(manifest, beta, "")).isEqualTo("Exercise 2: CPU-bound work");
        assertThat(ExerciseTests.Names.name(manifest, beta, "the process pool")).isEqualTo("Exercise 2: the process pool");
    }

    @ExerciseTests("not in any exercise")
    static class Outside {}

    @Test
    @DisplayName("a class outside every exercise is named by the text alone")
    void outside() {
        assertThat(new ExerciseTests.Names().generateDisplayNameForClass(Outside.class)).isEqualTo("not in any exercise");
    }
}
