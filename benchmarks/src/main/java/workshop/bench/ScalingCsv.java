package workshop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweeps' raw runs, for the tutorial's plot and exercise 3's tuner: one line per measured run.
 *
 * <pre>
 * workload,mode,workers,seconds,run
 * io,threads,20,0.1043,1
 * </pre>
 *
 * {@code workload} is {@code io} (calls to a service with a connection cap), {@code cpu} (fixed CPU
 * work) or {@code locked} (CPU work under one process-wide lock); {@code mode} is {@code threads} (a
 * fixed pool of that many platform threads), {@code virtual} (one virtual thread per task) or
 * {@code processes} (that many child JVMs at once); {@code seconds} is one run's makespan; {@code run}
 * numbers the runs of one (workload, mode, workers) from 1.
 */
public final class ScalingCsv {

    public static final String HEADER = "workload,mode,workers,seconds,run";

    private final List<String> lines = new ArrayList<>();

    /** Adds every run of one measurement. */
    public synchronized void add(String workload, String mode, int workers, Stats runs) {
        for (int i = 0; i < runs.samples().size(); i++) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%d", workload, mode, workers, runs.samples().get(i), i + 1));
        }
    }

    public synchronized String text() {
        return HEADER + "\n" + String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text());
    }
}
