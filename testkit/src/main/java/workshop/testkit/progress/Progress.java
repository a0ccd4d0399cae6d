package workshop.testkit.progress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.testkit.Manifest;

/**
 * The learner's progress view, in the spirit of rustlings' {@code list}: what the visible tests of
 * one run said about each exercise of the manifest, and the table printed after the run.
 *
 * <p>An exercise is {@link Status#DONE done} when all its tests that ran pass, {@link
 * Status#NOT_STARTED not started} when every one failed because the stub still throws its
 * {@code "TODO: exercise N ..."} exception, and {@link Status#IN_PROGRESS in progress} otherwise.
 * Test classes are mapped to exercises by their package, as the manifest says; classes outside every
 * exercise's package are ignored.
 *
 * <p>Not thread-safe: the JUnit Platform reports test events one at a time to a listener unless
 * tests run in parallel, which the workshop's builds never configure.
 */
public final class Progress {

    // The whole table fits the last 24 lines of a run: a failure in at most 3 lines, a hint in at most 3.
    private static final int MESSAGE_LINES = 2;
    private static final int HINT_LINES = 3;
    private static final int MESSAGE_WIDTH = 100;
    private static final int HINT_WIDTH = 72;
    private static final Pattern TASK = Pattern.compile("task (\\d+)\\b");

    private final Manifest manifest;
    private final Function<Manifest.Exercise, String> instructions;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Set<String> partial = new HashSet<>();
    /** Exercise id to the walkthrough a pass opened in this run (a path in the project). */
    private final Map<String, String> walkthroughs = new LinkedHashMap<>();

    /** @param manifest the exercises, in teaching order */
    public Progress(Manifest manifest) {
        this(manifest, exercise -> null);
    }

    /**
     * @param manifest the exercises, in teaching order
     * @param instructions the text of an exercise's instructions file, or {@code null} when it cannot be
     *     read: its "Hints" section gives the hint of the failing task
     */
    public Progress(Manifest manifest, Function<Manifest.Exercise, String> instructions) {
        this.manifest = manifest;
        this.instructions = instructions;
    }

    /**
     * The hints of one task, from the "## Hints" section that ends an instructions file: each bullet
     * {@code - Task K: ...} (with its indented continuation lines) is one hint, in order.
     */
    public static List<String> taskHints(String instructions, int task) {
        List<String> hints = new ArrayList<>();
        if (instructions == null) {
            return hints;
        }
        boolean inHints = false;
        StringBuilder current = null;
        String marker = "- Task " + task + ":";
        for (String line : instructions.split("\\R")) {
            if (line.startsWith("#")) {
                inHints = line.matches("#+\\s*Hints?\\s*");
                current = flush(hints, current);
                continue;
            }
            if (!inHints) {
                continue;
            }
            if (line.startsWith("- ")) {
                current = flush(hints, current);
                if (line.startsWith(marker)) {
                    current = new StringBuilder(line.substring(marker.length()).strip());
                }
            } else if (current != null && line.startsWith(" ") && !line.isBlank()) {
                current.append(' ').append(line.strip());
            } else if (line.isBlank()) {
                current = flush(hints, current);
            }
        }
        flush(hints, current);
        return hints;
    }

    private static StringBuilder flush(List<String> hints, StringBuilder current) {
        if (current != null && !current.isEmpty()) {
            hints.add(current.toString());
        }
        return null;
    }

    /**
     * The hints for a stuck learner, in the order to give them: the failing task's own hints (from the
     * instructions), then the exercise's general hint (from info.toml).
     *
     * @param task the failing task's number, or {@link Integer#MAX_VALUE} when unknown
     */
    public List<String> hints(Manifest.Exercise exercise, int task) {
        List<String> hints = new ArrayList<>();
        if (task != Integer.MAX_VALUE) {
            String text;
            try {
                text = instructions.apply(exercise);
            } catch (RuntimeException e) {
                text = null;
            }
            for (String hint : taskHints(text, task)) {
                hints.add("task " + task + ": " + hint);
            }
        }
        hints.add(exercise.hint());
        return hints;
    }

    /** What the tests of one exercise said in this run. */
    private static final class Tally {
        int passed;
        int failed;
        int stubFailures;
        String firstFailedTest;
        Throwable firstFailure;

        int total() {
            return passed + failed;
        }
    }

    /**
     * Records the outcome of one test.
     *
     * @param className the test class (its package says which exercise it belongs to)
     * @param testName what the learner reads for the test (its display name)
     * @param failure what it threw, or {@code null} if it passed
     */
    public void record(String className, String testName, Throwable failure) {
        Optional<Manifest.Exercise> owner = manifest.owner(className);
        if (owner.isEmpty()) {
            return;
        }
        Tally tally = tallies.computeIfAbsent(owner.get().id(), id -> new Tally());
        if (failure == null) {
            tally.passed++;
            return;
        }
        tally.failed++;
        if (isStub(failure)) {
            tally.stubFailures++;
        }
        // Show the failure of the earliest task ("task 2: ..." before "task 3: ..."), whatever order
        // the tests ran in.
        if (tally.firstFailure == null || taskNumber(testName) < taskNumber(tally.firstFailedTest)) {
            tally.firstFailedTest = testName;
            tally.firstFailure = failure;
        }
    }

    /**
     * The task of the exercise's first failing test in this run ("task K: ..."), the one the table
     * shows, or {@link Integer#MAX_VALUE} when none failed or its name has no task: what {@link
     * #hints(Manifest.Exercise, int)} wants.
     */
    public int failingTask(String exerciseId) {
        Tally tally = tallies.get(exerciseId);
        return tally == null || tally.firstFailedTest == null ? Integer.MAX_VALUE : taskNumber(tally.firstFailedTest);
    }

    /** The K of a test named "task K: ...", or a number after every task for other names. */
    static int taskNumber(String testName) {
        Matcher task = TASK.matcher(testName);
        return task.lookingAt() ? Integer.parseInt(task.group(1)) : Integer.MAX_VALUE;
    }

    /** Whether any test of any exercise ran. */
    public boolean ranAny() {
        return !tallies.isEmpty();
    }

    /** Whether some test of this exercise ran. */
    public boolean ran(String exerciseId) {
        return tallies.containsKey(exerciseId);
    }

    /**
     * Says that only some tests of this exercise ran ({@code -Dtest=...}, {@code -Dgroups=...}, one
     * test run from an IDE): then passing tests do not make the exercise done.
     */
    public void partial(String exerciseId) {
        partial.add(exerciseId);
    }

    /**
     * Says that this run's pass opened the exercise's walkthrough (our solution and its reasoning), so
     * the table tells the learner where to read it.
     *
     * @param path where it is, relative to the project ({@code walkthroughs/ex1_ordered.md})
     */
    public void walkthrough(String exerciseId, String path) {
        walkthroughs.put(exerciseId, path);
    }

    /** Where the walkthrough that this run opened is, if it opened one for this exercise. */
    public Optional<String> walkthrough(String exerciseId) {
        return Optional.ofNullable(walkthroughs.get(exerciseId));
    }

    /** The status of an exercise in this run ({@link Status#NOT_RUN} if none of its tests ran). */
    public Status status(String exerciseId) {
        Tally tally = tallies.get(exerciseId);
        if (tally == null || tally.total() == 0) {
            return Status.NOT_RUN;
        }
        if (tally.failed == 0) {
            return Status.DONE;
        }
        if (tally.passed == 0 && tally.stubFailures == tally.failed) {
            return Status.NOT_STARTED;
        }
        return Status.IN_PROGRESS;
    }

    /**
     * The statuses worth remembering for the next run: those of the exercises whose tests all ran.
     * A partial run says nothing certain about a whole exercise.
     */
    public Map<String, Status> statuses() {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (Manifest.Exercise exercise : manifest.exercises()) {
            Status status = status(exercise.id());
            if (status != Status.NOT_RUN && !partial.contains(exercise.id())) {
                statuses.put(exercise.id(), status);
            }
        }
        return statuses;
    }

    /**
     * Whether the stub's own "not implemented yet" exception failed the test: thrown, the cause of
     * what was thrown, or described by an assertion that caught it ("Expecting actual:
     * java.lang.UnsupportedOperationException: TODO ...").
     */
    static boolean isStub(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof UnsupportedOperationException && message.startsWith("TODO")
                    || message.contains(UnsupportedOperationException.class.getName() + ": TODO")) {
                return true;
            }
        }
        return false;
    }

    /** The stub's "TODO: exercise N ..." message, wherever in the failure it is. */
    private static String stubMessage(Throwable failure) {
        String marker = UnsupportedOperationException.class.getName() + ": ";
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof UnsupportedOperationException && message.startsWith("TODO")) {
                return message;
            }
            int at = message.indexOf(marker + "TODO");
            if (at >= 0) {
                return message.substring(at + marker.length()).lines().findFirst().orElse("TODO");
            }
        }
        return "TODO";
    }

    /** A few lines that tell the learner why a test failed. */
    static List<String> describe(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        String text;
        if (isStub(failure)) {
            text = "still the stub: " + stubMessage(failure);
        } else if (failure instanceof TimeoutException && message.contains("timed out after")) {
            text = "did not finish in time (" + message + "): look for a deadlock, a pool that is never shut"
                    + " down, or a call that is never interrupted";
        } else if (failure instanceof AssertionError && !message.isEmpty()) {
            text = message;
        } else {
            text = failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            if (lines.size() == MESSAGE_LINES) {
                lines.add("...");
                break;
            }
            String trimmed = line.stripTrailing();
            lines.add(trimmed.length() > MESSAGE_WIDTH ? trimmed.substring(0, MESSAGE_WIDTH - 3) + "..." : trimmed);
        }
        return lines;
    }

    /**
     * The progress table: one row per exercise, then what to do next.
     *
     * @param earlier what earlier runs said about exercises that did not run this time
     * @param command how the learner runs the build ({@code ./mvnw} or {@code mvnw})
     */
    public String table(Map<String, Status> earlier, String command) {
        List<Manifest.Exercise> exercises = manifest.exercises();
        int titleWidth = Math.max("exercise".length(),
                exercises.stream().mapToInt(e -> e.title().length()).max().orElse(0));
        String rowFormat = "  %2s  %-" + titleWidth + "s  %-12s %s%n";
        String rule = "-".repeat(Math.max(72, titleWidth + 40)) + "\n";

        StringBuilder out = new StringBuilder("\n").append(rule)
                .append(" Thread Pool Workshop: your progress, as the visible tests say\n").append(rule)
                .append(String.format(rowFormat, "#", "exercise", "status", "tests"));
        boolean remembered = false;
        // Next: the first exercise not done among those that ran (what the learner is working on),
        // else the first not done at all.
        Manifest.Exercise next = null;
        Manifest.Exercise nextThatRan = null;
        for (Manifest.Exercise exercise : exercises) {
            Status status = status(exercise.id());
            Tally tally = tallies.get(exercise.id());
            String label = status.label();
            String tests = tally == null ? "-" : tally.passed + "/" + tally.total() + " pass";
            Status effective = status;
            boolean some = partial.contains(exercise.id());
            if (status == Status.DONE && some) {
                label = "passing*";
            } else if (status == Status.NOT_RUN && earlier.containsKey(exercise.id())) {
                effective = earlier.get(exercise.id());
                tests = "(last full run: " + effective.label() + ")";
                remembered = true;
            }
            // A partial run that passes says the chosen tests pass, not that the exercise is done.
            boolean done = status == Status.DONE ? !some : effective == Status.DONE;
            if (next == null && !done) {
                next = exercise;
            }
            if (nextThatRan == null && !done && status != Status.NOT_RUN) {
                nextThatRan = exercise;
            }
            out.append(String.format(rowFormat, manifest.number(exercise), exercise.title(), label, tests));
        }
        out.append(rule);
        appendWalkthroughs(out);

        if (nextThatRan != null) {
            next = nextThatRan;
        }
        if (next == null) {
            out.append(" All ").append(exercises.size()).append(" exercises pass their visible tests");
            out.append(remembered ? " (some in an earlier run: " + command + " test checks them all).\n" : ".\n");
        } else {
            appendNext(out, next, command);
        }
        if (exercises.stream().anyMatch(e -> partial.contains(e.id()) && status(e.id()) == Status.DONE)) {
            out.append(" * the tests that ran pass, but only some of the exercise's tests ran: ").append(command)
                    .append(" test -Dexercise=<id>\n   runs them all.\n");
        }
        out.append(" \"done\": the visible tests pass. Grading runs more: the Javadoc lists what they check.\n")
                .append(rule);
        return out.toString();
    }

    /** One line for the walkthroughs this run opened: where to read them. */
    private void appendWalkthroughs(StringBuilder out) {
        List<Manifest.Exercise> opened = manifest.exercises().stream().filter(e -> walkthroughs.containsKey(e.id())).toList();
        if (opened.size() == 1) {
            Manifest.Exercise exercise = opened.getFirst();
            out.append(" Exercise ").append(manifest.number(exercise)).append(" passes: read its walkthrough at ")
                    .append(walkthroughs.get(exercise.id())).append('\n');
        } else if (opened.size() > 1) {
            List<String> numbers = opened.stream().map(e -> String.valueOf(manifest.number(e))).toList();
            String path = walkthroughs.get(opened.getFirst().id());
            String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "./";
            out.append(" Exercises ").append(String.join(", ", numbers.subList(0, numbers.size() - 1)))
                    .append(" and ").append(numbers.getLast()).append(" pass: read their walkthroughs in ")
                    .append(folder).append('\n');
        }
    }

    private void appendNext(StringBuilder out, Manifest.Exercise next, String command) {
        Tally tally = tallies.get(next.id());
        out.append(" Next: exercise ").append(manifest.number(next)).append(", ").append(next.title());
        out.append(tally == null ? " (its tests did not run this time)\n" : "\n");
        String indent = "                 ";
        out.append("   instructions: ").append(next.instructions()).append('\n');
        if (tally != null && tally.firstFailure != null) {
            out.append("   failing:      ").append(tally.firstFailedTest).append('\n');
            for (String line : describe(tally.firstFailure)) {
                out.append(indent).append(line).append('\n');
            }
        }
        int task = tally == null || tally.firstFailedTest == null ? Integer.MAX_VALUE : taskNumber(tally.firstFailedTest);
        String prefix = "   hint:         ";
        List<String> hint = wrap(hints(next, task).getFirst(), HINT_WIDTH);
        if (hint.size() > HINT_LINES) {
            hint = new ArrayList<>(hint.subList(0, HINT_LINES));
            hint.set(HINT_LINES - 1, hint.get(HINT_LINES - 1) + " ... (" + next.instructions() + ", Hints)");
        }
        for (String line : hint) {
            out.append(prefix).append(line).append('\n');
            prefix = indent;
        }
        out.append("   run it alone: ").append(command).append(" test -Dexercise=").append(next.id()).append('\n');
    }

    /** Splits text into lines of at most {@code width} characters, at spaces. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
