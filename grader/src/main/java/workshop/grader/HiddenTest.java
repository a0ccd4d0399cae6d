package workshop.grader;

/**
 * Which hidden test a plan, a verdict or a report line is about: one record, embedded whole by
 * {@link HiddenTestRunner.PlannedTest}, {@link TestResult} and the reports' verdicts.
 *
 * @param exercise the manifest id of its exercise, e.g. {@code ex1_ordered}
 * @param id {@code ClassName#method}: stable, for reports and for matching a verdict to its plan
 * @param name its display name: a sentence a learner understands
 * @param points what it is worth
 */
public record HiddenTest(String exercise, String id, String name, int points) {}
