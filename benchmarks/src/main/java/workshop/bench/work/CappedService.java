package workshop.bench.work;

import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

/**
 * A remote service that serves at most {@code cap} connections at once: calls beyond the cap wait for a
 * free connection before their latency starts, as a server's accept queue makes them. Past {@code cap}
 * workers, more threads only wait longer.
 */
public final class CappedService<I, O> implements BlockingCall<I, O> {

    private final BlockingCall<I, O> call;
    private final Semaphore connections;

    public CappedService(BlockingCall<I, O> call, int cap) {
        this.call = call;
        this.connections = new Semaphore(cap, true);
    }

    @Override
    public O call(I input) throws Exception {
        connections.acquire();
        try {
            return call.call(input);
        } finally {
            connections.release();
        }
    }
}
