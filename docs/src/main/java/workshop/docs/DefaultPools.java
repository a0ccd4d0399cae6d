package workshop.docs;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import workshop.ex1_ordered.OrderedMap;

/**
 * Page 4, what the JDK gives you when you do not choose a size: {@code newCachedThreadPool} starts
 * a thread for every call that finds no idle one, so 200 blocking calls make 200 threads (and, in
 * real life, 200 connections to one service). A fixed pool makes exactly as many as you allow.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=DefaultPools}
 */
public final class DefaultPools {

    private DefaultPools() {}

    // tag::sizes[]
    static int cores() {
        return Runtime.getRuntime().availableProcessors();     // what the JVM may use (containers included)
    }

    static int commonPoolThreads() {
        return ForkJoinPool.commonPool().getParallelism();     // cores - 1: parallel streams, supplyAsync(...)
    }
    // end::sizes[]

    /** 200 calls that each wait until all 200 are running (or 5 s pass): how many threads ran them? */
    static int threadsOfCachedPool(int calls) throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch allRunning = new CountDownLatch(calls);
        // tag::cached[]
        try (ExecutorService pool = Executors.newCachedThreadPool()) {   // no limit at all
            for (int i = 0; i < calls; i++) {
                pool.submit(() -> {
                    threads.add(Thread.currentThread());
                    allRunning.countDown();
                    return allRunning.await(5, TimeUnit.SECONDS);      // a slow call
                });
            }
        }
        // end::cached[]
        return threads.size();
    }

    static int threadsOfFixedPool(int calls, int workers) throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        OrderedMap.map(Urls.pages(calls), url -> {
            threads.add(Thread.currentThread());
            Thread.sleep(20);
            return url;
        }, workers);
        return threads.size();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("newCachedThreadPool():   200 blocking calls ran on " + threadsOfCachedPool(200) + " threads");
        System.out.println("newFixedThreadPool(20):  200 blocking calls ran on " + threadsOfFixedPool(200, 20) + " threads");
    }
}
