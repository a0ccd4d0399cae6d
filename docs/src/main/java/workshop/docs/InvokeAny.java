package workshop.docs;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The practitioners' page: {@code invokeAny}, the first of several equivalent calls to succeed.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=InvokeAny}
 */
public final class InvokeAny {

    private InvokeAny() {}

    static final AtomicInteger CANCELLED = new AtomicInteger();

    /** A mirror that answers after {@code millis}, or fails at once when {@code millis} is negative. */
    static Callable<String> mirror(String name, long millis) {
        return () -> {
            if (millis < 0) {
                throw new IllegalStateException(name + " is down");
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                CANCELLED.incrementAndGet();            // invokeAny interrupted this one
                throw e;
            }
            return name + " answered";
        };
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String answer;
        // tag::invoke-any[]
        List<Callable<String>> mirrors = List.of(mirror("mirror-a", 2000), mirror("mirror-b", 50), mirror("mirror-c", -1));
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            answer = pool.invokeAny(mirrors);   // the first to succeed; failures skipped, the rest cancelled
        }
        // end::invoke-any[]
        System.out.println(answer + " after " + Figures.seconds(Figures.since(start)) + "; mirror-c failed, and "
                + CANCELLED.get() + " call still running was cancelled");
    }
}
