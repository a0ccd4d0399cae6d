package workshop.docs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import workshop.ex6_backpressure.Backpressure;

/**
 * Page 6, inputs of unknown length: exercise 1's submit-everything loop holds every input before the
 * first outcome is delivered; our {@code Backpressure.map} from exercise 6 holds at most {@code maxAhead}.
 * Both count the inputs held (taken from the iterator, outcome not yet delivered) and print the most
 * held at once. The calls are instant, so only the counting shows: the numbers do not vary from run to run.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=Streaming}
 */
public final class Streaming {

    private Streaming() {}

    static final int LINES = 200_000;

    /** The lines of a log file, read one at a time: it counts what has been taken. */
    static final class LogLines implements Iterator<String> {
        final AtomicLong taken = new AtomicLong();

        @Override
        public boolean hasNext() {
            return taken.get() < LINES;
        }

        @Override
        public String next() {
            return "GET /page/" + taken.getAndIncrement();
        }
    }

    /** Inputs taken minus outcomes delivered, and the most it ever was. */
    static final class Held {
        final LogLines lines;
        long delivered;
        long most;

        Held(LogLines lines) {
            this.lines = lines;
        }

        void delivered() {
            most = Math.max(most, lines.taken.get() - delivered);
            delivered++;
        }
    }

    static int parse(String line) {
        return line.length();
    }

    static void submitEverything() throws InterruptedException {
        LogLines lines = new LogLines();
        Held held = new Held(lines);
        // tag::submit-everything[]
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> futures = new ArrayList<>();
            while (lines.hasNext()) {                   // nothing stops this loop but the end of the file
                String line = lines.next();
                futures.add(pool.submit(() -> parse(line)));
            }
            for (Future<Integer> future : futures) {    // the first outcome is delivered only now
                try {
                    future.get();
                } catch (ExecutionException e) {
                    System.out.println("failed: " + e.getCause());
                }
                held.delivered();
            }
        }
        // end::submit-everything[]
        System.out.printf("submit everything: %,d lines, at most %,d held at once%n", held.delivered, held.most);
    }

    static void withBackpressure() throws InterruptedException {
        LogLines lines = new LogLines();
        Held held = new Held(lines);
        // tag::backpressure[]
        long delivered = Backpressure.map(lines, Streaming::parse, 4, 16, outcome -> held.delivered());
        // end::backpressure[]
        System.out.printf("Backpressure.map:  %,d lines, at most %,d held at once%n", delivered, held.most);
    }

    public static void main(String[] args) throws InterruptedException {
        submitEverything();
        withBackpressure();
    }
}
