package workshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * How long the mocked calls slept during a run of the hidden tests: the waits no grader can avoid,
 * since the tests ask for them. Read from a Flight Recorder recording of {@code jdk.ThreadSleep}
 * events, keeping the sleeps made by {@code workshop.testkit.SlowCall} (its latency) and by the test
 * kit's HTTP server as it answers a request ({@code TestServer.handle}: exercise 7's latency and slow
 * bodies), and taking the union of their intervals: two calls sleeping at once count once, as they
 * cost the wall clock once.
 *
 * <p>The same recording says where the rest goes: the other sleeps in our code on the test's own
 * thread (a check that waits a fixed time, say), by the first {@code workshop.} frame that made them,
 * and CPU samples by library.
 */
public final class MockedWaits {

    /** Flight Recorder settings: every sleep with the stack that made it, and CPU samples every 20 ms. */
    public static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="workshop mocked waits">
              <event name="jdk.ThreadSleep">
                <setting name="enabled">true</setting>
                <setting name="stackTrace">true</setting>
                <setting name="threshold">0 ms</setting>
              </event>
              <event name="jdk.ExecutionSample">
                <setting name="enabled">true</setting>
                <setting name="period">20 ms</setting>
              </event>
            </configuration>
            """;

    private static final String SLOW_CALL = "workshop.testkit.SlowCall";
    private static final String SERVER_ANSWERS = "workshop.testkit.TestServer.handle:";

    /** Where a CPU sample's time goes, by the first frame (from the top) in one of these packages. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("com.tngtech.archunit.", "ArchUnit (architecture checks)");
        LIBRARIES.put("com.sun.tools.javac.", "javac (compiling the submission)");
        LIBRARIES.put("net.bytebuddy.", "Mockito and ByteBuddy (mocks)");
        LIBRARIES.put("org.mockito.", "Mockito and ByteBuddy (mocks)");
        LIBRARIES.put("org.junit.", "JUnit");
        LIBRARIES.put("jdk.jfr.", "Flight Recorder (this measurement)");
    }

    private MockedWaits() {}

    /** Writes {@link #SETTINGS} to a file for {@code -XX:StartFlightRecording:settings=...}. */
    public static Path settingsFile() throws IOException {
        Path file = Files.createTempFile("workshop-bench-sleeps-", ".jfc");
        file.toFile().deleteOnExit();
        Files.writeString(file, SETTINGS);
        return file;
    }

    /**
     * What the recording holds.
     *
     * @param seconds wall-clock seconds during which at least one mocked call slept
     * @param sleeps how many mocked sleeps were recorded
     * @param otherSleeps seconds slept by other code of ours on a test's own thread, by the {@code workshop.} frame that slept
     * @param cpuSamples CPU samples by library ("other": the JDK and our code)
     */
    public record Result(double seconds, int sleeps, Map<String, Double> otherSleeps, Map<String, Integer> cpuSamples) {}

    /** Reads a recording (a {@code .jfr} file). */
    public static Result read(Path recording) throws IOException {
        List<Instant[]> intervals = new ArrayList<>();
        Map<String, Double> otherSleeps = new TreeMap<>();
        Map<String, Integer> cpu = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ThreadSleep")) {
                String site = firstOurs(event.getStackTrace());
                if (site.startsWith(SLOW_CALL) || site.startsWith(SERVER_ANSWERS)) {
                    intervals.add(new Instant[] {event.getStartTime(), event.getEndTime()});
                } else if (site.startsWith("workshop.") && onTestThread(event)) {
                    otherSleeps.merge(site, event.getDuration().toNanos() / 1e9, Double::sum);
                }
            } else if (type.equals("jdk.ExecutionSample")) {
                cpu.merge(library(event.getStackTrace()), 1, Integer::sum);
            }
        }
        return new Result(union(intervals), intervals.size(), otherSleeps, cpu);
    }

    /**
     * Whether the event happened on the thread that runs a test: JUnit runs each hidden test, with its
     * time limit, on a thread of its own ("junit-timeout-thread-1"), or on main. Sleeps there hold the
     * grading up; a background sampler's sleeps do not.
     */
    private static boolean onTestThread(RecordedEvent event) {
        String name = event.getThread() == null ? null : event.getThread().getJavaName();
        return name != null && (name.startsWith("junit-") || name.equals("main"));
    }

    /** The first frame from the top in a {@code workshop.} class, as "Class.method:line", or "". */
    private static String firstOurs(RecordedStackTrace stack) {
        if (stack == null) {
            return "";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod() != null && frame.getMethod().getType().getName().startsWith("workshop.")) {
                return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
            }
        }
        return "";
    }

    private static String library(RecordedStackTrace stack) {
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                if (frame.getMethod() == null) {
                    continue;
                }
                String type = frame.getMethod().getType().getName();
                for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
                    if (type.startsWith(library.getKey())) {
                        return library.getValue();
                    }
                }
            }
        }
        return "other (JDK, our code)";
    }

    private static double union(List<Instant[]> intervals) {
        intervals.sort(Comparator.comparing(i -> i[0]));
        double seconds = 0;
        Instant start = null;
        Instant end = null;
        for (Instant[] i : intervals) {
            if (end == null || i[0].isAfter(end)) {
                if (end != null) {
                    seconds += seconds(start, end);
                }
                start = i[0];
                end = i[1];
            } else if (i[1].isAfter(end)) {
                end = i[1];
            }
        }
        if (end != null) {
            seconds += seconds(start, end);
        }
        return seconds;
    }

    private static double seconds(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e9;
    }
}
