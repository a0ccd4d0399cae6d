package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static Manifest read(String toml) throws IOException {
        return Manifest.read(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("an entry's package and instructions file follow from its id")
    void derivedFromTheId() throws IOException {
        Manifest manifest = read("""
                [[exercise]]
                id = "ex6_stream"
                title = "Backpressure"
                points = 20
                hint = "Bound it."
                """);
        Manifest.Exercise exercise = manifest.byId("ex6_stream");
        assertThat(exercise.javaPackage()).isEqualTo("workshop.ex6_stream");
        assertThat(exercise.instructions()).isEqualTo("instructions/ex6_stream.md");
        assertThat(exercise.owns("workshop.ex6_stream.Backpressure")).isTrue();
        assertThat(manifest.number(exercise)).isEqualTo(1);
    }

    @Test
    @DisplayName("a missing title or an unknown key is an error naming it")
    void badEntries() {
        assertThatThrownBy(() -> read("[[exercise]]\nid = \"ex6_stream\"\npoints = 1\nhint = \"h\"\n"))
                .hasStackTraceContaining("ex6_stream: title is missing in info.toml");
        assertThatThrownBy(() -> read("[[exercise]]\nid = \"ex6_stream\"\ntitle = \"T\"\npoints = 1\nhint = \"h\"\nlevel = 3\n"))
                .hasStackTraceContaining("level");
    }
}
