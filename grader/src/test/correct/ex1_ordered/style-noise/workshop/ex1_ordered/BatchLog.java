package workshop.ex1_ordered;

/** One line on stderr per batch: how many inputs, on how many threads. Not part of the exercise's API. */
final class BatchLog {

    private BatchLog() {}

    static void started(String what, int inputs, int threads) {
        System.err.printf("%s: %d input(s) on %d thread(s)%n", what, inputs, threads);
    }

    static void finished(String what) {
        System.err.printf("%s: done%n", what);
    }
}
