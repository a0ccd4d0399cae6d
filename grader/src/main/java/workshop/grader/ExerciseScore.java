package workshop.grader;

import java.util.List;
import java.util.Optional;
import workshop.testkit.Manifest;

/**
 * How one exercise did.
 *
 * @param exercise its manifest entry
 * @param tests the verdict of each of its hidden tests, in the order they ran
 */
public record ExerciseScore(Manifest.Exercise exercise, List<TestResult> tests) {

    public ExerciseScore {
        tests = List.copyOf(tests);
    }

    public int earned() {
        return tests.stream().mapToInt(TestResult::earned).sum();
    }

    public int max() {
        return tests.stream().mapToInt(t -> t.test().points()).sum();
    }

    public long passed() {
        return tests.stream().filter(TestResult::passed).count();
    }

    public long failed() {
        return tests.size() - passed();
    }

    /** The first failing test, the one to fix first. */
    public Optional<TestResult> firstFailure() {
        return tests.stream().filter(t -> !t.passed()).findFirst();
    }
}
