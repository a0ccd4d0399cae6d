package workshop.grader.isolation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import workshop.grader.protocol.Protocol;

/**
 * Notices files the submission reads or writes outside its own folder, with the JDK Flight
 * Recorder's file events (the JVM has no SecurityManager any more to ask). It sees reads and writes
 * through java.io and java.nio; it does not see files deleted, renamed or created without a write.
 * Only accesses made by the submission's own code (a frame of one of its classes on the stack) count.
 */
public final class FileMonitor {

    /** The most accesses reported; more are summarised as a count. */
    private static final int MAX_REPORTED = 50;

    private final List<Path> allowedRoots;
    private final Predicate<String> isSubmissionClass;
    private final ConcurrentSkipListMap<Instant, String> testsByStart = new ConcurrentSkipListMap<>();
    private final Map<String, Protocol.FileAccess> accesses = new LinkedHashMap<>();
    private final RecordingStream stream;
    private int dropped;

    private FileMonitor(List<Path> allowedRoots, Predicate<String> isSubmissionClass) {
        this.allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.isSubmissionClass = isSubmissionClass;
        this.stream = new RecordingStream();
        stream.setMaxSize(16L << 20);
        stream.enable("jdk.FileRead").withThreshold(Duration.ZERO).withStackTrace();
        stream.enable("jdk.FileWrite").withThreshold(Duration.ZERO).withStackTrace();
        stream.onEvent("jdk.FileRead", e -> record("read", e));
        stream.onEvent("jdk.FileWrite", e -> record("write", e));
        testsByStart.put(Instant.EPOCH, "");
    }

    /** Starts recording; returns once the recorder is running. */
    public static FileMonitor start(List<Path> allowedRoots, Predicate<String> isSubmissionClass) {
        FileMonitor monitor = new FileMonitor(allowedRoots, isSubmissionClass);
        monitor.stream.startAsync();
        return monitor;
    }

    /** Marks the start ({@code test} non-empty) or the end ({@code ""}) of a test, for attributing accesses. */
    public void mark(String test) {
        testsByStart.put(Instant.now(), test);
    }

    /** Stops recording, waits for the last events, and returns what was seen. */
    public List<Protocol.FileAccess> stop() {
        try {
            stream.stop(); // not while holding this object's lock: the recorder's thread needs it to deliver
        } catch (RuntimeException e) {
            // Already stopped, or the recorder failed: report what arrived.
        }
        synchronized (this) {
            List<Protocol.FileAccess> all = new ArrayList<>(accesses.values());
            if (dropped > 0) {
                all.add(new Protocol.FileAccess("", "more", dropped + " more accesses not listed", ""));
            }
            return all;
        }
    }

    private synchronized void record(String kind, RecordedEvent event) {
        String path = event.getString("path");
        if (path == null || path.isEmpty() || allowed(path) || event.getStackTrace() == null) {
            return;
        }
        String from = null;
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.isJavaFrame() && isSubmissionClass.test(frame.getMethod().getType().getName())) {
                from = frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
                        + "(line " + frame.getLineNumber() + ")";
                break;
            }
        }
        if (from == null) {
            return;
        }
        try {
            path = Path.of(path).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            // Keep it as the JDK saw it.
        }
        var entry = testsByStart.floorEntry(event.getStartTime());
        String test = entry == null ? "" : entry.getValue();
        String key = kind + " " + path + " " + test;
        if (!accesses.containsKey(key)) {
            if (accesses.size() < MAX_REPORTED) {
                accesses.put(key, new Protocol.FileAccess(test, kind, path, from));
            } else {
                dropped++;
            }
        }
    }

    private boolean allowed(String path) {
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return false;
        }
        return allowedRoots.stream().anyMatch(file::startsWith);
    }
}
