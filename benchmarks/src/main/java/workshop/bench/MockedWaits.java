package workshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * How long the mocked calls slept during a run of the hidden tests: the waits no grader can avoid,
 * since the tests ask for them. Read from a Flight Recorder recording of {@code jdk.ThreadSleep}
 * events, keeping the sleeps made by {@code workshop.testkit.SlowCall} (its latency), and taking the
 * union of their intervals: two calls sleeping at once count once, as they cost the wall clock once.
 */
public final class MockedWaits {

    /** Flight Recorder settings that record every sleep, with the stack that made it, and nothing else. */
    public static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="workshop mocked waits">
              <event name="jdk.ThreadSleep">
                <setting name="enabled">true</setting>
                <setting name="stackTrace">true</setting>
                <setting name="threshold">0 ms</setting>
              </event>
            </configuration>
            """;

    private static final String SLOW_CALL = "workshop.testkit.SlowCall";

    private MockedWaits() {}

    /** Writes {@link #SETTINGS} to a file for {@code -XX:StartFlightRecording:settings=...}. */
    public static Path settingsFile() throws IOException {
        Path file = Files.createTempFile("workshop-bench-sleeps-", ".jfc");
        file.toFile().deleteOnExit();
        Files.writeString(file, SETTINGS);
        return file;
    }

    /**
     * The result: the union of the mocked sleeps, in seconds, and how many there were.
     *
     * @param seconds wall-clock seconds during which at least one mocked call slept
     * @param sleeps how many mocked sleeps were recorded
     */
    public record Result(double seconds, int sleeps) {}

    /** Reads a recording (a {@code .jfr} file) and measures the mocked sleeps in it. */
    public static Result read(Path recording) throws IOException {
        List<Instant[]> intervals = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ThreadSleep") && bySlowCall(event)) {
                intervals.add(new Instant[] {event.getStartTime(), event.getEndTime()});
            }
        }
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
        return new Result(seconds, intervals.size());
    }

    private static boolean bySlowCall(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.getMethod() != null && frame.getMethod().getType().getName().startsWith(SLOW_CALL)) {
                return true;
            }
        }
        return false;
    }

    private static double seconds(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e9;
    }
}
