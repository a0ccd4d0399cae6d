package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The messages a learner reads when a hidden test fails with an exception it did not expect. */
class MessagesTest {

    private static StackTraceElement frame(String className, String method, int line) {
        return new StackTraceElement(className, method, className.substring(className.lastIndexOf('.') + 1) + ".java", line);
    }

    @Test
    void anUnexpectedExceptionSaysWhereInTheLearnersCodeItCameFrom() {
        IllegalArgumentException e = new IllegalArgumentException();
        e.setStackTrace(new StackTraceElement[] {
                frame("java.util.concurrent.ThreadPoolExecutor", "<init>", 1250),
                frame("java.util.concurrent.Executors", "newFixedThreadPool", 92),
                frame("workshop.ex4_cpubound.CpuBound", "map", 57),
                frame("workshop.ex4_cpubound.CpuBoundHiddenTest", "mapEdgeCases", 131)});

        assertThat(Messages.forLearner(e)).isEqualTo("unexpected java.lang.IllegalArgumentException"
                + " (thrown in ThreadPoolExecutor.<init>, called from your CpuBound.map, line 57)");
    }

    @Test
    void anExceptionOfTheLearnersOwnSaysSoAndOneFromOurTestsSaysNothingMore() {
        IllegalStateException theirs = new IllegalStateException("boom");
        theirs.setStackTrace(new StackTraceElement[] {frame("workshop.ex1_ordered.OrderedMap", "lambda$map$0", 40),
                frame("workshop.ex1_ordered.OrderedMapHiddenTest", "x", 1)});
        assertThat(Messages.forLearner(theirs))
                .isEqualTo("unexpected java.lang.IllegalStateException: boom (thrown in your OrderedMap.lambda$map$0, line 40)");

        IllegalStateException ours = new IllegalStateException("mock");
        ours.setStackTrace(new StackTraceElement[] {frame("workshop.testkit.SlowCall", "run", 3),
                frame("workshop.ex1_ordered.OrderedMapHiddenTest$Helper", "go", 2)});
        assertThat(Messages.forLearner(ours)).isEqualTo("unexpected java.lang.IllegalStateException: mock");
    }
}
