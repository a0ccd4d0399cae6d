package workshop.grader.cli;

import java.util.List;
import java.util.Optional;
import workshop.testkit.Manifest;

/**
 * What a learner should do next, the last thing their results.json says: the first exercise (in
 * the workshop's order) that lost points, its first failing test with its message, and the
 * exercise's first hint from info.toml. Only what the learner may see: verdicts, messages, hints.
 */
final class NextStep {

    private NextStep() {}

    /** The grader's exercises, for their hints (info.toml, the one list). */
    private static final class Holder {
        static final Manifest MANIFEST = Manifest.fromClasspath();
    }

    /** The heading the section starts with. */
    static final String HEADING = "What to do next";

    /** The section, from its heading on. */
    static String text(SubmissionResult r) {
        return HEADING + ":\n" + body(r);
    }

    /** The section without its heading. */
    static String body(SubmissionResult r) {
        StringBuilder out = new StringBuilder();
        Optional<SubmissionResult.ExerciseResult> next = r.exercises().stream().filter(e -> e.failed() > 0).findFirst();
        if (next.isEmpty()) {
            return out.append(r.exercises().isEmpty() ? "nothing was graded.\n"
                    : "nothing: every hidden test passed. Well done.\n").toString();
        }
        SubmissionResult.ExerciseResult e = next.get();
        SubmissionResult.TestVerdict first = e.tests().stream().filter(t -> !t.passed()).findFirst().orElseThrow();
        out.append("Work on exercise ").append(e.number()).append(" (").append(e.title()).append("): ")
                .append(e.failed()).append(" of ").append(e.tests().size()).append(" tests fail");
        List<String> later = r.exercises().stream().filter(x -> x != e && x.failed() > 0).map(x -> "" + x.number()).toList();
        out.append(later.isEmpty() ? ".\n" : " (then exercise" + (later.size() == 1 ? " " : "s ") + String.join(", ", later) + ").\n");
        out.append("First failing test: ").append(first.test().name()).append('\n');
        List<String> lines = first.message().strip().lines().toList();
        lines.stream().limit(MESSAGE_LINES).forEach(l -> out.append("  ").append(l).append('\n'));
        if (lines.size() > MESSAGE_LINES) {
            out.append("  ... (the rest in the test's own output)\n");
        }
        hint(e.id()).ifPresent(h -> out.append("Hint: ").append(h.replaceAll("\\s*\\n\\s*", " ")).append('\n'));
        return out.toString();
    }

    /** How many lines of the first failure's message the section repeats. */
    static final int MESSAGE_LINES = 12;

    private static Optional<String> hint(String exerciseId) {
        return Holder.MANIFEST.exercises().stream().filter(x -> x.id().equals(exerciseId)).map(Manifest.Exercise::hint)
                .filter(h -> !h.isBlank()).findFirst();
    }
}
