package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianAndSpread() {
        Stats s = Stats.of(3, 1, 2, 10, 4);
        assertThat(s.median()).isCloseTo(3, within(1e-9));
        assertThat(s.min()).isCloseTo(1, within(1e-9));
        assertThat(s.max()).isCloseTo(10, within(1e-9));
        assertThat(Stats.of(1, 2, 3, 4).median()).isCloseTo(2.5, within(1e-9));
        assertThat(s.format("%.1f")).isEqualTo("3.0 (1.0–10.0)");
        assertThat(Stats.of(0.5).format("%.2f")).isEqualTo("0.50 (1 run)");
        assertThat(s.map(v -> v * 2).median()).isCloseTo(6, within(1e-9));
    }
}
