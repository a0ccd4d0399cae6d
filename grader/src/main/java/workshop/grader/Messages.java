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
        return "unexpected " + failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
    }
}
