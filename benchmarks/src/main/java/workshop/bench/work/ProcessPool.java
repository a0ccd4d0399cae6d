package workshop.bench.work;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A plain process pool beside exercise 4's: runs each task in a child JVM ({@link ChildWorker}), at
 * most {@code workers} at once, and checks each child's exit status and output. One child per task,
 * so every task pays a JVM start-up.
 */
public final class ProcessPool {

    private ProcessPool() {}

    /** Runs {@code tasks} children computing {@code unitsPerTask} each, {@code workers} at a time; returns their results. */
    public static List<Long> run(int tasks, long unitsPerTask, int workers) throws Exception {
        try (ExecutorService starters = Executors.newFixedThreadPool(workers)) {
            List<Future<Long>> children = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                children.add(starters.submit(() -> child(unitsPerTask)));
            }
            List<Long> results = new ArrayList<>();
            for (Future<Long> child : children) {
                try {
                    results.add(child.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a child JVM failed", e.getCause());
                }
            }
            return results;
        }
    }

    /** Starts one child JVM, waits for it, and returns what it printed. */
    public static long child(long units) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(units)).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("child JVM exited with " + exit + ": " + out);
            }
            return Long.parseLong(out);
        } finally {
            process.destroyForcibly();
        }
    }

    static List<String> command(long units) {
        return List.of(javaExecutable(), "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classesOf(ChildWorker.class).toString(), ChildWorker.class.getName(), Long.toString(units));
    }

    /** The java launcher of this JVM (the toolchain's JDK under Maven). */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The class folder or jar {@code type} was loaded from. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }
}
