package workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class MachineTest {

    private static final String STAT = """
            cpu  1000 10 200 5000 40 0 5 3 0 0
            cpu0 500 5 100 2500 20 0 2 1 0 0
            """;

    @Test
    void readsTheMachinesTicksAndOursFromProc() {
        // The command's name may hold spaces and parentheses: the fields are counted from the last ')'.
        String self = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 0 0 0 0 700 60 30 9 20 0 30 0 1 2 3";

        Machine.CpuTicks ticks = Machine.parse(STAT, self).orElseThrow();

        assertThat(ticks.total()).as("user + nice + system + idle + iowait + irq + softirq + steal").isEqualTo(6258);
        assertThat(ticks.busy()).as("all but idle and iowait").isEqualTo(1218);
        assertThat(ticks.ours()).as("utime + stime + cutime + cstime").isEqualTo(799);
    }

    @Test
    void unreadableProcGivesNothingRatherThanAGuess() {
        assertThat(Machine.parse("cpu 1 2", "1 (x) S")).isEmpty();
    }

    @Test
    void otherCoresLeavesOutOurOwnWork() {
        Machine.CpuTicks before = new Machine.CpuTicks(0, 0, 0);

        // 2 cores for 10 s = 2000 ticks; we used 1500 of them, something else 300.
        assertThat(Machine.otherCores(before, new Machine.CpuTicks(1800, 2000, 1500), 2)).isCloseTo(0.3, within(1e-9));
        // Our children's ticks arrive when they end, so ours may briefly run ahead of the machine's: never below 0.
        assertThat(Machine.otherCores(before, new Machine.CpuTicks(1000, 2000, 1100), 2)).isZero();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxHasTheReadings() {
        assertThat(Machine.cpuTicks()).isPresent();
    }
}
