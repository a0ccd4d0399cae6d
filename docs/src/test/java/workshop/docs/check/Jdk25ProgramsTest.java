package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The programs of {@code docs/src/jdk25/java} (see {@link Jdk25Programs}) compile, and every output block
 * naming one shows what it prints, measured figures aside, as {@link OutputsTest} does for the others. Their
 * snippet blocks are compared with their regions by {@link SnippetsTest} on any JDK; compiling and running
 * them needs the build's JDK (the toolchain) to be 25, and the test is skipped, saying so, on an older one.
 */
class Jdk25ProgramsTest {

    @Test
    @DisplayName("the JDK 24+/25 programs compile and their output blocks show what they print (needs a JDK 25 toolchain)")
    void compileAndPrintWhatThePagesShow() throws Exception {
        Assumptions.assumeTrue(Jdk25Programs.FEATURE >= 25, "the docs' JDK 25 programs need a JDK 25 toolchain; this one is "
                + Jdk25Programs.FEATURE + ", so they are only compared with their snippets, not compiled");
        assertThat(Jdk25Programs.compile()).as("javac on docs/src/jdk25/java").isNull();

        Set<String> here = new java.util.HashSet<>();
        Jdk25Programs.runnableHere().forEach(f -> here.add(f.getFileName().toString().replace(".java", "")));
        Map<String, List<String>> printed = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : DocsTree.pages()) {
            Page page = Page.read(file);
            for (Page.Block block : page.blocks().reversed()) {
                if (!"output".equals(block.kind()) || !here.contains(block.target())) {
                    continue;
                }
                checked++;
                List<String> output = printed.computeIfAbsent(block.target(),
                        name -> DocsTree.UPDATE ? OutputsTest.leastDisturbed(() -> Jdk25Programs.run(name)) : Jdk25Programs.run(name));
                if (DocsTree.UPDATE && !output.equals(block.body())) {
                    DocsTree.write(file, page.withBody(block, output));
                    page = Page.read(file);
                    System.out.println("rewrote " + block.where(file) + " from a run of " + block.target());
                } else if (!OutputsTest.masked(String.join("\n", output)).equals(OutputsTest.masked(block.text()))) {
                    problems.add(block.where(file) + ": the page shows\n" + block.text() + "\nbut " + block.target()
                            + " printed\n" + String.join("\n", output) + "\n(run scripts/update-docs to take the new output)");
                }
            }
        }
        assertThat(problems).as("output blocks of JDK 25 programs that differ from what they print").isEmpty();
        assertThat(checked).as("output blocks of JDK 25 programs checked").isPositive();
    }
}
