package workshop.bench.work;

/**
 * The main class of the child JVMs in the lock-serialised figure: computes one task with
 * {@link LockedLibrary} and prints its result. {@code ChildWorker 0} only starts and exits: the JVM's
 * start-up cost.
 */
public final class ChildWorker {

    private ChildWorker() {}

    public static void main(String[] args) {
        long units = Long.parseLong(args[0]);
        System.out.println(LockedLibrary.compute(units));
    }
}
