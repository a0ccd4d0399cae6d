package workshop.docs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import workshop.ex4_cpubound.CpuBound;
import workshop.ex4_cpubound.CpuWork;

/**
 * Page 5, CPU-bound work: Java threads compute in parallel, up to the number of cores, and no
 * further. The same 16 hashing tasks on pools of 1, 2, 4 and 64 threads.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=CpuScaling}
 */
public final class CpuScaling {

    private CpuScaling() {}

    static final int TASKS = 16;
    static final int ROUNDS = 60_000;   // three times CpuWork.DEFAULT_ROUNDS: some 10 ms of SHA-256 per task

    // tag::cpu-pool[]
    /** {@code tasks} pieces of pure computation on a pool of {@code threads} platform threads. */
    static Duration hashAll(int threads, int tasks) {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < tasks; t++) {
                String input = "task " + t;
                pool.submit(() -> CpuWork.hash(input, ROUNDS));   // no I/O, no lock: only the CPU
            }
        }                                                         // close() waits for all of them
        return Figures.since(start);
    }
    // end::cpu-pool[]

    static List<String> withTheExercisesPool(List<String> inputs) throws InterruptedException {
        // tag::cpu-bound-map[]
        List<String> digests = CpuBound.map(inputs, input -> CpuWork.hash(input, ROUNDS), 64);  // runs on poolSize(64) threads
        // end::cpu-bound-map[]
        return digests;
    }

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = {1, 2, 4, 64};
        List<List<Duration>> times = new ArrayList<>();
        for (int ignored : sizes) {
            times.add(new ArrayList<>());
        }
        // Each size in turn, three rounds after a warm-up round, so a busy moment hits them alike; medians.
        for (int round = 0; round <= 3; round++) {
            for (int i = 0; i < sizes.length; i++) {
                Duration d = hashAll(sizes[i], TASKS);
                if (round > 0) {
                    times.get(i).add(d);
                }
            }
        }
        Duration one = GlobalLock.median(times.getFirst());
        for (int i = 0; i < sizes.length; i++) {
            Duration d = GlobalLock.median(times.get(i));
            System.out.printf("%d hashing tasks on %2d %-8s %s (%s the speed of one thread)%n", TASKS, sizes[i],
                    sizes[i] == 1 ? "thread:" : "threads:", Figures.seconds(d), Figures.ratio(one, d));
        }
        List<String> inputs = List.of("a", "b", "c", "d");
        System.out.println("CpuBound.map(4 inputs, work, 64) gave " + withTheExercisesPool(inputs).size() + " digests");
    }
}
