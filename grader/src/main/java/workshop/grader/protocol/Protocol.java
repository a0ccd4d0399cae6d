package workshop.grader.protocol;

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
 * What the grader and its worker JVM tell each other. The grader writes one line to the worker's
 * standard input before anything else runs there: the {@link Job} and the key that authenticates
 * this worker's events. The worker answers on its standard output with one {@link Event} per line,
 * each signed and numbered ({@code workshop.grader.worker.Channel}), flushed before the next step, so
 * whatever ends the worker, every verdict it reached survives it, and the grader knows which test
 * was running at the end. Nothing of it goes through a file a submission could find.
 *
 * <p>The types are public and their package exported from the worker's sealed module only so that
 * Jackson, outside it, can read and write them: they are data, and worth nothing without the key.
 */
public final class Protocol {

    private Protocol() {}

    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Public members only, never setAccessible: in the worker these types live in a named module.
            .disable(com.fasterxml.jackson.databind.MapperFeature.OVERRIDE_PUBLIC_ACCESS_MODIFIERS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.CAN_OVERRIDE_ACCESS_MODIFIERS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    /** The worker's exit status when it asks for a fresh JVM for the remaining tests. */
    public static final int EXIT_RESTART = 75;
    /** The worker's exit status when a limit (threads, child processes) was exceeded. */
    public static final int EXIT_LIMIT = 76;
    /** The worker's exit status when the grading failed for a reason of ours, not the submission's. */
    public static final int EXIT_INTERNAL = 70;

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
     * @param compilation how an earlier worker compiled the submission (null: compile it now)
     * @param linkProblems what an earlier worker found about linking (null: find out now)
     */
    public record Job(String sources, String classes, List<String> exercises, List<String> skip, int maxThreads,
            int maxProcesses, int outputKeepBytes, List<String> allowedRoots, boolean watchFiles, boolean waitForGo,
            Compilation compilation, Map<String, List<String>> linkProblems) {}

    /** The first line the grader writes to a worker's stdin: this JVM's key (hex) and its job. */
    public record Header(String key, Job job) {}

    /** One event, one line on the worker's stdout. */
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
    public sealed interface Event permits Ready, Compiled, Linked, Started, Finished, Exit, Limit, FileAccesses, Leftover,
            Restart, Done {}

    /** The worker is up: how long the JVM took to reach its main method, in ms. */
    public record Ready(long startupMillis, String javaVersion) implements Event {}

    /** The submission was compiled (only by the first worker of a submission). */
    public record Compiled(Compilation compilation) implements Event {}

    /** Tests that cannot link to the submission, and why (see {@code HiddenTestRunner#linkProblems}). */
    public record Linked(Map<String, List<String>> problems) implements Event {}

    /** A hidden test is about to run. */
    public record Started(String exercise, String test, long atMillis) implements Event {}

    /** A hidden test finished; {@code timedOut} when its own time limit stopped it. */
    public record Finished(TestResult result, boolean timedOut, long millis, Output output) implements Event {}

    /** Something called {@code System.exit} (or {@code Runtime.exit}) during {@code test}. */
    public record Exit(String test, String caller) implements Event {}

    /** The submission went past a limit ({@code kind}: "threads" or "processes") during {@code test}. */
    public record Limit(String kind, long count, long limit, String test) implements Event {}

    /** Files the submission read or wrote outside its folder. */
    public record FileAccesses(List<FileAccess> accesses) implements Event {}

    /**
     * Threads the submission started that were still alive when the worker finished ({@code exercise}
     * null), or, with {@code exercise}, mocked calls and processes of that exercise still running when
     * its tests had ended (the worker then restarts, so that they cannot reach the next exercise); then
     * {@code threads} names the threads in a mocked call and the processes.
     */
    public record Leftover(List<String> threads, String exercise, int calls, int processes) implements Event {

        public Leftover(List<String> threads) {
            this(threads, null, 0, 0);
        }
    }

    /** The worker stops so that the remaining tests run in a fresh JVM. */
    public record Restart(String reason) implements Event {}

    /** Every test this worker was given has a verdict. */
    public record Done(long testMillis) implements Event {}

    /**
     * What a test printed.
     *
     * @param bytes how many bytes it wrote to System.out and System.err together
     * @param head the first of them, as text
     */
    public record Output(long bytes, String head) {
        public static final Output NONE = new Output(0, "");
    }

    /**
     * One file the submission read or wrote outside its folder.
     *
     * @param test the test that was running ("" outside any test)
     * @param kind "read" or "write"
     * @param path the file
     * @param from the submission's code that did it, as a stack frame
     */
    public record FileAccess(String test, String kind, String path, String from) {}

    /**
     * How the submission's sources compiled.
     *
     * @param ignored source files not compiled because the grader provides those classes (the API)
     * @param units one per exercise package (and one for any other package), in compile order
     * @param millis how long compiling took
     */
    public record Compilation(List<String> ignored, List<Unit> units, long millis) {

        /** The unit of an exercise, if the submission has sources for it. */
        public java.util.Optional<Unit> unit(String exerciseId) {
            return units.stream().filter(u -> exerciseId.equals(u.exercise())).findFirst();
        }
    }

    /**
     * The files of one exercise package (or of the other packages, {@code exercise} empty).
     *
     * @param excluded files left out because they (or what they need) do not compile
     * @param diagnostics the compiler's error messages, with paths relative to {@code src/main/java}
     */
    public record Unit(String exercise, List<String> files, List<String> excluded, String diagnostics) {

        public boolean complete() {
            return excluded.isEmpty();
        }

        public boolean nothingCompiled() {
            return !files.isEmpty() && excluded.size() == files.size();
        }
    }

    public static void write(Path file, Object value) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
