package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LayersTest {

    static final String FILE = "a\nb\nc\nd\ne\n";

    @Test
    @DisplayName("a patch changes, adds and removes lines where its hunks say, its header ignored")
    void applies() {
        String patch = "// Mistake: header\n--- a/F.java\n+++ b/F.java\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n+C2\n d\n@@ -5 +6,0 @@\n-e\n";
        assertThat(Layers.apply(FILE, patch, "F.java.patch")).isEqualTo("a\nb\nC\nC2\nd\n");
    }

    @Test
    @DisplayName("a patch whose lines are no longer there fails loudly, naming the line")
    void stale() {
        String patch = "--- a/F.java\n+++ b/F.java\n@@ -2,2 +2,2 @@\n b\n-x\n+y\n";
        assertThatThrownBy(() -> Layers.apply(FILE, patch, "F.java.patch")).hasMessageContaining("no longer applies")
                .hasMessageContaining("line 3").hasMessageContaining("diff -u");
    }
}
