package workshop.docs;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import workshop.ex5_virtual.Outcome;
import workshop.ex5_virtual.ThousandsOfCalls;
import workshop.testkit.SlowCall;

/**
 * Page 5, exercise 5's {@link ThousandsOfCalls#callAll}: 2000 calls of 50 ms on virtual threads, at
 * most 200 in flight, two of them failing.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=CallAll}
 */
public final class CallAll {

    private CallAll() {}

    public static void main(String[] args) throws InterruptedException {
        SlowCall<Integer, String> service = SlowCall.<Integer>echoing().latency(Duration.ofMillis(50))
                .failing(i -> i % 1000 == 7, i -> new IllegalStateException("503 for " + i)).build();
        List<Integer> inputs = IntStream.range(0, 2000).boxed().toList();
        long start = System.nanoTime();
        // tag::call-all[]
        List<Outcome<Integer, String>> outcomes = ThousandsOfCalls.callAll(inputs, service.mock(), 200);
        for (Outcome<Integer, String> outcome : outcomes) {
            switch (outcome) {
                case Outcome.Success<Integer, String> ok -> { }                       // use ok.result()
                case Outcome.Failure<Integer, String> failed ->
                        System.out.println("input " + failed.input() + " failed: " + failed.error().getMessage());
            }
        }
        // end::call-all[]
        Duration took = Figures.since(start);
        System.out.println(outcomes.size() + " outcomes in input order, at most " + service.maxInFlight()
                + " calls in flight: " + Figures.seconds(took) + " (ideal: 10 rounds of 50 ms)");
    }
}
