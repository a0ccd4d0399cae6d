package workshop.docs;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The practitioners' page: a pool whose threads have names you will recognise in a log or a thread dump.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=NamedThreads}
 */
public final class NamedThreads {

    private NamedThreads() {}

    public static void main(String[] args) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        // tag::thread-names[]
        ThreadFactory named = Thread.ofPlatform().name("fetch-", 0).factory();   // fetch-0, fetch-1, ...
        try (ExecutorService pool = Executors.newFixedThreadPool(3, named)) {
            for (int i = 0; i < 9; i++) {
                pool.submit(() -> names.add(Thread.currentThread().getName()));
            }
        }
        // end::thread-names[]
        System.out.println("the 9 tasks ran on " + new TreeSet<>(names));
        try (ExecutorService unnamed = Executors.newFixedThreadPool(1)) {
            unnamed.submit(() -> System.out.println("without a factory: " + Thread.currentThread().getName()
                    .replaceAll("pool-\\d+", "pool-N")));
        }
    }
}
