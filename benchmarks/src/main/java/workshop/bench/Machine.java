package workshop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the figures were measured on: CPU, memory, OS, JDK, and how busy the machine was. */
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

    /** The 1-minute load average: above about 0.2 per core, other work shared the machine. */
    public static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
