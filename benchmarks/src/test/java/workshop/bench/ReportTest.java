package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
