package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void anchorsAreGitHubsSlugsOfTheHeadings() {
        assertThat(Report.slug("ordered map makespan / ideal")).isEqualTo("ordered-map-makespan--ideal");
        assertThat(Report.slug("the seed's headline: makespan / ideal")).isEqualTo("the-seeds-headline-makespan--ideal");
        assertThat(Report.slug("10,000 calls on virtual threads: makespan")).isEqualTo("10000-calls-on-virtual-threads-makespan");
        assertThat(Report.slug("proposed: an empty `MockitoConfiguration` in the test kit"))
                .isEqualTo("proposed-an-empty-mockitoconfiguration-in-the-test-kit");
    }

    @Test
    void aRunSharedWithOtherProgramsSaysSoAtTheTop() {
        int cores = Runtime.getRuntime().availableProcessors();
        Report.Run busy = run(Optional.of(0.5 * cores));
        Report.Run quiet = run(Optional.of(0.02 * cores));

        assertThat(Report.markdown(busy, List.of())).contains("**Noisy run**: other programs kept");
        assertThat(Report.markdown(quiet, List.of())).doesNotContain("Noisy run").contains("of " + cores + " cores on average");
        assertThat(Report.markdown(run(Optional.empty()), List.of())).doesNotContain("Noisy run").contains("unknown");
    }

    private static Report.Run run(Optional<Double> otherCores) {
        return new Report.Run("./mvnw -Pbench", "2026-11-25T18:00:00Z", "Python 3", otherCores, 5, 2, 17.0);
    }
}
