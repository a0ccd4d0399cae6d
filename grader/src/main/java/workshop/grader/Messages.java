package workshop.grader;

import java.util.concurrent.TimeoutException;

/** Turns what a failed hidden test threw into a message a learner can act on. */
final class Messages {

    private Messages() {}

    static String forLearner(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        if (failure instanceof UnsupportedOperationException && message.startsWith("TODO")) {
            return "not implemented yet (" + message + ")";
        }
        if (failure instanceof TimeoutException && message.contains("timed out after")) {
            // JUnit's own @Timeout: the code under test never returned.
            return "did not finish in time (" + message + "): look for a deadlock, an endless loop, or a wait "
                    + "that nothing ends (a pool that is never shut down, a call that is never interrupted)";
        }
        if (failure instanceof LinkageError) {
            // NoSuchMethodError, NoClassDefFoundError, AbstractMethodError ...: the API is not the stub's.
            return "signature changed: the hidden tests could not link to your code (" + failure
                    + "). Keep the public classes and methods exactly as the stub declares them.";
        }
        if (failure instanceof OutOfMemoryError && message.contains("native thread")) {
            return "your code could not start another thread (" + message + "): it starts threads without bound;"
                    + " use a pool of a fixed size and reuse its threads";
        }
        if (failure instanceof StackOverflowError) {
            return "stack overflow: a method calls itself without end (look for endless recursion)";
        }
        if (failure instanceof AssertionError) {
            return message.isEmpty() ? "assertion failed" : message;
        }
        return "unexpected " + failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message)
                + whereInTheirCode(failure);
    }

    /**
     * Where an unexpected exception came from, as far as the learner's code goes: " (thrown in
     * ThreadPoolExecutor.&lt;init&gt;, called from your CpuBound.map, line 57)", or "" when none of their
     * code is on the stack. A bare exception name says what, not where.
     */
    static String whereInTheirCode(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        for (int i = 0; i < trace.length; i++) {
            StackTraceElement frame = trace[i];
            if (isLearners(frame.getClassName())) {
                String theirs = "your " + simpleName(frame.getClassName()) + "." + frame.getMethodName()
                        + (frame.getLineNumber() > 0 ? ", line " + frame.getLineNumber() : "");
                return i == 0 ? " (thrown in " + theirs + ")"
                        : " (thrown in " + simpleName(trace[0].getClassName()) + "." + trace[0].getMethodName()
                                + ", called from " + theirs + ")";
            }
        }
        return "";
    }

    /** The exercise packages hold the learner's classes and our hidden tests (and their nested classes). */
    private static boolean isLearners(String className) {
        return className.startsWith("workshop.ex") && !className.matches(".*HiddenTest(\\$.*)?");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
