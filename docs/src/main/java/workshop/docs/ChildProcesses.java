package workshop.docs;

import java.time.Duration;
import java.util.List;
import workshop.ex4_cpubound.ChildOutcome;
import workshop.ex4_cpubound.ChildProgram;
import workshop.ex4_cpubound.ProcessPool;
import workshop.ex4_cpubound.SerialLibrary;
import workshop.ex4_cpubound.SerialWorker;

/**
 * Page 5: work that one process-wide lock serialises ({@link SerialLibrary}), run in child JVMs
 * with exercise 4's {@link ProcessPool}, each child with its own copy of the lock. The plot program
 * measures this method against threads calling the library in one JVM.
 */
public final class ChildProcesses {

    private ChildProcesses() {}

    // tag::process-pool[]
    /** Digests each input in a child JVM of its own, at most {@code processes} at once. */
    public static List<ChildOutcome> digestInChildren(List<String> inputs, int rounds, int processes)
            throws InterruptedException {
        ChildProgram worker = new ChildProgram(SerialWorker.class.getName(),   // main class: SerialLibrary.digest(args[0])
                System.getProperty("java.class.path"),                          // the classes of this JVM
                List.of("-D" + SerialWorker.ROUNDS_PROPERTY + "=" + rounds));   // options for each child
        return ProcessPool.map(worker, inputs, processes, Duration.ofMinutes(2));
    }
    // end::process-pool[]

    /** What to do with the outcomes: a child's failure is that input's error, never a lost result. */
    public static List<String> digests(List<ChildOutcome> outcomes) {
        // tag::outcomes[]
        return outcomes.stream().map(outcome -> switch (outcome) {
            case ChildOutcome.Done done -> done.value();
            case ChildOutcome.Failed failed -> throw new IllegalStateException(
                    "input " + failed.index() + " failed: " + failed.error().getMessage(), failed.error());
        }).toList();
        // end::outcomes[]
    }
}
