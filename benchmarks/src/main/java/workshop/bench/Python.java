package workshop.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs our Python reference ({@code benchmarks/python/reference.py}, packaged in this jar) with the
 * machine's python3, so the seed's figures are measured in the same run as ours. When no python3 is
 * found, the figures say so instead of failing the run.
 */
public final class Python {

    private static final String SCRIPT = "workshop/bench/reference.py";

    private final String executable;
    private final Path script;
    private final Optional<String> version;

    public Python(String executable) throws IOException {
        this.executable = executable;
        this.script = Files.createTempFile("workshop-bench-reference-", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = Python.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the classpath: build the benchmarks module first");
            }
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        this.version = probeVersion();
    }

    private Optional<String> probeVersion() {
        try {
            return Optional.of(run(List.of("version")).strip());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    /** "Python 3.11.7", or why there is none. */
    public String describe() {
        return version.map(v -> "Python " + v + " (" + executable + ")")
                .orElse("no Python: '" + executable + "' did not run; Python figures are missing");
    }

    public boolean available() {
        return version.isPresent();
    }

    /** What a figure shows where Python should be, when it is not. */
    public String missing() {
        return "n/a (" + executable + " not found)";
    }

    /** {@code reference.py map N L W}: the seed's {@code pool.map} with calls that sleep L ms. */
    public Stats map(int n, int latencyMs, int workers, Measure measure) throws IOException, InterruptedException {
        return seconds(List.of("map", "" + n, "" + latencyMs, "" + workers), measure);
    }

    /** {@code reference.py dispatch N W}: {@code pool.map} of a trivial function. */
    public Stats dispatch(int n, int workers, Measure measure) throws IOException, InterruptedException {
        return seconds(List.of("dispatch", "" + n, "" + workers), measure);
    }

    private Stats seconds(List<String> args, Measure measure) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--warmups", "" + measure.warmups(), "--runs", "" + measure.runs()));
        String out = run(all).strip();
        try {
            return new Stats(Arrays.stream(out.split("\\s+")).map(Double::parseDouble).toList());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("reference.py " + args + " printed '" + out + "', expected seconds", e);
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable, script.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("reference.py " + args + " exited with " + exit + ": " + out.strip());
        }
        return out;
    }
}
