package workshop.ex4_cpubound;

/**
 * The main class of a child JVM that runs {@link SerialLibrary#digest(String, int)} for one input
 * and replies with the digest ({@link WorkerProtocol}).
 *
 * <p>Run as {@code java -cp <classpath> workshop.ex4_cpubound.SerialWorker <input>}; the system
 * property {@value #ROUNDS_PROPERTY} sets the rounds of hashing (default
 * {@link CpuWork#DEFAULT_ROUNDS}). Each child has its own copy of the library and of its lock, so
 * children run the library in parallel where threads of one JVM could not.
 */
public final class SerialWorker {

    /** The system property that sets the rounds of hashing: {@code -Dworkshop.rounds=200000}. */
    public static final String ROUNDS_PROPERTY = "workshop.rounds";

    private SerialWorker() {}

    /**
     * Digests {@code args[0]} and replies with the digest; exits with code 2 and a usage line on
     * standard error if the arguments are wrong.
     *
     * @param args exactly one argument: the input
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java " + SerialWorker.class.getName() + " <input>  (got " + args.length + " arguments)");
            System.exit(2);
        }
        int rounds = Integer.getInteger(ROUNDS_PROPERTY, CpuWork.DEFAULT_ROUNDS);
        WorkerProtocol.reply(SerialLibrary.digest(args[0], rounds));
    }
}
