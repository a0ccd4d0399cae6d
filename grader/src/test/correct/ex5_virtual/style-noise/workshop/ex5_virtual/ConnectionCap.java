package workshop.ex5_virtual;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/** The service's connection cap: at most {@code size} calls hold a connection at once. */
final class ConnectionCap {

    private final Semaphore permits;

    ConnectionCap(int size) {
        this.permits = new Semaphore(size);
    }

    /** Runs {@code work} while holding a connection; waits, interruptibly, until one is free. */
    <T> T call(Callable<T> work) throws Exception {
        permits.acquire(); // interrupted here, we hold nothing and give nothing back
        try {
            return work.call();
        } finally {
            permits.release();
        }
    }
}
