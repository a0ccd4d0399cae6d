package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final long S = 1_000_000_000L;

    private static List<String> rows(String drawing) {
        return drawing.lines().filter(l -> l.startsWith("t")).toList();
    }

    @Test
    @DisplayName("calls one after another on different threads draw a staircase")
    void staircase() {
        List<CallRecord<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(new CallRecord<>(i, new Thread("w" + i), i * S, (i + 1) * S, false, null));
        }
        String drawing = Timeline.render(calls, 4 * S, Duration.ofSeconds(1));

        List<String> rows = rows(drawing);
        assertThat(rows).hasSize(4);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).indexOf('[')).as("start of row %d vs. the end of row %d", i + 1, i)
                    .isGreaterThan(rows.get(i - 1).indexOf('['));
        }
        assertThat(drawing).contains("4 calls on 4 threads: makespan 4.00 s, ideal 1.00 s (4.0x)");
        assertThat(drawing.lines()).allMatch(l -> l.length() <= Timeline.WIDTH);
    }

    @Test
    @DisplayName("a pool of 5 draws a block five rows deep; calls that never ended run off the edge")
    void blockAndLeak() {
        List<CallRecord<Integer>> calls = new ArrayList<>();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            pool.add(new Thread("pool-" + t));
        }
        for (int i = 0; i < 10; i++) {
            long start = (i / 5) * S;
            calls.add(new CallRecord<>(i, pool.get(i % 5), start, start + S, false, null));
        }
        String block = Timeline.render(calls, 2 * S, Duration.ofSeconds(2));
        assertThat(rows(block)).hasSize(5).allMatch(r -> r.chars().filter(c -> c == '[').count() == 2);
        assertThat(block).contains("makespan 2.00 s, ideal 2.00 s (1.0x)");

        List<CallRecord<Integer>> leaked = List.of(new CallRecord<>(0, pool.get(0), 0, 0, false, null),
                new CallRecord<>(1, pool.get(1), 0, S, false, null));
        String open = Timeline.render(leaked, 3 * S, null);
        assertThat(rows(open).get(0)).endsWith(">");
        assertThat(rows(open).get(1)).doesNotContain(">");
        assertThat(open).contains("and counting");
    }

    @Test
    @DisplayName("SlowCall draws the calls it recorded: three calls in a row on one thread are one row of three")
    void slowCallTimeline() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(20).build();
        for (int i = 0; i < 3; i++) {
            slow.mock().call(i);
        }
        String drawing = slow.timeline(Duration.ofMillis(20));
        assertThat(rows(drawing)).singleElement().satisfies(r -> assertThat(r.chars().filter(c -> c == '[' || c == '#').count())
                .as("calls drawn in %s", r).isEqualTo(3));
        assertThat(drawing).contains("3 calls on 1 threads");
    }

    @Test
    @DisplayName("a SlowCall built with its ideal makespan draws against it, and watch mode can take it after the test")
    void idealAndTakeBuilt() throws Exception {
        SlowCall.takeBuilt();
        String before = System.getProperty(SlowCall.KEEP_BUILT);
        System.setProperty(SlowCall.KEEP_BUILT, "true");
        SlowCall<Integer, String> slow;
        try {
            slow = SlowCall.<Integer>echoing().latencyMillis(5).ideal(Duration.ofMillis(10)).build();
        } finally {
            if (before == null) {
                System.clearProperty(SlowCall.KEEP_BUILT);
            } else {
                System.setProperty(SlowCall.KEEP_BUILT, before);
            }
        }
        slow.mock().call(1);
        slow.mock().call(2);

        assertThat(slow.ideal()).as("its ideal").contains(Duration.ofMillis(10));
        assertThat(slow.timeline()).as("its timeline").containsPattern("2 calls on 1 threads: makespan \\d\\.\\d\\d s, ideal 0\\.01 s");
        assertThat(SlowCall.takeBuilt()).as("the SlowCalls kept, taken once").containsExactly(slow);
        assertThat(SlowCall.takeBuilt()).as("taken again").isEmpty();
        SlowCall.<Integer>echoing().build();
        assertThat(SlowCall.takeBuilt()).as("kept without " + SlowCall.KEEP_BUILT).isEmpty();
    }
}
