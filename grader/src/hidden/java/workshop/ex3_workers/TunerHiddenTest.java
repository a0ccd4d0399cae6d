package workshop.ex3_workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static workshop.grader.checks.Checks.assertMockSatisfied;
import static workshop.grader.checks.Checks.assertNothingLeftRunning;
import static workshop.grader.checks.Checks.assertPoolShutDown;
import static workshop.grader.checks.Checks.thrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.common.BlockingCall;
import workshop.grader.Points;
import workshop.grader.checks.Checks;
import workshop.testkit.SlowCall;

/**
 * Hidden tests of this exercise's tasks 3 and 4: {@link Tuner#timing} with mocked slow calls (checked by
 * counting calls in flight), and {@link Tuner#tune} with fake trials whose best worker count is
 * known (checked exactly: no stopwatch is involved).
 */
@DisplayName("Exercise 3: choosing the worker count (the tuner)")
class TunerHiddenTest {

    /** The saturating service's candidates, shuffled: the tuner must sort them itself. */
    private static final List<Integer> SERVICE_CANDIDATES = List.of(40, 1, 10, 160, 5, 20, 2, 80);

    /**
     * A service that serves at most 20 calls at once, 100 ms each: calls beyond 20 queue. Each call
     * also costs 1 ms of client-side work, which more workers do overlap, so past 20 workers the
     * throughput still creeps up, by under 1%: the fastest count is the largest, 160, while 20
     * workers are within 1% of it.
     */
    private static Duration saturatesAt20(int workers, int calls) {
        long service = 100L * Math.ceilDiv(calls, Math.min(workers, 20));
        long client = Math.ceilDiv(calls, workers);
        return Duration.ofMillis(service + client);
    }

    /**
     * CPU-bound work on a 4-core machine: each call computes for 10 ms; 4 run at once, the rest take
     * turns, and every thread past the fourth adds 1% of switching overhead.
     */
    private static Duration cpuBoundOn4Cores(int workers, int calls) {
        double millis = 10.0 * Math.ceilDiv(calls, Math.min(workers, 4)) * (1 + 0.01 * Math.max(0, workers - 4));
        return Duration.ofMillis(Math.round(millis));
    }

    /** A trial following {@code model} that records every run and rejects runs the tuner should not make. */
    private static final class FakeTrial implements Trial {
        private final Model model;
        private final List<Integer> candidates;
        private final int callsPerTrial;
        private final Map<Integer, Integer> runs = Collections.synchronizedMap(new TreeMap<>());

        /** The time of the {@code run}-th run (from 0) at {@code workers}. */
        @FunctionalInterface
        interface Model {
            Duration elapsed(int workers, int calls, int run);
        }

        FakeTrial(List<Integer> candidates, int callsPerTrial, Model model) {
            this.model = model;
            this.candidates = candidates;
            this.callsPerTrial = callsPerTrial;
        }

        @Override
        public Duration run(int workers, int calls) {
            if (!candidates.contains(workers)) {
                throw new AssertionError("tune ran the trial with " + workers + " workers, which is not one of the"
                        + " candidates " + candidates + ": measure exactly the candidate counts");
            }
            if (calls != callsPerTrial) {
                throw new AssertionError("tune ran the trial with calls = " + calls + ", but callsPerTrial was "
                        + callsPerTrial + ": pass callsPerTrial to every run, so all counts do the same work");
            }
            int run = runs.merge(workers, 1, Integer::sum) - 1;
            return model.elapsed(workers, calls, run);
        }

        Map<Integer, Integer> runs() {
            synchronized (runs) {
                return new TreeMap<>(runs);
            }
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    /** Fails, saying what went wrong with the choice, unless {@code tuning} chose {@code expected}. */
    private static void assertChose(Tuning tuning, int expected, double tolerance, String workload) {
        int chosen = tuning.chosen();
        if (chosen == expected) {
            return;
        }
        Measurement best = tuning.best();
        double share = tuning.chosenMeasurement().throughput() / best.throughput();
        String why;
        if (chosen == best.workers()) {
            why = "that is the fastest count, but " + expected + " workers came within " + percent(tolerance)
                    + " of it with fewer threads. Choose the smallest count whose throughput is at least"
                    + " (1 - tolerance) x the best, not the fastest";
        } else if (share < 1 - tolerance) {
            why = "that count reaches only " + percent(share) + " of the best throughput, below the bar of (1 - tolerance)"
                    + " = " + percent(1 - tolerance) + ". Keep the counts whose throughput is at least"
                    + " (1 - tolerance) x best (not tolerance x best), and take the smallest of them";
        } else {
            why = "but " + expected + " workers are fewer and also within " + percent(tolerance)
                    + " of the best: take the smallest count that qualifies";
        }
        String target = tolerance == 0 ? "the fastest count (the smallest of equally fast ones)"
                : "the smallest count within " + percent(tolerance) + " of the best throughput";
        fail("%s, tolerance %s: expected tune to choose %d workers, %s, but it chose %d; %s.%nYour measurements:%n%s",
                workload, tolerance, expected, target, chosen, why, tuning.table());
    }

    // ---- task 4: the tuner, with fake trials ----

    @Test
    @Points(4)
    @DisplayName("for a service that saturates at 20 connections, chooses 20 workers, not the marginally faster 160")
    void findsTheSaturationPoint() throws Exception {
        FakeTrial trial = new FakeTrial(SERVICE_CANDIDATES, 200, (workers, calls, run) -> saturatesAt20(workers, calls));

        Tuning tuning = new Tuner(SERVICE_CANDIDATES, 200, 1, 0.05).tune(trial);

        assertChose(tuning, 20, 0.05, "A service that serves 20 calls at once (more only queue)");
    }

    @Test
    @Points(2)
    @DisplayName("for CPU-bound work on 4 cores, chooses 4 workers: more threads only take turns")
    void findsTheCoreCount() throws Exception {
        List<Integer> candidates = List.of(1, 2, 3, 4, 6, 8, 16, 64);
        FakeTrial trial = new FakeTrial(candidates, 400, (workers, calls, run) -> cpuBoundOn4Cores(workers, calls));

        Tuning tuning = new Tuner(candidates, 400, 1, 0.10).tune(trial);

        assertChose(tuning, 4, 0.10, "CPU-bound work on a 4-core machine");
    }

    @Test
    @Points(3)
    @DisplayName("applies the tolerance as a fraction below the best throughput")
    void appliesTheTolerance() throws Exception {
        // Throughput relative to the best (20 workers): 5 -> 50%, 10 -> 92%, 20 -> 100%, 40 -> 99%.
        List<Integer> candidates = List.of(5, 10, 20, 40);
        Map<Integer, Duration> curve = Map.of(
                5, Duration.ofMillis(2_000), 10, Duration.ofMillis(1_087),
                20, Duration.ofMillis(1_000), 40, Duration.ofMillis(1_010));

        for (double tolerance : List.of(0.10, 0.05, 0.0)) {
            int expected = tolerance == 0.10 ? 10 : 20;
            FakeTrial trial = new FakeTrial(candidates, 100, (workers, calls, run) -> curve.get(workers));

            Tuning tuning = new Tuner(candidates, 100, 1, tolerance).tune(trial);

            assertChose(tuning, expected, tolerance, "Throughput 50%, 92%, 100%, 99% of the best at 5, 10, 20, 40 workers");
        }
    }

    @Test
    @Points(1)
    @DisplayName("with tolerance 0, chooses the fastest count, the smallest of equally fast ones")
    void toleranceZeroTakesTheSmallestFastest() throws Exception {
        List<Integer> candidates = List.of(2, 4, 8, 16, 32);
        FakeTrial trial = new FakeTrial(candidates, 64, (workers, calls, run) ->
                Duration.ofMillis(100L * Math.ceilDiv(calls, Math.min(workers, 8))));

        Tuning tuning = new Tuner(candidates, 64, 1, 0.0).tune(trial);

        assertChose(tuning, 8, 0.0, "8, 16 and 32 workers equally fast");
    }

    @Test
    @Points(3)
    @DisplayName("measures each candidate `rounds` times and keeps the fastest round")
    void keepsTheFastestRound() throws Exception {
        // The saturating service, with one disturbed round at some counts (a GC pause, another
        // program): at 20 workers the first round, at 40 the last, at 10 the middle one.
        Map<Integer, Integer> disturbedRound = Map.of(20, 0, 40, 2, 10, 1);
        FakeTrial trial = new FakeTrial(SERVICE_CANDIDATES, 200, (workers, calls, run) -> {
            Duration undisturbed = saturatesAt20(workers, calls);
            return disturbedRound.getOrDefault(workers, -1) == run ? undisturbed.multipliedBy(3) : undisturbed;
        });

        Tuning tuning = new Tuner(SERVICE_CANDIDATES, 200, 3, 0.05).tune(trial);

        Map<Integer, Integer> runs = trial.runs();
        Map<Integer, Integer> threeEach = new TreeMap<>();
        SERVICE_CANDIDATES.forEach(workers -> threeEach.put(workers, 3));
        assertThat(runs)
                .withFailMessage("with rounds = 3 expected the trial to run 3 times at each count, %s, but it ran"
                        + " %s (workers=runs): measure every candidate `rounds` times", threeEach, runs)
                .isEqualTo(threeEach);
        for (Measurement m : tuning.measurements()) {
            Duration fastest = saturatesAt20(m.workers(), 200);
            assertThat(m.elapsed())
                    .withFailMessage("the measurement for %d workers says %d ms, but its fastest of 3 rounds took %d ms:"
                            + " keep the fastest round of each count (noise only ever adds time), not the first, the"
                            + " last or the average.%nYour measurements:%n%s",
                            m.workers(), m.elapsed().toMillis(), fastest.toMillis(), tuning.table())
                    .isEqualTo(fastest);
        }
        assertChose(tuning, 20, 0.05, "The service that saturates at 20, with disturbed rounds");
    }

    @Test
    @Points(2)
    @DisplayName("returns one measurement per candidate, none left out, for a table or a plot")
    void keepsEveryMeasurement() throws Exception {
        FakeTrial trial = new FakeTrial(SERVICE_CANDIDATES, 200, (workers, calls, run) -> saturatesAt20(workers, calls));

        Tuning tuning = new Tuner(SERVICE_CANDIDATES, 200, 1, 0.05).tune(trial);

        List<Integer> sorted = SERVICE_CANDIDATES.stream().sorted().toList();
        assertThat(tuning.workerCounts())
                .withFailMessage("expected one measurement for each candidate %s, but the tuning holds measurements for"
                        + " %s: return every measurement, not only the chosen or the good ones, so the whole curve"
                        + " can be drawn", sorted, tuning.workerCounts())
                .isEqualTo(sorted);
        for (Measurement m : tuning.measurements()) {
            assertThat(m.calls())
                    .withFailMessage("the measurement for %d workers says calls = %d, but every trial made"
                            + " callsPerTrial = 200 calls: throughput is calls / elapsed", m.workers(), m.calls())
                    .isEqualTo(200);
            assertThat(m.elapsed())
                    .withFailMessage("the measurement for %d workers says %d ms, but the trial took %d ms",
                            m.workers(), m.elapsed().toMillis(), saturatesAt20(m.workers(), 200).toMillis())
                    .isEqualTo(saturatesAt20(m.workers(), 200));
        }
    }

    @Test
    @Points(1)
    @DisplayName("passes a failing trial's exception on unchanged")
    void passesOnATrialsFailure() {
        ConnectException refused = new ConnectException("connection refused: the service allows 20 connections");
        List<Integer> candidates = List.of(10, 20, 40);
        Trial trial = (workers, calls) -> {
            if (workers > 20) {
                throw refused;
            }
            return saturatesAt20(workers, calls);
        };

        Throwable thrown = thrownBy(() -> new Tuner(candidates, 100, 2, 0.05).tune(trial),
                "tune should throw the ConnectException the trial threw at 40 workers");

        assertThat(thrown)
                .withFailMessage("expected tune to throw the trial's own ConnectException (a workload that fails at a"
                        + " count gives no measurement), but it threw %s: let the exception propagate, unwrapped", thrown)
                .isSameAs(refused);
    }

    @Test
    @Points(1)
    @DisplayName("rejects impossible settings with messages that name the setting")
    void rejectsBadSettings() {
        List<Integer> ok = List.of(1, 2, 4);
        assertRejected(() -> new Tuner(List.of(), 10, 1, 0.05), "new Tuner(candidates = [], ...)",
                IllegalArgumentException.class, "candidates");
        assertRejected(() -> new Tuner(List.of(1, 0, 4), 10, 1, 0.05), "new Tuner(candidates = [1, 0, 4], ...)",
                IllegalArgumentException.class, "candidates");
        assertRejected(() -> new Tuner(List.of(1, 2, 2), 10, 1, 0.05), "new Tuner(candidates = [1, 2, 2], ...)",
                IllegalArgumentException.class, "candidates");
        assertRejected(() -> new Tuner(null, 10, 1, 0.05), "new Tuner(candidates = null, ...)",
                NullPointerException.class, "candidates");
        assertRejected(() -> new Tuner(ok, 0, 1, 0.05), "new Tuner(..., callsPerTrial = 0, ...)",
                IllegalArgumentException.class, "callsPerTrial");
        assertRejected(() -> new Tuner(ok, 10, 0, 0.05), "new Tuner(..., rounds = 0, ...)",
                IllegalArgumentException.class, "rounds");
        for (double tolerance : new double[] {-0.01, 1.0, 5, Double.NaN}) {
            assertRejected(() -> new Tuner(ok, 10, 1, tolerance), "new Tuner(..., tolerance = " + tolerance + ")",
                    IllegalArgumentException.class, "tolerance");
        }
        assertRejected(() -> new Tuner(ok, 10, 1, 0.05).tune(null), "tune(null)", NullPointerException.class, "trial");
    }

    // ---- task 3: timing a real batch on a pool ----

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    @Points(3)
    @DisplayName("timing runs the batch on exactly `workers` threads at once, and shuts its pool down")
    void timingRunsOnExactlyWorkersThreads() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latencyMillis(30).rendezvous(4).build();

        Duration elapsed = Tuner.timing(range(12), slow.mock()).run(4, 12);

        assertMockSatisfied(slow, "with workers = 4 four calls should overlap: submit every call to a fixed pool of"
                + " `workers` threads before waiting for any");
        assertThat(slow.startedCount())
                .withFailMessage("run(4, 12) made %d calls, expected 12", slow.startedCount()).isEqualTo(12);
        assertThat(slow.maxInFlight())
                .withFailMessage("up to %d calls were in flight at once, but workers was 4: the measurement is of a"
                        + " pool of exactly `workers` threads (Executors.newFixedThreadPool(workers)), not one thread"
                        + " per call", slow.maxInFlight())
                .isEqualTo(4);
        assertThat(slow.threads())
                .withFailMessage("the calls ran on %d different threads, but workers was 4", slow.threads().size())
                .hasSizeLessThanOrEqualTo(4);
        assertThat(elapsed).as("the time run(4, 12) returned").isPositive();
        assertNothingLeftRunning(slow, "run");
        assertPoolShutDown(slow, "run");
    }

    @Test
    @Points(2)
    @DisplayName("timing measures until the last call has finished")
    void timingCoversTheWholeBatch() throws Exception {
        // Input 5's call alone takes 600 ms, whatever pool runs it, so any clock that stops after the last call has
        // finished reads at least that, however many threads ran the calls and however loaded the machine is.
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 5 ? Duration.ofMillis(600) : Duration.ofMillis(10)).build();

        Duration elapsed = Tuner.timing(range(6), slow.mock()).run(2, 6);

        assertThat(slow.finished())
                .withFailMessage("only %d of the 6 calls had finished when run returned: wait for every call (get() on"
                        + " each future) before returning", slow.finished().size())
                .hasSize(6);
        assertThat(elapsed)
                .withFailMessage("run(2, 6) returned %d ms, but one of its 6 calls alone takes 600 ms:"
                        + " start the clock just before the first submission and stop it after the last call has"
                        + " finished (after get() on every future), not after submitting", elapsed.toMillis())
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    @Points(1)
    @DisplayName("timing makes `calls` calls, cycling through the sample inputs")
    void timingCyclesThroughTheSamples() throws Exception {
        SlowCall<String, String> slow = SlowCall.<String>echoing().latencyMillis(5).build();
        BlockingCall<String, String> call = slow.mock();

        Tuner.timing(List.of("a", "b", "c"), call).run(3, 7);

        List<String> inputs = new ArrayList<>(slow.startedInputs());
        Collections.sort(inputs);
        assertThat(inputs)
                .withFailMessage("run(3, 7) over the samples [a, b, c] called with %s; expected 7 calls, cycling"
                        + " through the samples: a, b, c, a, b, c, a (call k gets samples.get(k %% samples.size()))",
                        slow.startedInputs())
                .isEqualTo(List.of("a", "a", "a", "b", "b", "c", "c"));
        verify(call, times(3)).call("a");
    }

    @Test
    @Points(2)
    @DisplayName("timing throws a failed call's exception, unwrapped, and leaves nothing running")
    void timingThrowsTheCallsFailure() throws Exception {
        IOException boom = new IOException("input 1 failed");
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing()
                .latency(i -> i == 1 ? Duration.ZERO : Duration.ofMillis(200))
                .failing(Map.of(1, boom))
                .build();

        Throwable thrown = thrownBy(() -> Tuner.timing(range(20), slow.mock()).run(2, 20),
                "run should throw the IOException of input 1");

        if (thrown instanceof ExecutionException && thrown.getCause() == boom) {
            throw new AssertionError("run threw an ExecutionException wrapping the call's IOException: unwrap it with"
                    + " getCause() and throw the original (a failed batch is not a measurement)");
        }
        assertThat(thrown)
                .withFailMessage("expected run to throw the IOException of input 1, as the call threw it, but it threw"
                        + " %s", thrown)
                .isSameAs(boom);
        assertNothingLeftRunning(slow, "run");
        assertPoolShutDown(slow, "run");
    }

    private static void assertRejected(Checks.Action<?> action, String what, Class<? extends Throwable> type, String named) {
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
