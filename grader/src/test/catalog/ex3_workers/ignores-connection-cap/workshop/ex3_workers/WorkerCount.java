// Mistake: sizes a rate-limited service's pool by Little's law alone, ignoring its connection cap.
// Caught by: WorkerCountHiddenTest#networkNeverExceedsTheCap "more than the service's connection cap"
package workshop.ex3_workers;

import java.time.Duration;
import java.util.Objects;

public final class WorkerCount {
    public static final int NETWORK_CEILING = 200;
    public static final int LIGHT_IO_CEILING = 32;

    private final int cores;

    private WorkerCount(int cores) {
        this.cores = cores;
    }

    public static WorkerCount forThisMachine() {
        return forCores(Runtime.getRuntime().availableProcessors());
    }

    public static WorkerCount forCores(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        return new WorkerCount(cores);
    }

    public int cores() {
        return cores;
    }

    public int cpuBound() {
        return cores;
    }

    public int localDisk() {
        return 4;
    }

    public int lightIo() {
        return Math.min(32, cores + 4);
    }

    public int network(int connectionCap) {
        if (connectionCap < 1) {
            throw new IllegalArgumentException("connectionCap must be at least 1, was " + connectionCap);
        }
        return Math.min(connectionCap, NETWORK_CEILING);
    }

    public int network(int connectionCap, double requestsPerSecond, Duration latency) {
        if (connectionCap < 1) {
            throw new IllegalArgumentException("connectionCap must be at least 1, was " + connectionCap);
        }
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be more than zero, was " + requestsPerSecond);
        }
        Objects.requireNonNull(latency, "latency must not be null");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be more than zero, was " + latency);
        }
        return (int) Math.max(1, Math.min(Math.floor(requestsPerSecond * latency.toNanos() / 1e9), NETWORK_CEILING));
    }
}
