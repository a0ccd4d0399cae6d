package workshop.docs;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The practitioners' page: the JSON thread dump that {@code jcmd <pid> Thread.dump_to_file -format=json}
 * writes, taken from inside the JVM, with named platform and virtual threads stuck in a call.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=ThreadDump}
 */
public final class ThreadDump {

    private ThreadDump() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch slowService = new CountDownLatch(1);
        Path dump = Files.createTempDirectory("dump").resolve("threads.json");
        try (ExecutorService platform = Executors.newFixedThreadPool(3, Thread.ofPlatform().name("fetch-", 0).factory());
                ExecutorService virtual = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vfetch-", 0).factory())) {
            for (int i = 0; i < 3; i++) {
                platform.submit(() -> slowService.await(5, java.util.concurrent.TimeUnit.SECONDS));
                virtual.submit(() -> slowService.await(5, java.util.concurrent.TimeUnit.SECONDS));
            }
            Thread.sleep(200);                            // let them all reach the wait
            // tag::thread-dump[]
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            hotspot.dumpThreads(dump.toString(), ThreadDumpFormat.JSON);   // what jcmd's Thread.dump_to_file writes
            // end::thread-dump[]
            slowService.countDown();
        }
        String json = Files.readString(dump);
        System.out.println("the dump lists " + count(json, "fetch-\\d+") + " threads named fetch-N and "
                + count(json, "vfetch-\\d+") + " virtual threads named vfetch-N, each with its stack ("
                + (json.contains("java.util.concurrent.CountDownLatch.await") ? "in CountDownLatch.await" : "?") + ")");
        Files.delete(dump);
        Files.delete(dump.getParent());
    }

    private static long count(String json, String name) {
        return Pattern.compile("\"name\": *\"" + name + "\"").matcher(json).results().count();
    }
}
