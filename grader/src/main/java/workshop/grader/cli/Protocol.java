package workshop.grader.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import workshop.grader.TestResult;

/**
 * What the grader and its worker JVM tell each other. The grader writes a {@link Job} to
 * {@code job.json}; the worker appends one {@link Event} per line to {@code events.ndjson} as it goes
 * (each line written and flushed before the next step), so whatever ends the worker, every verdict
 * it reached survives it, and the grader knows which test was running at the end.
 */
final class Protocol {

    private Protocol() {}

    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    static final String JOB = "job.json";
    static final String EVENTS = "events.ndjson";

    /** The worker's exit status when it asks for a fresh JVM for the remaining tests. */
    static final int EXIT_RESTART = 75;
    /** The worker's exit status when a limit (threads, child processes) was exceeded. */
    static final int EXIT_LIMIT = 76;
    /** The worker's exit status when the grading failed for a reason of ours, not the submission's. */
    static final int EXIT_INTERNAL = 70;

    /**
     * What one worker JVM must do.
     *
     * @param sources the submission's {@code src/main/java} (a copy)
     * @param classes where the compiled classes go (kept across restarts: compiled once)
     * @param exercises the exercise ids to grade
     * @param skip the test ids already decided: not to run again
     * @param maxThreads the most live platform threads before the worker stops itself
     * @param maxProcesses the most child processes before the worker stops itself
     * @param outputKeepBytes how much of each test's printed output to keep
     * @param allowedRoots folders the submission may read and write without a remark
     * @param watchFiles whether to record file access outside {@code allowedRoots}
     * @param waitForGo whether to wait, once compiled and ready, for a line on stdin before the first
     *     test (the grader starts the next submission's worker early, while the CPU idles in mocked waits)
     */
    record Job(String sources, String classes, List<String> exercises, List<String> skip, int maxThreads,
            int maxProcesses, int outputKeepBytes, List<String> allowedRoots, boolean watchFiles, boolean waitForGo) {}

    /** One line of {@code events.ndjson}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = Compiled.class, name = "compiled"),
        @JsonSubTypes.Type(value = Linked.class, name = "linked"),
        @JsonSubTypes.Type(value = Started.class, name = "started"),
        @JsonSubTypes.Type(value = Finished.class, name = "finished"),
        @JsonSubTypes.Type(value = Exit.class, name = "exit"),
        @JsonSubTypes.Type(value = Limit.class, name = "limit"),
        @JsonSubTypes.Type(value = FileAccesses.class, name = "files"),
        @JsonSubTypes.Type(value = Leftover.class, name = "leftover"),
        @JsonSubTypes.Type(value = Restart.class, name = "restart"),
        @JsonSubTypes.Type(value = Done.class, name = "done"),
    })
    sealed interface Event permits Ready, Compiled, Linked, Started, Finished, Exit, Limit, FileAccesses, Leftover,
            Restart, Done {}

    /** The worker is up: how long the JVM took to reach its main method, in ms. */
    record Ready(long startupMillis, String javaVersion) implements Event {}

    /** The submission was compiled (only by the first worker of a submission). */
    record Compiled(Compilation compilation) implements Event {}

    /** Tests that cannot link to the submission, and why (see {@code HiddenTestRunner#linkProblems}). */
    record Linked(Map<String, List<String>> problems) implements Event {}

    /** A hidden test is about to run. */
    record Started(String exercise, String test, long atMillis) implements Event {}

    /** A hidden test finished; {@code timedOut} when its own time limit stopped it. */
    record Finished(TestResult result, boolean timedOut, long millis, Output output) implements Event {}

    /** Something called {@code System.exit} (or {@code Runtime.exit}) during {@code test}. */
    record Exit(String test, String caller) implements Event {}

    /** The submission went past a limit ({@code kind}: "threads" or "processes") during {@code test}. */
    record Limit(String kind, long count, long limit, String test) implements Event {}

    /** Files the submission read or wrote outside its folder. */
    record FileAccesses(List<FileAccess> accesses) implements Event {}

    /** Threads the submission started that were still alive when the worker finished. */
    record Leftover(List<String> threads) implements Event {}

    /** The worker stops so that the remaining tests run in a fresh JVM. */
    record Restart(String reason) implements Event {}

    /** Every test this worker was given has a verdict. */
    record Done(long testMillis) implements Event {}

    /**
     * What a test printed.
     *
     * @param bytes how many bytes it wrote to System.out and System.err together
     * @param head the first of them, as text
     */
    record Output(long bytes, String head) {
        static final Output NONE = new Output(0, "");
    }

    /**
     * One file the submission read or wrote outside its folder.
     *
     * @param test the test that was running ("" outside any test)
     * @param kind "read" or "write"
     * @param path the file
     * @param from the submission's code that did it, as a stack frame
     */
    record FileAccess(String test, String kind, String path, String from) {}

    /**
     * How the submission's sources compiled.
     *
     * @param ignored source files not compiled because the grader provides those classes (the API)
     * @param units one per exercise package (and one for any other package), in compile order
     * @param millis how long compiling took
     */
    record Compilation(List<String> ignored, List<Unit> units, long millis) {

        /** The unit of an exercise, if the submission has sources for it. */
        java.util.Optional<Unit> unit(String exerciseId) {
            return units.stream().filter(u -> exerciseId.equals(u.exercise())).findFirst();
        }
    }

    /**
     * The files of one exercise package (or of the other packages, {@code exercise} empty).
     *
     * @param excluded files left out because they (or what they need) do not compile
     * @param diagnostics the compiler's error messages, with paths relative to {@code src/main/java}
     */
    record Unit(String exercise, List<String> files, List<String> excluded, String diagnostics) {

        boolean complete() {
            return excluded.isEmpty();
        }

        boolean nothingCompiled() {
            return !files.isEmpty() && excluded.size() == files.size();
        }
    }

    static void write(Path file, Object value) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads the complete lines of an events file; a half-written last line is left for later. */
    static final class EventReader {
        private final Path file;
        private long offset;
        private byte[] partial = new byte[0];

        EventReader(Path file) {
            this.file = file;
        }

        /** A reader of what is appended to {@code file} from now on (what a fresh worker adds). */
        static EventReader fromEnd(Path file) {
            EventReader reader = new EventReader(file);
            try {
                reader.offset = Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return reader;
        }

        List<Event> poll() {
            List<Event> events = new ArrayList<>();
            if (!Files.exists(file)) {
                return events;
            }
            byte[] fresh;
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                long size = channel.size();
                if (size <= offset) {
                    return events;
                }
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - offset, 16 << 20));
                channel.read(buffer, offset);
                offset += buffer.position();
                fresh = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            byte[] bytes = new byte[partial.length + fresh.length];
            System.arraycopy(partial, 0, bytes, 0, partial.length);
            System.arraycopy(fresh, 0, bytes, partial.length, fresh.length);
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).strip();
                    lineStart = i + 1;
                    if (!line.isEmpty()) {
                        try {
                            events.add(JSON.readValue(line, Event.class));
                        } catch (IOException e) {
                            // A line the worker did not write whole (it died mid-line): nothing to learn from it.
                        }
                    }
                }
            }
            partial = java.util.Arrays.copyOfRange(bytes, lineStart, bytes.length);
            return events;
        }
    }
}
