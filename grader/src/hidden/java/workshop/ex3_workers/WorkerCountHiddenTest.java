package workshop.ex3_workers;

import static org.assertj.core.api.Assertions.assertThat;
import static workshop.grader.checks.Checks.thrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.grader.Points;
import workshop.grader.checks.Architecture;

/**
 * Hidden tests of this exercise's tasks 1 and 2: the rules of thumb in {@link WorkerCount}, checked as
 * values and bounds on machines of any size ({@link WorkerCount#forCores}), so no verdict depends on
 * the machine that grades.
 */
@DisplayName("Exercise 3: choosing the worker count (the rules)")
class WorkerCountHiddenTest {

    /** Core counts from a one-core container to a large server. */
    private static final List<Integer> CORE_COUNTS = List.of(1, 2, 3, 4, 6, 8, 12, 16, 27, 28, 29, 32, 64, 96, 128, 512);

    @Test
    @Points(2)
    @DisplayName("CPU-bound work gets one worker per core, on any machine")
    void cpuBoundIsTheCoreCount() {
        for (int cores : CORE_COUNTS) {
            WorkerCount rules = WorkerCount.forCores(cores);
            assertThat(rules.cores())
                    .withFailMessage("forCores(%d).cores() returned %d: keep the core count you were given", cores, rules.cores())
                    .isEqualTo(cores);
            assertThat(rules.cpuBound())
                    .withFailMessage("forCores(%d).cpuBound() returned %d, expected %d: CPU-bound work stops scaling at"
                            + " the number of cores, so use exactly cores(), not a fixed number or a multiple of it",
                            cores, rules.cpuBound(), cores)
                    .isEqualTo(cores);
        }
        int available = Runtime.getRuntime().availableProcessors();
        WorkerCount here = WorkerCount.forThisMachine();
        assertThat(here.cores())
                .withFailMessage("forThisMachine().cores() returned %d, but this JVM may use %d cores: ask"
                        + " Runtime.getRuntime().availableProcessors()", here.cores(), available)
                .isEqualTo(available);
        assertThat(here.cpuBound()).as("forThisMachine().cpuBound() on %d cores", available).isEqualTo(available);
        List<String> cached = Architecture.readTheCoresOnce(WorkerCount.class);
        assertThat(cached)
                .withFailMessage("%s read(s) Runtime.getRuntime().availableProcessors() once, into a static field, when"
                        + " the class loads: the number can change while the JVM runs (a container's CPU limit), so"
                        + " forThisMachine() must ask again each time. Call availableProcessors() inside forThisMachine()",
                        cached)
                .isEmpty();
    }

    @Test
    @Points(2)
    @DisplayName("local disk gets a small pool, 4 to 8, however many cores there are")
    void localDiskStaysSmall() {
        for (int cores : CORE_COUNTS) {
            int disk = WorkerCount.forCores(cores).localDisk();
            assertThat(disk)
                    .withFailMessage("forCores(%d).localDisk() returned %d, expected 4 to 8: a disk does not read faster"
                            + " with more readers (too many thrash it), and more cores do not change that. Keep it"
                            + " between 4 and 8 whatever the core count", cores, disk)
                    .isBetween(4, 8);
        }
    }

    @Test
    @Points(2)
    @DisplayName("the default for light I/O is Python's min(32, cores + 4): never unbounded")
    void lightIoIsPythonsDefault() {
        for (int cores : CORE_COUNTS) {
            int expected = Math.min(32, cores + 4);
            int lightIo = WorkerCount.forCores(cores).lightIo();
            assertThat(lightIo)
                    .withFailMessage("forCores(%d).lightIo() returned %d, expected min(32, cores + 4) = %d: enough"
                            + " threads to overlap some I/O even on one core, and never more than 32, so a batch"
                            + " does not open more connections because nobody chose a number",
                            cores, lightIo, expected)
                    .isEqualTo(expected);
        }
    }

    @Test
    @Points(3)
    @DisplayName("network calls never get more workers than the service's connection cap, nor more than 200")
    void networkNeverExceedsTheCap() {
        WorkerCount rules = WorkerCount.forCores(4);
        for (int cap : List.of(1, 3, 20, 64, 199, 200, 201, 1_000, 100_000)) {
            int workers = rules.network(cap);
            assertThat(workers)
                    .withFailMessage("network(%d) returned %d, expected min(connectionCap, 200) = %d: every worker holds"
                            + " a connection, so never go over the connection cap, and stay in the low hundreds"
                            + " (WorkerCount.NETWORK_CEILING) with platform threads",
                            cap, workers, Math.min(cap, 200))
                    .isEqualTo(Math.min(cap, 200));
        }
        // Many services, each with a cap and a rate limit: whatever the rate limit allows, the cap holds.
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            int cap = 1 + random.nextInt(i % 2 == 0 ? 50 : 400);
            double requestsPerSecond = 1 + random.nextInt(5_000);
            Duration latency = Duration.ofMillis(1 + random.nextInt(2_000));
            int workers = rules.network(cap, requestsPerSecond, latency);
            assertThat(workers)
                    .withFailMessage("network(%d, %.1f/s, %d ms) returned %d workers, more than the service's connection"
                            + " cap of %d: the rate limit only ever lowers the count, take the smaller of the two"
                            + " (and at most 200)", cap, requestsPerSecond, latency.toMillis(), workers, cap)
                    .isLessThanOrEqualTo(Math.min(cap, 200));
            assertThat(workers)
                    .withFailMessage("network(%d, %.1f/s, %d ms) returned %d: a pool needs at least one worker",
                            cap, requestsPerSecond, latency.toMillis(), workers)
                    .isPositive();
        }
    }

    @Test
    @Points(3)
    @DisplayName("a rate limit caps the workers at requests/s x latency (Little's law), rounded down")
    void networkFollowsLittlesLaw() {
        WorkerCount rules = WorkerCount.forCores(4);
        record Service(int cap, double requestsPerSecond, Duration latency, int expected, String why) {}
        List<Service> services = List.of(
                new Service(100, 50, Duration.ofMillis(250), 12,
                        "50/s x 0.25 s = 12.5 calls in flight, rounded down: 13 would go over the rate limit"),
                new Service(100, 50, Duration.ofSeconds(1), 50, "50/s x 1 s = 50 calls in flight, under the cap of 100"),
                new Service(1_000, 30, Duration.ofMillis(150), 4, "30/s x 0.15 s = 4.5 calls in flight, rounded down"),
                new Service(8, 50, Duration.ofMillis(250), 8, "12.5 calls allowed by the rate limit, but only 8 connections"),
                new Service(20, 1_000, Duration.ofMillis(200), 20, "200 calls allowed by the rate limit, but only 20 connections"),
                new Service(10_000, 10_000, Duration.ofSeconds(1), 200,
                        "10,000 calls allowed by both, but at most 200 (NETWORK_CEILING) platform threads"),
                new Service(10, 0.5, Duration.ofSeconds(1), 1,
                        "0.5 calls in flight: the floor is 1 worker (slow it further with a rate limiter)"));
        for (Service s : services) {
            int workers = rules.network(s.cap(), s.requestsPerSecond(), s.latency());
            assertThat(workers)
                    .withFailMessage("network(connectionCap = %d, requestsPerSecond = %s, latency = %d ms) returned %d,"
                            + " expected %d: %s. Little's law: calls in flight = rate x latency; take"
                            + " max(1, min(floor(rate x latency), network(connectionCap)))",
                            s.cap(), s.requestsPerSecond(), s.latency().toMillis(), workers, s.expected(), s.why())
                    .isEqualTo(s.expected());
        }
    }

    @Test
    @Points(1)
    @DisplayName("rejects impossible machines and services with messages that name the argument")
    void rejectsBadArguments() {
        assertRejected(() -> WorkerCount.forCores(0), "forCores(0)", IllegalArgumentException.class, "cores");
        WorkerCount rules = WorkerCount.forCores(4);
        Duration latency = Duration.ofMillis(100);
        assertRejected(() -> rules.network(0), "network(0)", IllegalArgumentException.class, "connectionCap");
        assertRejected(() -> rules.network(0, 10, latency), "network(0, 10/s, 100 ms)",
                IllegalArgumentException.class, "connectionCap");
        assertRejected(() -> rules.network(10, 0, latency), "network(10, 0/s, 100 ms)",
                IllegalArgumentException.class, "requestsPerSecond");
        assertRejected(() -> rules.network(10, -5, latency), "network(10, -5/s, 100 ms)",
                IllegalArgumentException.class, "requestsPerSecond");
        assertRejected(() -> rules.network(10, Double.NaN, latency), "network(10, NaN, 100 ms)",
                IllegalArgumentException.class, "requestsPerSecond");
        assertRejected(() -> rules.network(10, 10, null), "network(10, 10/s, null)",
                NullPointerException.class, "latency");
        assertRejected(() -> rules.network(10, 10, Duration.ZERO), "network(10, 10/s, 0 ms)",
                IllegalArgumentException.class, "latency");
        assertRejected(() -> rules.network(10, 10, Duration.ofMillis(-1)), "network(10, 10/s, -1 ms)",
                IllegalArgumentException.class, "latency");
    }

    private static void assertRejected(workshop.grader.checks.Checks.Action<?> action, String what,
            Class<? extends Throwable> type, String named) {
        Throwable thrown = thrownBy(action, what + " should throw " + type.getSimpleName());
        assertThat(thrown)
                .withFailMessage("%s should throw %s with a message naming %s, but threw %s", what, type.getSimpleName(),
                        named, thrown)
                .isInstanceOf(type);
        assertThat(thrown.getMessage())
                .withFailMessage("%s threw %s, but its message should name %s so the caller knows what to fix",
                        what, thrown, named)
                .isNotNull()
                .contains(named);
    }
}
