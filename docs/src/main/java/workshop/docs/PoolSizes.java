package workshop.docs;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import workshop.ex3_workers.Measurement;
import workshop.ex3_workers.Tuner;
import workshop.ex3_workers.Tuning;
import workshop.ex3_workers.WorkerCount;
import workshop.testkit.SlowCall;

/**
 * Page 4: exercise 3's rules of thumb as code, and its tuner measuring a service with a connection
 * cap of 8 (the test kit's {@link SlowCall}, 10 ms per call, behind {@link Capped#atMost}).
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=PoolSizes}
 */
public final class PoolSizes {

    private PoolSizes() {}

    static void rulesOfThumb() {
        // tag::rules[]
        WorkerCount rules = WorkerCount.forCores(8);          // forThisMachine() in real code
        int cpu = rules.cpuBound();                             // 8: one per core
        int disk = rules.localDisk();                           // 4: the disk, not the cores, limits it
        int lightIo = rules.lightIo();                          // 12: min(32, cores + 4), our default
        int api = rules.network(50, 40.0, Duration.ofMillis(250));  // 10: 40 requests/s x 0.25 s in flight
        // end::rules[]
        System.out.println("8 cores: cpuBound " + cpu + ", localDisk " + disk + ", lightIo " + lightIo
                + ", network(cap 50, 40/s, 250 ms) " + api);
    }

    static Tuning tune() throws Exception {
        SlowCall<Integer, String> slow = SlowCall.<Integer>echoing().latency(Duration.ofMillis(10)).build();
        List<Integer> samples = IntStream.range(0, 32).boxed().toList();
        // tag::tune[]
        Tuner tuner = new Tuner(List.of(2, 4, 8, 16, 32), 32, 3, 0.25);     // 32 calls a trial, 3 rounds, within 25%
        Tuning tuning = tuner.tune(Tuner.timing(samples, Capped.atMost(8, slow.mock())));
        int workers = tuning.chosen();                                      // the smallest count near the best
        // end::tune[]
        return tuning;
    }

    public static void main(String[] args) throws Exception {
        rulesOfThumb();
        Tuning tuning = tune();
        System.out.println("32 calls of 10 ms, connection cap 8, fastest of 3 rounds:");
        Duration best = tuning.best().elapsed();
        for (Measurement m : tuning.measurements()) {
            System.out.printf("%4d workers: %s (%s as long as the best)%s%n", m.workers(), Figures.millis(m.elapsed()),
                    Figures.ratio(m.elapsed(), best), m.workers() == tuning.chosen() ? "  <- chosen" : "");
        }
    }
}
