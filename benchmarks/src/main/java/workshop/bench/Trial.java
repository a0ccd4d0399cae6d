package workshop.bench;

/** One timed run of a variant: does its own set-up, then returns the seconds of the part it timed. */
@FunctionalInterface
public interface Trial {

    double run() throws Exception;

    /** Something timed; may throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** The seconds {@code body} takes, by {@link System#nanoTime()}: from just before it starts until it returns. */
    static double time(Body body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
