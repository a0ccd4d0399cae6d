package workshop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** What the figures were measured on: CPU, memory, OS, JDK, and how much other work shared it. */
public final class Machine {

    private Machine() {}

    public static String cpu() {
        String model = read("/proc/cpuinfo").flatMap(text -> text.lines()
                .filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()))
                .orElse(System.getProperty("os.arch"));
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores (`availableProcessors`)";
    }

    public static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format("%.1f GB", os.getTotalMemorySize() / 1e9);
        }
        return "unknown";
    }

    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    public static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")";
    }

    /**
     * A reading of CPU time in clock ticks: the whole machine's busy and total time, and what this JVM and its ended
     * children (child JVMs, Python, the grader's workers) used.
     */
    public record CpuTicks(long busy, long total, long ours) {}

    /** Now, from Linux's /proc; empty elsewhere. */
    public static Optional<CpuTicks> cpuTicks() {
        return read("/proc/stat").flatMap(stat -> read("/proc/self/stat").flatMap(self -> parse(stat, self)));
    }

    /**
     * How many cores other programs kept busy between two readings, on average: 0 on a quiet machine, 1.0 when
     * something else kept one core busy the whole time. Unlike the load average, it leaves out our own work (some
     * figures keep every core busy on purpose) and whatever ran just before, such as the build that compiled us.
     */
    public static double otherCores(CpuTicks before, CpuTicks after, int cores) {
        long total = after.total() - before.total();
        long others = (after.busy() - before.busy()) - (after.ours() - before.ours());
        return total <= 0 ? 0 : Math.max(0, (double) others / total * cores);
    }

    /**
     * @param stat the text of /proc/stat: its first line is "cpu user nice system idle iowait irq softirq steal ..."
     * @param self the text of /proc/self/stat: after the command's closing parenthesis, utime, stime, cutime and
     *        cstime are the 12th to 15th fields
     */
    static Optional<CpuTicks> parse(String stat, String self) {
        try {
            String[] cpuLine = stat.lines().findFirst().orElseThrow().strip().split("\\s+");
            long[] cpu = Arrays.stream(cpuLine, 1, 9).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(cpu).sum(); // guest time is already inside user time
            long busy = total - cpu[3] - cpu[4]; // minus idle and iowait
            String[] fields = self.substring(self.lastIndexOf(')') + 2).strip().split(" ");
            long ours = 0;
            for (int i = 11; i <= 14; i++) {
                ours += Long.parseLong(fields[i]);
            }
            return Optional.of(new CpuTicks(busy, total, ours));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
