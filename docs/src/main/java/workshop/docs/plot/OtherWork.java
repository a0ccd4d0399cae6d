package workshop.docs.plot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How busy other programs kept the machine while a plot was measured: the cores they used on average between two
 * readings of Linux's {@code /proc/stat}, leaving out this JVM and the child JVMs it waited for (the same measure as the
 * benchmarks' {@code workshop.bench.Machine#otherCores}). The load average alone counts our own work too, and the build
 * that ran just before.
 */
record OtherWork(long busy, long total, long ours) {

    /** A reading now; empty where there is no {@code /proc}. */
    static Optional<OtherWork> now() {
        try {
            String[] cpu = Files.readString(Path.of("/proc/stat")).lines().findFirst().orElseThrow().strip().split("\\s+");
            long[] ticks = Arrays.stream(cpu, 1, 9).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks).sum();
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = self.substring(self.lastIndexOf(')') + 2).strip().split(" ");
            long ours = 0;
            for (int i = 11; i <= 14; i++) {   // utime, stime, cutime, cstime
                ours += Long.parseLong(fields[i]);
            }
            return Optional.of(new OtherWork(total - ticks[3] - ticks[4], total, ours));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "other programs kept 0.4 of its 2 cores busy during the run, load average 2.1 at the end" (what is known of it). */
    static String since(Optional<OtherWork> before) {
        int cores = Runtime.getRuntime().availableProcessors();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String loadText = load < 0 ? "" : String.format(Locale.ROOT, "load average %.1f at the end", load);
        Optional<OtherWork> after = now();
        if (before.isEmpty() || after.isEmpty() || after.get().total() <= before.get().total()) {
            return loadText.isEmpty() ? "its load not known" : loadText;
        }
        long total = after.get().total() - before.get().total();
        long others = (after.get().busy() - before.get().busy()) - (after.get().ours() - before.get().ours());
        double otherCores = Math.max(0, (double) others / total * cores);
        return String.format(Locale.ROOT, "other programs kept %.1f of its %d cores busy during the run", otherCores, cores)
                + (loadText.isEmpty() ? "" : ", " + loadText);
    }
}
