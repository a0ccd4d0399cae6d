package workshop.docs;

import java.util.concurrent.Semaphore;
import workshop.common.BlockingCall;

/** A connection cap in front of a slow call: the service accepts so many calls at once, and no more. */
public final class Capped {

    private Capped() {}

    // tag::at-most[]
    /** {@code call}, but with at most {@code permits} calls in flight at once; the others wait their turn. */
    public static <I, O> BlockingCall<I, O> atMost(int permits, BlockingCall<I, O> call) {
        Semaphore slots = new Semaphore(permits, true);       // fair: waiting calls go in arrival order
        return input -> {
            slots.acquire();                                  // blocks while `permits` calls are running
            try {
                return call.call(input);
            } finally {
                slots.release();
            }
        };
    }
    // end::at-most[]
}
