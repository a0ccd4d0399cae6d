package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line -Pbench passes (see benchmarks/pom.xml), as the benchmarks read it. */
class BenchmarksCliTest {

    @Test
    @DisplayName("the pom's arguments parse: an empty --only= means every figure")
    void readsThePomsArguments() {
        Benchmarks.Cli cli = new Benchmarks.Cli();
        new CommandLine(cli).parseArgs("--runs", "7", "--warmups", "1", "--only=", "--python", "python3",
                "--solutions", "s", "--markdown", "m.md", "--csv", "c.csv");
        assertThat(cli.runs).isEqualTo(7);
        assertThat(cli.warmups).isEqualTo(1);
        assertThat(Benchmarks.figureIds(cli.only)).isEmpty();
        assertThat(cli.markdown).isEqualTo(Path.of("m.md"));
    }

    @Test
    @DisplayName("--only=ID,ID names figures; a mistyped option is a usage error (exit 2), not a run")
    void namesFiguresAndRefusesUnknownOptions() {
        Benchmarks.Cli cli = new Benchmarks.Cli();
        new CommandLine(cli).parseArgs("--only=grading, dispatch");
        assertThat(Benchmarks.figureIds(cli.only)).containsExactlyInAnyOrder("grading", "dispatch");
        assertThat(new CommandLine(new Benchmarks.Cli()).execute("--onyl=grading")).isEqualTo(2);
    }
}
