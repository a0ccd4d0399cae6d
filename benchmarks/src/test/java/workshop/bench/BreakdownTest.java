package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.testkit.CallRecord;

class BreakdownTest {

    private static final long MS = 1_000_000;

    @Test
    void theTermsAddUpToTheMakespanAlongTheThreadThatFinishedLast() {
        Thread a = new Thread(() -> {});
        Thread b = new Thread(() -> {});
        // Thread b ran 3 calls of L = 10 ms where the ideal schedule gives each thread 2; it finished last.
        List<CallRecord<Integer>> calls = List.of(
                new CallRecord<>(0, a, 2 * MS, 12 * MS, false, null),
                new CallRecord<>(1, b, 3 * MS, 14 * MS, false, null),
                new CallRecord<>(2, a, 13 * MS, 23 * MS, false, null),
                new CallRecord<>(3, b, 15 * MS, 25 * MS, false, null),
                new CallRecord<>(4, b, 27 * MS, 38 * MS, false, null));
        Breakdown d = Breakdown.of(calls, 0, 40 * MS, 10, 2);

        assertThat(d.makespanMs()).isCloseTo(40, within(1e-9));
        assertThat(d.idealMs()).isCloseTo(20, within(1e-9));
        assertThat(d.imbalanceMs()).as("one call beyond its share").isCloseTo(10, within(1e-9));
        assertThat(d.startupMs()).isCloseTo(3, within(1e-9));
        assertThat(d.overshootMs()).as("11 + 10 + 11 ms of calls of 10 ms").isCloseTo(2, within(1e-9));
        assertThat(d.handoffMs()).as("gaps 14->15 and 25->27").isCloseTo(3, within(1e-9));
        assertThat(d.tailMs()).isCloseTo(2, within(1e-9));
        assertThat(d.idealMs() + d.imbalanceMs() + d.startupMs() + d.overshootMs() + d.handoffMs() + d.tailMs())
                .as("the terms add up to the makespan").isCloseTo(d.makespanMs(), within(1e-9));
        assertThat(d.lastStartMs()).isCloseTo(27, within(1e-9));
    }
}
