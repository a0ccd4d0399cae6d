package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.grader.launcher.Launcher;

class LauncherTest {

    @Test
    @DisplayName("Java versions are read as the build reads them")
    void versions() {
        assertThat(launcherFeature("17.0.15")).isEqualTo(17);
        assertThat(launcherFeature("1.8.0_392")).isEqualTo(8);
        assertThat(launcherFeature("25")).isEqualTo(25);
        assertThat(launcherFeature("21-ea")).isEqualTo(21);
        assertThat(launcherFeature("junk")).isZero();
    }

    @Test
    @DisplayName("on this machine the launcher finds the JDK 21+ that runs this test (or a newer one)")
    void findsAJdk() {
        List<String> looked = new ArrayList<>();
        String java = invokeFind(looked);
        assertThat(java).as("looked at %s", looked).isNotNull().endsWith("java");
    }

    @Test
    @DisplayName("the launcher wants the JDK the build wants (the root pom's workshop.jdk.version)")
    void wantsWhatTheBuildWants() throws java.io.IOException {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("../pom.xml"));
        var range = java.util.regex.Pattern.compile("<workshop.jdk.version>\\[(\\d+),\\)</workshop.jdk.version>").matcher(pom);
        assertThat(range.find()).as("workshop.jdk.version in the root pom, as [N,)").isTrue();
        int wanted;
        try {
            var field = Launcher.class.getDeclaredField("WANTED");
            field.setAccessible(true);
            wanted = field.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        assertThat(wanted).as("Launcher.WANTED").isEqualTo(Integer.parseInt(range.group(1)));
    }

    private static int launcherFeature(String v) {
        try {
            var m = Launcher.class.getDeclaredMethod("feature", String.class);
            m.setAccessible(true);
            return (int) m.invoke(null, v);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String invokeFind(List<String> looked) {
        try {
            var m = Launcher.class.getDeclaredMethod("findJava", List.class);
            m.setAccessible(true);
            return (String) m.invoke(null, looked);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
