package workshop.grader.cli;

import java.util.List;

/**
 * A learner's feedback.md (written beside results.json): the score per exercise, the failed tests
 * with their messages, what else their code did, and what to do next, in Markdown for a pull
 * request comment or a run's summary. Only what the learner's results.json shows by default: no
 * containment notes, no printed output, no files watched outside the project.
 */
final class Feedback {

    private Feedback() {}

    static String markdown(SubmissionResult r) {
        StringBuilder out = new StringBuilder("# ").append(r.name()).append(": ").append(r.score()).append('/')
                .append(r.maxScore()).append("\n\n");
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            out.append("- Exercise ").append(e.number()).append(" (").append(e.title()).append("): ").append(e.earned())
                    .append('/').append(e.max()).append(e.status().equals("graded") ? "" : ", " + e.status()).append('\n');
        }
        for (SubmissionResult.ExerciseResult e : r.exercises()) {
            List<SubmissionResult.TestVerdict> failed = e.tests().stream().filter(t -> !t.passed()).toList();
            if (failed.isEmpty() && e.compilerMessages().isBlank()) {
                continue;
            }
            out.append("\n## Exercise ").append(e.number()).append(" (").append(e.title()).append(")\n\n");
            if (!e.compilerMessages().isBlank()) {
                out.append("The compiler said:\n\n").append(code(e.compilerMessages(), 40)).append('\n');
            }
            for (SubmissionResult.TestVerdict t : failed) {
                out.append("- **").append(t.test().name()).append("** (").append(t.test().points()).append(t.test().points() == 1 ? " point" : " points")
                        .append("):\n\n").append(code(t.message(), 20)).append('\n');
            }
        }
        List<SubmissionResult.Incident> incidents = r.incidents().stream().filter(Reports::forLearner).toList();
        if (!incidents.isEmpty()) {
            out.append("\n## What else happened\n\n");
            incidents.stream().limit(50).forEach(i -> out.append("- [").append(i.kind()).append("] ")
                    .append(i.test().isEmpty() ? "" : i.test() + ": ").append(Reports.oneLine(i.message(), 300)).append('\n'));
        }
        return out.append("\n## ").append(NextStep.HEADING).append("\n\n").append(code(NextStep.body(r), 40)).toString();
    }

    /** Text as an indented code block: shown as it is, whatever Markdown it holds. */
    private static String code(String text, int maxLines) {
        List<String> lines = text.strip().lines().toList();
        StringBuilder out = new StringBuilder();
        lines.stream().limit(maxLines).forEach(l -> out.append("    ").append(l).append('\n'));
        if (lines.size() > maxLines) {
            out.append("    ... (").append(lines.size() - maxLines).append(" more lines)\n");
        }
        return out.toString();
    }
}
