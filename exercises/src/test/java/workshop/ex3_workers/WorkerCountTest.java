package workshop.ex3_workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Visible tests of this exercise's tasks 1 and 2. Run them alone with
 * {@code ./mvnw test -Dtest=WorkerCountTest}. The hidden tests that grade the exercise check the same
 * contract more thoroughly.
 */
@DisplayName("Exercise 3: choosing the worker count (the rules)")
@Timeout(30)
class WorkerCountTest {

    @Test
    @Tag("task:1")
    @DisplayName("task 1: CPU-bound work gets one worker per core")
    void cpuBound() {
        assertThat(WorkerCount.forCores(6).cpuBound()).as("cpuBound() on 6 cores").isEqualTo(6);
        assertThat(WorkerCount.forThisMachine().cores()).as("cores() of this machine")
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    @Tag("task:1")
    @DisplayName("task 1: local disk stays small, light I/O defaults to min(32, cores + 4)")
    void diskAndDefault() {
        assertThat(WorkerCount.forCores(64).localDisk()).as("localDisk() on 64 cores").isBetween(4, 8);
        assertThat(WorkerCount.forCores(2).lightIo()).as("lightIo() on 2 cores").isEqualTo(6);
        assertThat(WorkerCount.forCores(64).lightIo()).as("lightIo() on 64 cores").isEqualTo(32);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: network calls stay under the connection cap and the rate limit")
    void network() {
        WorkerCount rules = WorkerCount.forCores(4);
        assertThat(rules.network(20)).as("network(connectionCap = 20)").isEqualTo(20);
        assertThat(rules.network(100, 50, Duration.ofMillis(250)))
                .as("network(100 connections, 50 requests/s, 250 ms): 12.5 in flight, rounded down").isEqualTo(12);
        assertThat(rules.network(8, 50, Duration.ofMillis(250))).as("network(8 connections, 50 requests/s, 250 ms)")
                .isEqualTo(8);
    }

    @Test
    @Tag("task:2")
    @DisplayName("task 2: rejects a connection cap below 1, naming it")
    void rejectsBadCap() {
        Throwable thrown = catchThrowable(() -> WorkerCount.forCores(4).network(0));

        assertThat(thrown).as("what network(0) throws").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionCap");
    }
}
