package workshop.bench;

import static org.mockito.Mockito.withSettings;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.mockito.Mockito;
import workshop.common.BlockingCall;
import workshop.testkit.SlowCall;

/**
 * The slow calls the figures hand to the code under test. The figures use {@link #slow(int)}, the
 * tests' own mock; the others exist to show what the mock itself costs.
 */
public final class Calls {

    private Calls() {}

    /** The inputs 0..n-1. */
    public static List<Integer> inputs(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The tests' mocked slow call: a Mockito mock that sleeps {@code latencyMs} and records every call. */
    public static SlowCall<Integer, String> slow(int latencyMs) {
        return SlowCall.<Integer>echoing().latencyMillis(latencyMs).named("benchmarkCall").build();
    }

    /**
     * A Mockito mock that sleeps {@code latencyMs} but records nothing ({@code stubOnly()}): what
     * Mockito's interception costs without its invocation recording or SlowCall's bookkeeping.
     */
    public static BlockingCall<Integer, String> stubOnly(int latencyMs) {
        @SuppressWarnings("unchecked")
        BlockingCall<Integer, String> mock = Mockito.mock(BlockingCall.class, withSettings()
                .stubOnly()
                .defaultAnswer(invocation -> {
                    TimeUnit.MILLISECONDS.sleep(latencyMs);
                    return "result-" + invocation.getArgument(0);
                }));
        return mock;
    }

    /** No mock at all: a lambda that sleeps {@code latencyMs}, the floor for any mocked call. */
    public static BlockingCall<Integer, String> plainSleep(int latencyMs) {
        return input -> {
            TimeUnit.MILLISECONDS.sleep(latencyMs);
            return "result-" + input;
        };
    }

    /** A trivial task, like the Python reference's {@code lambda x: x}: all that is left to time is the pool. */
    public static BlockingCall<Integer, Integer> trivial() {
        return input -> input;
    }
}
