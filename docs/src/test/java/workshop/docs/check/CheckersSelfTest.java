package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks are only worth something if they can fail: each is shown a page that is wrong. */
class CheckersSelfTest {

    @Test
    @DisplayName("the snippet check fails when a block and its region differ, and update mode repairs the page")
    void snippetCheckCatchesDrift(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Demo.java");
        Files.writeString(source, """
                class Demo {
                    void run() {
                        // tag::loop[]
                        for (int i = 0; i < 3; i++) {
                            System.out.println(i);
                        }
                        // end::loop[]
                    }
                }
                """);
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # A page

                <!-- snippet: Demo.java#loop -->
                ```java
                for (int i = 0; i < 2; i++) {
                    System.out.println(i);
                }
                ```
                """);
        Map<String, List<String>> regions = Regions.all(dir);

        assertThat(SnippetsTest.snippetProblems(List.of(page), regions, false))
                .as("problems found in a page whose block says 2 where the source says 3").singleElement()
                .asString().contains("differs from Demo.java#loop", "i < 2", "i < 3");

        SnippetsTest.snippetProblems(List.of(page), regions, true);
        assertThat(Files.readString(page)).as("the page after update mode").contains("i < 3").doesNotContain("i < 2");
        assertThat(SnippetsTest.snippetProblems(List.of(page), regions, false)).as("problems after update mode").isEmpty();
    }

    @Test
    @DisplayName("the snippet check reports a marker that names no region")
    void snippetCheckCatchesUnknownRegion(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "<!-- snippet: Gone.java#nothing -->\n```java\nint x;\n```\n");

        assertThat(SnippetsTest.snippetProblems(List.of(page), Map.of(), false)).singleElement().asString()
                .contains("no region Gone.java#nothing");
    }

    @Test
    @DisplayName("a quote matches its file with gaps and indentation ignored, and fails on a changed line")
    void quotes() {
        List<String> source = List.of("class A {", "    void f() {", "        int a = 1;", "        int b = 2;",
                "        int c = 3;", "    }", "}");

        assertThat(Quotes.appearsIn(List.of("int a = 1;", "int b = 2;"), source)).as("two consecutive lines").isTrue();
        assertThat(Quotes.appearsIn(List.of("void f() {", "    // ...", "    int c = 3;"), source)).as("with a gap").isTrue();
        assertThat(Quotes.appearsIn(List.of("int a = 1;", "int c = 3;"), source)).as("a gap without a // ... line").isFalse();
        assertThat(Quotes.appearsIn(List.of("int c = 3;", "// ...", "int a = 1;"), source)).as("out of order").isFalse();
        assertThat(Quotes.appearsIn(List.of("int a = 10;"), source)).as("a changed line").isFalse();
        List<String> marked = List.of("    void f() {", "        // STUB: task 2", "        int a = 1;", "    }");
        assertThat(Quotes.appearsIn(List.of("void f() {", "    int a = 1;", "}"), marked)).as("without the stub marker").isTrue();
    }

    @Test
    @DisplayName("output comparison ignores measured figures only")
    void figures() {
        assertThat(OutputsTest.masked("10 downloads in 1.01 s (4.9x faster), 0.04 ms of CPU"))
                .isEqualTo("10 downloads in <figure> (<figure> faster), <figure> of CPU");
        assertThat(OutputsTest.masked("calls of 500 ms, 10 calls")).as("fixed quantities stay").isEqualTo("calls of 500 ms, 10 calls");
    }

    @Test
    @DisplayName("the link check finds a dead file link and a dead anchor, and knows GitHub's anchors")
    void links(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("target.md");
        Files.writeString(target, "# Title\n## `newCachedThreadPool` is not a safe default\n## Little's law\n");
        Path page = dir.resolve("page.md");
        Files.writeString(page, "x");

        assertThat(LinksTest.check(page, "target.md#littles-law")).as("a good anchor").isNull();
        assertThat(LinksTest.check(page, "target.md#newcachedthreadpool-is-not-a-safe-default")).as("code in a heading").isNull();
        assertThat(LinksTest.check(page, "target.md#no-such-heading")).as("a dead anchor").contains("no heading");
        assertThat(LinksTest.check(page, "missing.md")).as("a dead file").contains("no such file");
    }

    @Test
    @DisplayName("the prose-figures check passes a figure the page's run printed and fails one it did not")
    void proseFigures(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # A page

                <!-- output: Demo -->
                ```text
                10 downloads in 1.01 s (4.9x faster)
                ```

                So ten downloads took 1.01 s, 4.9x faster; the ideal is `ceil(10 / 5) x 500 ms = 1.0 s`.
                A child JVM costs about 0.7 s more.

                <!-- measured: demo -->
                | workers | wall time |
                |---|---:|
                | 2 | 2.73 s |
                <!-- end measured -->

                Two workers took 2.73 s.
                """);

        assertThat(ProseFiguresTest.problems(page)).as("problems of a page with one figure no run printed").singleElement()
                .asString().contains("page.md:9", "\"0.7 s\"", "no output block or measured table");
    }

    @Test
    @DisplayName("the prose-figures check works out inline arithmetic and fails a sum that is wrong or not from the page's run")
    void proseArithmetic(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # A page

                <!-- measured: demo -->
                | work | workers | wall time |
                |---|---:|---:|
                | threads | 1 | 1.71 s |
                | child JVMs | 1 | 2.73 s |
                <!-- end measured -->

                Each child costs `(2.73 s - 1.71 s) / 4 = 0.26 s` more; the ideal is `ceil(10 / 5) x 500 ms = 1.0 s`,
                and `8 / 0.1 = 80` calls a second. Not arithmetic: `Math.min(a, b)`, `x -> x`, `a <= b`.
                Wrong: `(2.73 s - 1.71 s) / 4 = 0.7 s`. Not from the run: `(2.83 s - 1.71 s) / 4 = 0.28 s`.
                """);

        assertThat(ProseFiguresTest.problems(page)).as("problems of a page with a wrong sum and a sum of no run's figure")
                .satisfiesExactly(
                        wrong -> assertThat(wrong).contains("page.md:12", "does not add up", "comes to 0.3 s, not 0.7 s"),
                        foreign -> assertThat(foreign).contains("page.md:12", "works from \"2.83 s\"", "no output block"));
        assertThat(Arithmetic.parse("ceil(10 / 5) x 500 ms = 1.0 s")).hasValueSatisfying(sum -> assertThat(sum.holds()).isTrue());
        assertThat(Arithmetic.parse("32 / 80 = 0.4 s")).hasValueSatisfying(sum -> assertThat(sum.holds()).isTrue());
        assertThat(Arithmetic.parse("0.52 s / 0.26 s = 2.0x")).hasValueSatisfying(sum -> assertThat(sum.holds()).isTrue());
        assertThat(Arithmetic.parse("maxWorkers = 3")).isEmpty();
    }

    @Test
    @DisplayName("the measured-on check fails a page that shows measured output without its machine and load")
    void measuredOn(@TempDir Path dir) throws Exception {
        String output = """
                # A page

                <!-- output: Demo -->
                ```text
                10 downloads in 1.01 s
                ```
                """;
        Path without = dir.resolve("without.md");
        Files.writeString(without, output);
        Path with = dir.resolve("with.md");
        Files.writeString(with, output + "\n<!-- measured-on -->\n2 cores, Linux amd64, load average 0.10 (lightly loaded)\n");
        Path fixed = dir.resolve("fixed.md");
        Files.writeString(fixed, output.replace("1.01 s", "10 calls"));

        assertThat(OutputsTest.measuredOnProblems(List.of(without, with, fixed))).singleElement().asString()
                .contains("without.md", "no <!-- measured-on -->");
        assertThat(OutputsTest.loadInWords(5.83, 2)).contains("busy");
        assertThat(OutputsTest.loadInWords(0.8, 2)).contains("shared");
    }
}
