package workshop.bench.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.bench.Calls;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.MockitoConfig;
import workshop.bench.PlainJdk;
import workshop.bench.Row;
import workshop.bench.Sizes;
import workshop.bench.Stats;
import workshop.bench.Taught;
import workshop.bench.Trial;
import workshop.testkit.SlowCall;

/**
 * A proposed test-kit change, measured: an empty {@code org.mockito.configuration.MockitoConfiguration}
 * ({@link MockitoConfig}). Without it, Mockito searches the classpath for that class (and throws) on the
 * first mock call of every new thread, so figures that start many threads pay it once per thread:
 * the ordered map's 100 pool threads, and every one of 10,000 virtual threads. This figure measures
 * the ordered map and the 10,000 virtual-thread calls with the tests' SlowCall, then installs the
 * class and measures them again. It cannot be undone, so it runs after every other figure.
 */
public final class MockitoConfigRow implements Row {

    @Override
    public String id() {
        return "mockito-config";
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        Sizes z = ctx.sizes();
        double ideal = Sizes.ideal(z.mapN(), z.mapLatencyMs(), z.mapWorkers());
        String mapName = String.format("exercise 1 ordered map, n=%d, L=%d ms, w=%d: makespan / ideal", z.mapN(), z.mapLatencyMs(), z.mapWorkers());
        String vtName = String.format("%s, n=%,d, L=%d ms: makespan, ms",
                Taught.virtualThreads().isPresent() ? "exercise 5" : "plain virtual threads", z.vtN(), z.vtLatencyMs());
        List<Integer> mapInputs = Calls.inputs(z.mapN());
        List<Integer> vtInputs = Calls.inputs(z.vtN());
        Optional<Taught.CappedBatch> ex5 = Taught.virtualThreads();
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put(mapName, () -> {
            SlowCall<Integer, String> slow = Calls.slow(z.mapLatencyMs());
            return Trial.time(() -> Taught.orderedMap(mapInputs, slow.mock(), z.mapWorkers()));
        });
        trials.put(vtName, () -> {
            SlowCall<Integer, String> slow = Calls.slow(z.vtLatencyMs());
            return Trial.time(() -> {
                if (ex5.isPresent()) {
                    ex5.get().run(vtInputs, slow.mock(), z.vtN());
                } else {
                    PlainJdk.virtualThreads(vtInputs, slow.mock());
                }
            });
        });

        if (MockitoConfig.present()) {
            return new Figure(id(), "proposed: an empty `MockitoConfiguration` in the test kit", "-", "-",
                    "already on the classpath", "-", "n/a",
                    "A `MockitoConfiguration` was on the classpath for this whole run, so every mocked figure had it; nothing to compare.");
        }
        ctx.log().accept(String.format("%d variants x %d runs, without and then with the configuration class", trials.size(), ctx.measure().runs()));
        Map<String, Stats> without = ctx.measure().interleaved(trials);
        if (!MockitoConfig.install()) {
            return new Figure(id(), "proposed: an empty `MockitoConfiguration` in the test kit", "-", "-",
                    "skipped", "-", "n/a", "Skipped: no Java compiler in this runtime to build the class.");
        }
        Map<String, Stats> with = ctx.measure().interleaved(trials);

        Stats mapWithout = without.get(mapName).map(v -> v / ideal);
        Stats mapWith = with.get(mapName).map(v -> v / ideal);
        Stats vtWithout = without.get(vtName).map(v -> v * 1000);
        Stats vtWith = with.get(vtName).map(v -> v * 1000);
        Markdown table = new Markdown("figure (tests' SlowCall)", "as the tests run today", "with an empty `MockitoConfiguration`");
        table.row(mapName, mapWithout.format("%.3f"), mapWith.format("%.3f"));
        table.row(vtName, vtWithout.format("%.1f"), vtWith.format("%.1f"));
        String details = """
                Mockito reads its global configuration once per thread: on a thread's first mock call, \
                `GlobalConfiguration` asks for a class named `org.mockito.configuration.MockitoConfiguration` \
                with `Class.forName`, and keeps the answer in a ThreadLocal. When there is no such class (today), \
                the lookup searches every jar on the classpath and throws `ClassNotFoundException`, once per new \
                thread. A pool of 100 threads pays it 100 times before its first wave of calls; 10,000 virtual \
                threads pay it 10,000 times. With an empty subclass of `DefaultMockitoConfiguration` on the \
                classpath, the lookup finds the loaded class at once; Mockito's behaviour does not change.

                Measured in this run, the same variants interleaved, first as the tests run today, then with the \
                class defined at run time (`MockitoConfig.install`):

                """ + table + """

                The change this proposes: add `testkit/src/main/java/org/mockito/configuration/MockitoConfiguration.java`, \
                `public class MockitoConfiguration extends DefaultMockitoConfiguration {}`, so every test, hidden \
                test and benchmark gets it. What is left of the mock's cost afterwards is Mockito's own per-call \
                work (an invocation object and a stack walk for its location).
                """;
        return new Figure(id(), "proposed: an empty `MockitoConfiguration` in the test kit",
                "the two figures above that start many threads, SlowCall", "-",
                String.format("ordered map %.3f -> %.3f; 10,000 virtual threads %.0f -> %.0f ms", mapWithout.median(), mapWith.median(),
                        vtWithout.median(), vtWith.median()),
                "same run, before and after", "proposal (test kit)", details);
    }
}
