package workshop.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs trials: warm-ups first (not counted: class loading and JIT compilation of the code under test),
 * then the measured runs. Several variants of one figure run interleaved, run 1 of each, then run 2
 * of each..., so that a slow patch of a noisy machine hits them all alike and their ratio stays fair.
 *
 * <p>Each run times one whole batch from the caller's side (submit to last result), so a run is one
 * makespan: no per-call latencies are sampled, hence no coordinated omission to correct for.
 */
public final class Measure {

    private final int warmups;
    private final int runs;

    public Measure(int warmups, int runs) {
        if (runs < 1 || warmups < 0) {
            throw new IllegalArgumentException("runs must be at least 1 and warm-ups at least 0, were " + runs + " and " + warmups);
        }
        this.warmups = warmups;
        this.runs = runs;
    }

    public int runs() {
        return runs;
    }

    public int warmups() {
        return warmups;
    }

    /** The same measurement with at most {@code most} warm-up runs: for variants whose runs are long, or cold by nature. */
    public Measure withAtMostWarmups(int most) {
        return new Measure(Math.min(most, warmups), runs);
    }

    /** Measures one variant. */
    public Stats one(Trial trial) throws Exception {
        return interleaved(Map.of("only", trial)).get("only");
    }

    /** Measures several variants, interleaved run by run; the map keeps the order of {@code trials}. */
    public Map<String, Stats> interleaved(Map<String, Trial> trials) throws Exception {
        for (int w = 0; w < warmups; w++) {
            for (Trial trial : trials.values()) {
                trial.run();
            }
        }
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        trials.keySet().forEach(name -> seconds.put(name, new ArrayList<>()));
        for (int r = 0; r < runs; r++) {
            for (Map.Entry<String, Trial> e : trials.entrySet()) {
                // Collect the previous run's garbage now, not in the middle of the next timed run.
                System.gc();
                seconds.get(e.getKey()).add(e.getValue().run());
            }
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        seconds.forEach((name, s) -> stats.put(name, new Stats(s)));
        return stats;
    }
}
