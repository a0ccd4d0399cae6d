package workshop.ex4_cpubound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static workshop.grader.checks.Checks.thrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.ex4_cpubound.ChildFailedException.Reason;
import workshop.grader.Points;
import workshop.grader.checks.Checks;
import workshop.testkit.ChildWatch;
import workshop.testkit.FixtureChild;

/**
 * Hidden tests of this exercise's part 2: {@link ProcessPool}. The children are real JVMs running
 * {@link FixtureChild} (well-behaved, crashing, hanging, chatty ones) or {@link SerialWorker}.
 * Everything is checked by counting: the pids the children report, how many of them ran at once (a
 * rendezvous inside the children, and a watch that samples this JVM's child processes), and which
 * processes are still running afterwards. Few children per test keep the tests quick.
 */
@DisplayName("Exercise 4: a process pool for lock-bound work")
class ProcessPoolHiddenTest {

    /** Long enough for any child that behaves to start and finish on a loaded machine. */
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    private static final long OWN_PID = ProcessHandle.current().pid();
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern TOGETHER = Pattern.compile("together=(\\d+)");

    private static ChildProgram fixture(List<String> options) {
        return ChildProgram.of(FixtureChild.class).withJvmOptions(options);
    }

    /** "ok:a: done by pid 12; crash:b: NON_ZERO_EXIT (the child ... exited with code 1 ...)" */
    private static String describe(List<ChildOutcome> outcomes) {
        return String.join("; ", outcomes.stream().map(ProcessPoolHiddenTest::describe).toList());
    }

    private static String describe(ChildOutcome outcome) {
        return switch (outcome) {
            case ChildOutcome.Done done -> done.input() + ": done by pid " + done.pid() + ", value '"
                    + (done.value().length() > 60 ? done.value().substring(0, 60) + "...'" : done.value() + "'");
            case ChildOutcome.Failed failed -> failed.input() + ": failed, "
                    + (failed.error() == null ? "error null" : failed.error().reason() + " (" + failed.error().getMessage() + ")");
        };
    }

    /** Checks one outcome per input, in input order, with the right index and input. */
    private static void assertOnePerInputInOrder(List<String> inputs, List<ChildOutcome> outcomes) {
        assertThat(outcomes)
                .withFailMessage("expected one outcome per input, in input order, for %s; got %s", inputs,
                        outcomes == null ? null : describe(outcomes))
                .isNotNull()
                .extracting(ChildOutcome::input).isEqualTo(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(outcomes.get(i).index()).as("index of the outcome for %s", inputs.get(i)).isEqualTo(i);
        }
    }

    private static ChildOutcome.Done assertDone(ChildOutcome outcome) {
        if (outcome instanceof ChildOutcome.Done done) {
            return done;
        }
        return fail("expected the child for '%s' to succeed, but got: %s", outcome.input(), describe(outcome));
    }

    private static ChildFailedException assertFailed(ChildOutcome outcome, Reason reason, String why) {
        if (!(outcome instanceof ChildOutcome.Failed failed) || failed.error() == null) {
            return fail("expected the child for '%s' to fail with %s, but got: %s. %s", outcome.input(), reason,
                    describe(outcome), why);
        }
        assertThat(failed.error().reason())
                .withFailMessage("expected the child for '%s' to fail with %s, but the reason was %s (%s). %s",
                        outcome.input(), reason, failed.error().reason(), failed.error().getMessage(), why)
                .isEqualTo(reason);
        return failed.error();
    }

    /** The number after {@code pattern}'s key in a fixture child's reply. */
    private static long field(Pattern pattern, ChildOutcome.Done done) {
        Matcher m = pattern.matcher(done.value());
        if (!m.find()) {
            return fail("the child for '%s' replied '%s', which is not what it printed: pass the child's reply on"
                    + " unchanged (WorkerProtocol.parse of its whole standard output)", done.input(), done.value());
        }
        return Long.parseLong(m.group(1));
    }

    private static void assertNothingLeftRunning(ChildWatch watch, String when) throws InterruptedException {
        List<String> running = watch.stillRunningAfter(ChildWatch.EXIT_GRACE);
        assertThat(running)
                .withFailMessage("%d process(es) were still running %d s after map %s: %s. Kill a child that must"
                        + " stop with destroyForcibly() (a hung child can ignore a polite destroy()), kill the"
                        + " processes it started too (list process.descendants() before killing it), and wait for"
                        + " the child to be gone before returning", running.size(), ChildWatch.EXIT_GRACE.toSeconds(),
                        when, running)
                .isEmpty();
    }

    @Test
    @Points(3)
    @Timeout(60)
    @DisplayName("runs each input in a child JVM of its own, all at once when maxProcesses allows")
    void runsEachInputInAChildOfItsOwn() throws Exception {
        List<String> inputs = List.of("ok:a", "ok:b", "ok:c");
        try (ChildWatch watch = ChildWatch.start()) {
            // Each child waits until three of them run at once (or it is clear they never will), and
            // reports how many it saw.
            List<ChildOutcome> outcomes = ProcessPool.map(fixture(watch.fixtureOptions(3, 0)), inputs, 3, GENEROUS);

            assertOnePerInputInOrder(inputs, outcomes);
            Set<Long> pids = new HashSet<>();
            for (ChildOutcome outcome : outcomes) {
                ChildOutcome.Done done = assertDone(outcome);
                long reported = field(PID, done);
                assertThat(reported)
                        .withFailMessage("the input '%s' ran in this JVM (pid %d), not in a child JVM: start a child"
                                + " process for it with ProcessBuilder(program.command(java, input))", done.input(), OWN_PID)
                        .isNotEqualTo(OWN_PID);
                assertThat(done.pid())
                        .withFailMessage("the outcome for '%s' says pid %d, but the child that ran it was pid %d: give"
                                + " each outcome the pid of its own child (process.pid())", done.input(), done.pid(), reported)
                        .isEqualTo(reported);
                assertThat(done.value()).as("reply of the child for %s", done.input()).startsWith(done.input() + " ");
                pids.add(reported);
            }
            assertThat(pids).withFailMessage("the 3 inputs ran in only %d different processes: one child each", pids.size())
                    .hasSize(3);
            long together = outcomes.stream().mapToLong(o -> field(TOGETHER, (ChildOutcome.Done) o)).min().orElse(0);
            assertThat(together)
                    .withFailMessage("only %d child process(es) ran at once, though maxProcesses was 3 and there were 3"
                            + " inputs: start every child (submit every input to a pool of maxProcesses threads) before"
                            + " waiting for any of them", together)
                    .isEqualTo(3);
            assertNothingLeftRunning(watch, "returned");
        }
    }

    @Test
    @Points(3)
    @Timeout(60)
    @DisplayName("never has more than maxProcesses children alive at once")
    void neverMoreThanMaxProcessesAtOnce() throws Exception {
        List<String> inputs = List.of("ok:a", "ok:b", "ok:c", "ok:d");
        try (ChildWatch watch = ChildWatch.start()) {
            // Children meet in pairs and stay 300 ms, counting the others that run.
            List<ChildOutcome> outcomes = ProcessPool.map(fixture(watch.fixtureOptions(2, 300)), inputs, 2, GENEROUS);

            int mostAlive = watch.maxAlive();
            long mostSeenByChildren = outcomes.stream()
                    .filter(o -> o instanceof ChildOutcome.Done)
                    .mapToLong(o -> field(TOGETHER, (ChildOutcome.Done) o)).max().orElse(0);
            assertThat(Math.max(mostAlive, mostSeenByChildren))
                    .withFailMessage("%d child processes were alive at once, but maxProcesses was 2: start children from a"
                            + " pool of maxProcesses threads, each waiting for its child to exit before taking the next"
                            + " input (not a thread per input, not a cached pool)", Math.max(mostAlive, mostSeenByChildren))
                    .isLessThanOrEqualTo(2);
            assertOnePerInputInOrder(inputs, outcomes);
            outcomes.forEach(ProcessPoolHiddenTest::assertDone);
            assertNothingLeftRunning(watch, "returned");
        }
    }

    @Test
    @Points(3)
    @Timeout(60)
    @DisplayName("a child that crashes or exits with a non-zero code is that input's error, and the others go on")
    void nonZeroExitsAreThatInputsError() throws Exception {
        List<String> inputs = List.of("crash:a", "ok:b", "exit3:c");
        try (ChildWatch watch = ChildWatch.start()) {
            List<ChildOutcome> outcomes = ProcessPool.map(fixture(watch.fixtureOptions()), inputs, 3, GENEROUS);

            assertOnePerInputInOrder(inputs, outcomes);
            ChildFailedException crash = assertFailed(outcomes.get(0), Reason.NON_ZERO_EXIT,
                    "The child threw an exception from main, so the JVM exited with code 1: check process.exitValue()");
            assertThat(crash.getMessage())
                    .withFailMessage("the error for the crashed child should give its exit code 1; its message was '%s'",
                            crash.getMessage())
                    .contains("1");
            assertDone(outcomes.get(1));
            ChildFailedException exit3 = assertFailed(outcomes.get(2), Reason.NON_ZERO_EXIT,
                    "The child printed a well-formed reply, then called System.exit(3): a non-zero exit code is a"
                            + " failure whatever the child printed, so check exitValue() before reading the reply");
            assertThat(exit3.getMessage())
                    .withFailMessage("the error for the child that exited with code 3 should give the code; its message"
                            + " was '%s'", exit3.getMessage())
                    .contains("3");
            assertNothingLeftRunning(watch, "returned");
        }
    }

    @Test
    @Points(2)
    @Timeout(60)
    @DisplayName("a child that exits with 0 but prints no reply is that input's error")
    void garbageOutputIsThatInputsError() throws Exception {
        List<String> inputs = List.of("garbage:a", "ok:b");
        try (ChildWatch watch = ChildWatch.start()) {
            List<ChildOutcome> outcomes = ProcessPool.map(fixture(watch.fixtureOptions()), inputs, 2, GENEROUS);

            assertOnePerInputInOrder(inputs, outcomes);
            assertFailed(outcomes.get(0), Reason.BAD_OUTPUT, "It exited with 0 after printing 'Hello from child ...!"
                    + " This is not a reply.': when WorkerProtocol.parse finds no reply, record a BAD_OUTPUT error"
                    + " instead of a result");
            assertDone(outcomes.get(1));
        }
    }

    /**
     * What {@code action} returned; if it threw (anything but the stub's "not implemented yet"), fails
     * with what it threw, what was asked of it and {@code hint}, instead of the bare exception.
     */
    private static <T> T mapOrFail(Checks.Action<T> action, String what, String hint) throws Exception {
        try {
            return action.run();
        } catch (UnsupportedOperationException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return fail("%s threw %s. Perhaps %s", what, e, hint);
        }
    }

    @Test
    @Points(2)
    @Timeout(60)
    @DisplayName("a child that writes megabytes to stdout or stderr is never blocked on a full pipe")
    void bigOutputsDoNotBlockTheChild() throws Exception {
        List<String> inputs = List.of("big:a", "noisy:b");
        String pipes = "a child blocked on a full pipe: a pipe holds some 64 KB, so a child whose stdout or stderr"
                + " nobody reads blocks on it until its timeout kills it (and a killed child's pipes then read as 'Stream closed'). Read the child's stdout"
                + " and stderr while it runs, both of them (or redirect them to files, or discard stderr with"
                + " ProcessBuilder.Redirect.DISCARD), before waiting for the exit";
        try (ChildWatch watch = ChildWatch.start()) {
            List<ChildOutcome> outcomes = mapOrFail(() -> ProcessPool.map(fixture(watch.fixtureOptions()), inputs, 2,
                    Duration.ofSeconds(10)), "map of a child that writes 1 MiB to stdout ('big:a') and one that writes"
                    + " 1 MiB to stderr ('noisy:b')", pipes);

            assertOnePerInputInOrder(inputs, outcomes);
            for (ChildOutcome outcome : outcomes) {
                if (outcome instanceof ChildOutcome.Failed failed && failed.error() != null
                        && failed.error().reason() == Reason.TIMED_OUT) {
                    fail("the child for '%s' timed out after 10 s, though it only writes 1 MiB to %s and exits: a pipe"
                            + " holds some 64 KB, so the child blocked until somebody read it, while map waited for it"
                            + " to exit. Read the child's stdout and stderr while it runs (or redirect them to files,"
                            + " or discard stderr) before waiting for the exit",
                            outcome.input(), outcome.input().startsWith("big") ? "stdout" : "stderr");
                }
                if (!(outcome instanceof ChildOutcome.Done)) {
                    fail("expected the child for '%s' to succeed (it writes 1 MiB to %s and exits with code 0), but got: %s."
                            + " Perhaps %s", outcome.input(), outcome.input().startsWith("big") ? "stdout" : "stderr",
                            describe(outcome), pipes);
                }
            }
            ChildOutcome.Done big = assertDone(outcomes.get(0));
            assertThat(big.value().length())
                    .withFailMessage("the child for 'big:a' replied with %d characters, but its reply had %d: read all"
                            + " of its output", big.value().length(), FixtureChild.BIG_REPLY_LENGTH)
                    .isEqualTo(FixtureChild.BIG_REPLY_LENGTH);
            assertDone(outcomes.get(1));
        }
    }

    @Test
    @Points(3)
    @Timeout(90)
    @DisplayName("a child still running at its timeout is killed, with every process it started")
    void hungChildrenAreKilledAtTheirTimeout() throws Exception {
        List<String> inputs = List.of("hang:a", "spawn:b");
        // 'hang' ignores a polite kill (SIGTERM); 'spawn' starts a grandchild JVM that hangs too. On a loaded
        // machine the child may reach its timeout before it has started the grandchild, and then there is no
        // grandchild to judge: grade it again with twice the timeout, so the verdict never depends on the load.
        for (Duration timeout = Duration.ofSeconds(2); ; timeout = timeout.multipliedBy(2)) {
            try (ChildWatch watch = ChildWatch.start()) {
                List<ChildOutcome> outcomes = ProcessPool.map(fixture(watch.fixtureOptions()), inputs, 2, timeout);

                assertOnePerInputInOrder(inputs, outcomes);
                for (ChildOutcome outcome : outcomes) {
                    assertFailed(outcome, Reason.TIMED_OUT, "The child never ends on its own: wait for it with"
                            + " process.waitFor(timeout), and when that returns false, kill it and record a TIMED_OUT error");
                }
                if (!watch.grandchildPids().isEmpty() || timeout.toSeconds() >= 16) {
                    assertNothingLeftRunning(watch, "returned");
                    return;
                }
            }
        }
    }

    @Test
    @Points(2)
    @Timeout(60)
    @DisplayName("when the caller is interrupted, kills every child and throws InterruptedException")
    void interruptKillsTheChildren() throws Throwable {
        List<String> inputs = List.of("spawn:a", "hang:b");
        try (ChildWatch watch = ChildWatch.start()) {
            Checks.Running<List<ChildOutcome>> running = Checks.startInOwnThread(
                    () -> ProcessPool.map(fixture(watch.fixtureOptions()), inputs, 2, GENEROUS));
            boolean started = watch.awaitHanging(2, 1, Duration.ofSeconds(20), running.outcome()::isDone);
            if (running.outcome().isDone()) {
                try {
                    List<ChildOutcome> early = running.outcome().get();
                    fail("map returned %s before its children had even started, and they never end on their own",
                            early == null ? "null" : describe(early));
                } catch (ExecutionException e) {
                    throw e.getCause(); // what map threw before it was interrupted
                }
            }
            running.thread().interrupt();
            Throwable thrown = running.thrownWithin(Duration.ofSeconds(15),
                    "interrupting the thread that waits in map should end map with an InterruptedException");

            assertThat(started)
                    .withFailMessage("the 2 children (and the grandchild of 'spawn:a') were not all running 20 s after"
                            + " map started, with maxProcesses = 2: start both before waiting for either")
                    .isTrue();
            assertThat(thrown)
                    .withFailMessage("expected InterruptedException, but map threw %s: let it propagate, after killing"
                            + " the children", thrown)
                    .isInstanceOf(InterruptedException.class);
            assertNothingLeftRunning(watch, "was interrupted");
        }
    }

    @Test
    @Points(2)
    @Timeout(60)
    @DisplayName("runs the lock-bound SerialLibrary in child JVMs: right digests, one process per input")
    void runsTheSerialLibraryInChildProcesses() throws Exception {
        List<String> inputs = List.of("alpha", "beta");
        try (ChildWatch watch = ChildWatch.start()) {
            ChildProgram worker = ChildProgram.of(SerialWorker.class).withJvmOptions(watch.markerOptions());

            List<ChildOutcome> outcomes = ProcessPool.map(worker, inputs, 2, GENEROUS);

            assertOnePerInputInOrder(inputs, outcomes);
            Set<Long> pids = new HashSet<>();
            for (ChildOutcome outcome : outcomes) {
                ChildOutcome.Done done = assertDone(outcome);
                assertThat(done.pid())
                        .withFailMessage("the digest of '%s' was computed in this JVM (pid %d), not in a child: threads"
                                + " of one JVM take turns on SerialLibrary's process-wide lock, so they cannot speed it"
                                + " up. Run each input in a child JVM with ProcessBuilder", done.input(), OWN_PID)
                        .isNotEqualTo(OWN_PID)
                        .isPositive();
                assertThat(done.value())
                        .withFailMessage("the child for '%s' replied '%s', but SerialWorker prints the digest '%s': pass"
                                + " the reply's value on (WorkerProtocol.parse)", done.input(), done.value(),
                                SerialLibrary.digest(done.input()))
                        .isEqualTo(SerialLibrary.digest(done.input()));
                pids.add(done.pid());
            }
            assertThat(pids).withFailMessage("the 2 inputs report only %d different pids %s: one child each", pids.size(), pids)
                    .hasSize(2);
        }
    }

    @Test
    @Points(1)
    @DisplayName("gives an empty list for empty input, and rejects bad arguments with clear messages")
    void edgeCases() throws Exception {
        try (ChildWatch watch = ChildWatch.start()) {
            ChildProgram program = fixture(watch.fixtureOptions());

            List<ChildOutcome> empty = ProcessPool.map(program, List.of(), 2, GENEROUS);
            assertThat(empty).withFailMessage("map of no inputs should be an empty list, got %s", empty).isEmpty();

            assertThat(thrownBy(() -> ProcessPool.map(null, List.of("ok:a"), 2, GENEROUS), "map(null, ...) should throw"))
                    .as("map(null, inputs, 2, timeout)").isInstanceOf(NullPointerException.class).hasMessageContaining("program");
            assertThat(thrownBy(() -> ProcessPool.map(program, null, 2, GENEROUS), "map(program, null, ...) should throw"))
                    .as("map(program, null, 2, timeout)").isInstanceOf(NullPointerException.class).hasMessageContaining("inputs");
            assertThat(thrownBy(() -> ProcessPool.map(program, List.of("ok:a"), 0, GENEROUS), "maxProcesses 0 should be rejected"))
                    .as("map(program, inputs, 0, timeout)").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxProcesses");
            assertThat(thrownBy(() -> ProcessPool.map(program, List.of("ok:a"), 2, Duration.ZERO), "a zero timeout should be rejected"))
                    .as("map(program, inputs, 2, Duration.ZERO)").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout");
            assertThat(watch.childPids()).as("child processes started for no inputs or bad arguments").isEmpty();
        }
    }
}
