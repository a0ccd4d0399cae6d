package workshop.grader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One submission graded by several worker JVMs at once, each with some of its exercises, when the
 * machine has more jobs than submissions (one upload, two cores): the exercises are split into
 * shards of about equal grading time, each shard is graded as a submission of its own (its own
 * folder, user and JVM), and the shards' results are put back together as one.
 *
 * <p>Each exercise runs wholly in one JVM, as it would alone, so a verdict does not depend on the
 * split; the shards run side by side as two submissions do with {@code --jobs 2}.
 */
final class Shards {

    /** Seconds each exercise's hidden tests took on our solutions: written by the grading benchmark. */
    static final String COSTS = "/workshop/grader/exercise-seconds.properties";

    private Shards() {}

    /** How many shards each of {@code submissions} gets with {@code jobs} at once and {@code exercises} graded. */
    static int count(int jobs, int submissions, int exercises) {
        return Math.max(1, Math.min(exercises, jobs / Math.max(1, submissions)));
    }

    /** The grading cost of each exercise, from {@link #COSTS}; an exercise it does not list costs their mean. */
    static Map<String, Double> costs() {
        Properties p = new Properties();
        try (InputStream in = Shards.class.getResourceAsStream(COSTS)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> costs = new TreeMap<>();
        p.stringPropertyNames().forEach(id -> costs.put(id, Double.parseDouble(p.getProperty(id))));
        return costs;
    }

    /**
     * Splits {@code order} into {@code parts} shards of about equal cost (the costliest exercise first,
     * each to the shard with the least so far); each shard keeps the teaching order, none is empty.
     */
    static List<List<String>> split(List<String> order, int parts, Map<String, Double> costs) {
        double mean = costs.values().stream().mapToDouble(Double::doubleValue).average().orElse(1);
        List<String> costliest = new ArrayList<>(order);
        costliest.sort(Comparator.comparingDouble((String id) -> costs.getOrDefault(id, mean)).reversed());
        int n = Math.max(1, Math.min(parts, order.size()));
        List<Set<String>> shards = new ArrayList<>();
        double[] load = new double[n];
        for (int i = 0; i < n; i++) {
            shards.add(new LinkedHashSet<>());
        }
        for (String id : costliest) {
            int least = 0;
            for (int i = 1; i < n; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            shards.get(least).add(id);
            load[least] += costs.getOrDefault(id, mean);
        }
        return shards.stream().map(s -> order.stream().filter(s::contains).toList()).toList();
    }

    /**
     * The shards' results as one submission's: every exercise in teaching order, each incident once,
     * the wall-clock time of the slowest shard, the rest of the timing summed.
     */
    static SubmissionResult merge(List<SubmissionResult> parts, List<String> order) {
        SubmissionResult first = parts.get(0);
        List<SubmissionResult.ExerciseResult> exercises = parts.stream().flatMap(p -> p.exercises().stream())
                .sorted(Comparator.comparingInt(e -> order.indexOf(e.id()))).toList();
        List<SubmissionResult.Incident> incidents = parts.stream().flatMap(p -> p.incidents().stream()).distinct().toList();
        List<SubmissionResult.Timing> t = parts.stream().map(SubmissionResult::timing).toList();
        SubmissionResult.Timing timing = new SubmissionResult.Timing(
                t.stream().mapToLong(SubmissionResult.Timing::millis).max().orElse(0),
                t.stream().mapToLong(SubmissionResult.Timing::compileMillis).sum(),
                t.stream().mapToInt(SubmissionResult.Timing::jvmStarts).sum(),
                t.stream().mapToLong(SubmissionResult.Timing::jvmStartupMillis).sum(),
                t.stream().mapToLong(SubmissionResult.Timing::testMillis).sum());
        List<String> errors = parts.stream().map(SubmissionResult::internalError).filter(e -> e != null).distinct().toList();
        return new SubmissionResult(first.name(), first.path(), exercises, incidents, first.containment(), timing,
                errors.isEmpty() ? null : String.join("; ", errors));
    }

    /**
     * What the instructor's progress lines hear of a sharded submission: its start once (the first
     * shard's), its end once, with all shards' results put together.
     */
    static final class Listener implements SubmissionGrader.Listener {
        private final SubmissionGrader.Listener lines;
        private final List<String> order;
        private final int parts;
        private final List<SubmissionResult> results = new ArrayList<>();
        private final AtomicInteger started = new AtomicInteger();

        Listener(SubmissionGrader.Listener lines, List<String> order, int parts) {
            this.lines = lines;
            this.order = order;
            this.parts = parts;
        }

        @Override
        public void started(String submission) {
            if (started.getAndIncrement() == 0) {
                lines.started(submission);
            }
        }

        @Override
        public void phase(String submission, String what) {
            lines.phase(submission, what);
        }

        @Override
        public void finished(SubmissionResult result) {
            SubmissionResult all = null;
            synchronized (results) {
                results.add(result);
                if (results.size() == parts) {
                    all = merge(results, order);
                }
            }
            if (all != null) {
                lines.finished(all);
            }
        }
    }
}
