package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts that never flake: the fixture class graded several times (one at a time, two at a time,
 * and two at a time while busy loops keep every core loaded) must get the same verdict for every
 * test of every submission.
 *
 * <p>In the normal build ({@code workshop.flake=quick}) the class is small: our solutions, the stubs,
 * two wrong-catalog entries and one correct-catalog entry, exercise 1, graded twice (one at a time,
 * then two at a time). The full run ({@code ./mvnw -B verify -pl grader -am -Pflake}) grades the
 * whole fixture class (every entry of the wrong and the correct catalog, and every hostile fixture
 * too) with every exercise, three times, the three passes at the same time: each submission alone
 * with two jobs (so its exercises are split over two worker JVMs, as an instructor grading one
 * submission gets), the class two at a time, and the class two at a time with every core busy. It
 * writes the figures to {@code grader/target/verdict-stability.txt}.
 */
class VerdictStabilityIT {

    static final boolean FULL = "full".equals(System.getProperty("workshop.flake", "quick"));

    /**
     * With the full run, {@code -Dworkshop.flake.only=REGEX} keeps the catalog entries whose
     * "exercise/mistake" (wrong catalog) or "exercise/design" (correct catalog) matches, and leaves out
     * the hostile fixtures: to check new entries without the hour the whole class takes. Solutions and
     * stubs are always in.
     */
    static final Pattern ONLY = System.getProperty("workshop.flake.only", "").isBlank() ? null
            : Pattern.compile(System.getProperty("workshop.flake.only"));

    /** The correct catalog, beside the wrong one: correct but differently written solutions, full marks each. */
    static final Path CORRECT = Path.of(System.getProperty("workshop.correct",
            Fixtures.CATALOG.resolveSibling("correct").toString()));

    @TempDir
    Path dir;

    /**
     * One pass over the class: one grader run for the whole class, or with {@code eachAlone} one run
     * per submission (with two jobs and one submission, its exercises are split over both).
     */
    record Pass(String how, List<String> extraArgs, boolean loadCores, boolean eachAlone) {}

    @Test
    @DisplayName("the fixture class gets the same verdicts however often and however it is graded")
    void sameVerdictsEveryTime() throws Exception {
        Path submissions = Files.createDirectories(dir.resolve("class"));
        List<Path> fixtureClass = new ArrayList<>();
        fixtureClass.add(Fixtures.solutions(submissions));
        fixtureClass.add(Fixtures.stubs(submissions));
        Map<String, String[]> catalog = new LinkedHashMap<>();
        List<String[]> entries = Fixtures.catalogEntries();
        if (!FULL) {
            entries = List.of(find(entries, "ex1_ordered", "completion-order"), find(entries, "ex1_ordered", "wrapped-error"));
        } else if (ONLY != null) {
            entries = entries.stream().filter(e -> ONLY.matcher(e[0] + "/" + e[1]).find()).toList();
        }
        for (String[] entry : entries) {
            Path project = Fixtures.catalog(submissions, entry[0], entry[1]);
            fixtureClass.add(project);
            catalog.put(project.getFileName().toString(), entry);
        }
        List<String[]> designs = correctEntries();
        if (!FULL) {
            designs = List.<String[]>of(find(designs, "ex1_ordered", "virtual-thread-factory"));
        } else if (ONLY != null) {
            designs = designs.stream().filter(e -> ONLY.matcher(e[0] + "/" + e[1]).find()).toList();
        }
        List<String> correct = new ArrayList<>();
        for (String[] design : designs) {
            Path project = Fixtures.project(submissions, "correct-" + design[0] + "-" + design[1], Fixtures.SOLUTIONS,
                    CORRECT.resolve(design[0]).resolve(design[1]));
            fixtureClass.add(project);
            correct.add(project.getFileName().toString());
        }
        assertThat(entries.size() + designs.size()).as("catalog entries matching -Dworkshop.flake.only=%s", ONLY)
                .isPositive();
        if (FULL && ONLY == null) {
            Fixtures.hostileNames().forEach(name -> fixtureClass.add(Fixtures.hostile(submissions, name)));
        }
        List<String> common = new ArrayList<>();
        // The full run grades with the default time budget per exercise (180 s), as an instructor does: with less,
        // a slow wrong submission (a lock around every call) runs out of it before the test that names its mistake.
        common.addAll(List.of("--format", "json", "--timeout", FULL ? "180" : "120", "-q"));
        if (!FULL) {
            common.addAll(List.of("--exercises", "ex1_ordered"));
        }
        List<Pass> passes = FULL
                ? List.of(new Pass("each submission alone, its exercises split over two jobs", List.of("--jobs", "2"), false, true),
                        new Pass("two at a time", List.of("--jobs", "2"), false, false),
                        new Pass("two at a time, every core busy", List.of("--jobs", "2"), true, false))
                : List.of(new Pass("one at a time", List.of("--jobs", "1"), false, false),
                        new Pass("two at a time", List.of("--jobs", "2"), false, false));

        // The full run's passes run at the same time: one after another they take over two hours on 2 cores
        // (most of it the wrong entries' waits), and at once each is graded on a machine the others keep busy.
        List<java.util.concurrent.Callable<GraderJar.Run>> runs = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            Pass pass = passes.get(i);
            List<String> options = new ArrayList<>(common);
            options.addAll(pass.extraArgs());
            options.addAll(List.of("--out", dir.resolve("out-" + i).toString()));
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            runs.add(() -> {
                List<Process> burners = pass.loadCores() ? burnCores() : List.of();
                try {
                    if (!pass.eachAlone()) {
                        return GraderJar.run(submissions, gradeArgs(fixtureClass, options, work));
                    }
                    int status = 0;                          // the first run's that failed, else 0
                    StringBuilder stdout = new StringBuilder();
                    StringBuilder stderr = new StringBuilder();
                    double seconds = 0;
                    for (int k = 0; k < fixtureClass.size(); k++) {
                        GraderJar.Run one = GraderJar.run(submissions, gradeArgs(List.of(fixtureClass.get(k)), options,
                                Files.createDirectories(work.resolve("" + k))));
                        status = status != 0 ? status : one.status();
                        stdout.append(one.stdout());
                        stderr.append(one.stderr());
                        seconds += one.seconds();
                    }
                    return new GraderJar.Run(status, stdout.toString(), stderr.toString(), seconds);
                } finally {
                    burners.forEach(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                }
            });
        }
        List<GraderJar.Run> done = new ArrayList<>();
        if (FULL) {
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(runs.size())) {
                for (var f : pool.invokeAll(runs)) {
                    done.add(f.get());
                }
            }
        } else {
            for (var run : runs) {
                done.add(run.call());
            }
        }
        List<Map<String, JsonNode>> results = new ArrayList<>();
        StringBuilder report = new StringBuilder(FULL ? "the passes ran at the same time\n" : "the passes ran one after another\n");
        for (int i = 0; i < passes.size(); i++) {
            Pass pass = passes.get(i);
            GraderJar.Run run = done.get(i);
            assertThat(run.status()).as("exit status of pass '%s'; stderr:%n%s", pass.how(), run.stderr()).isZero();
            Map<String, JsonNode> pr = GraderJar.results(dir.resolve("out-" + i));
            assertThat(pr).as("reports of pass '%s'", pass.how()).hasSize(fixtureClass.size());
            if (pass.eachAlone()) {
                // The split really happened: each submission's exercises went to two worker JVMs (or more, after a restart).
                // (The hostile fixtures are left out: some never get as far as a worker.)
                List<String> split = new ArrayList<>(List.of("solutions", "stubs"));
                split.addAll(catalog.keySet());
                split.addAll(correct);
                for (String name : split) {
                    assertThat(pr.get(name).get("extra_data").get("timing").get("jvmStarts").asInt())
                            .as("worker JVMs of %s in pass '%s'", name, pass.how()).isGreaterThanOrEqualTo(2);
                }
            }
            results.add(pr);
            report.append(String.format(Locale.ROOT, "pass %d (%s): %d submissions in %.1f s%n", i + 1, pass.how(),
                    pr.size(), run.seconds()));
        }

        // Compare every pass with the first, verdict by verdict.
        Map<String, JsonNode> first = results.get(0);
        int compared = 0;
        List<String> differing = new ArrayList<>();
        for (int i = 1; i < results.size(); i++) {
            for (Map.Entry<String, JsonNode> e : first.entrySet()) {
                Map<String, String> a = GraderJar.verdicts(e.getValue());
                Map<String, String> b = GraderJar.verdicts(results.get(i).get(e.getKey()));
                for (Map.Entry<String, String> v : a.entrySet()) {
                    compared++;
                    if (!v.getValue().equals(b.get(v.getKey()))) {
                        differing.add(String.format("%s %s: %s in pass 1, %s in pass %d (%s)", e.getKey(), v.getKey(),
                                v.getValue(), b.get(v.getKey()), i + 1,
                                GraderJar.test(results.get(i).get(e.getKey()), v.getKey()).get("output").asText()));
                    }
                }
            }
        }
        int gradings = fixtureClass.size() * passes.size();
        report.append(String.format(Locale.ROOT, "%d gradings (%d submissions x %d passes), %d test verdicts compared"
                + " with pass 1, %d differing%n", gradings, fixtureClass.size(), passes.size(), compared, differing.size()));
        differing.forEach(d -> report.append("  differs: ").append(d).append('\n'));
        System.out.print(report);
        Files.writeString(Path.of("target", FULL ? "verdict-stability.txt" : "verdict-stability-quick.txt"), report);

        assertThat(differing).as("verdicts that differ between passes").isEmpty();

        // And the verdicts are the right ones.
        assertThat(first.get("solutions").get("score").asInt()).as("solutions")
                .isEqualTo(first.get("solutions").get("extra_data").get("max_score").asInt());
        assertThat(first.get("stubs").get("score").asInt()).as("stubs").isZero();
        for (String name : correct) {
            assertThat(first.get(name).get("score").asInt()).as("score of the correct design %s", name)
                    .isEqualTo(first.get(name).get("extra_data").get("max_score").asInt());
        }
        for (Map.Entry<String, String[]> entry : catalog.entrySet()) {
            JsonNode r = first.get(entry.getKey());
            for (Map.Entry<String, String> caught : caughtBy(entry.getValue()).entrySet()) {
                JsonNode test = GraderJar.test(r, caught.getKey());
                assertThat(test.get("status").asText()).as("%s on %s", caught.getKey(), entry.getKey()).isEqualTo("failed");
                assertThat(test.get("output").asText()).as("message of %s on %s", caught.getKey(), entry.getKey())
                        .contains(caught.getValue());
            }
        }
    }

    /** The grader's command line: the submissions, then the options, then the work folder. */
    private static List<String> gradeArgs(List<Path> submissions, List<String> options, Path work) {
        List<String> args = new ArrayList<>();
        submissions.forEach(p -> args.add(p.toString()));
        args.addAll(options);
        args.addAll(List.of("--work", work.toString()));
        return args;
    }

    /** Every entry of the correct catalog as {@code [exercise, design]}. */
    private static List<String[]> correctEntries() throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (var exercises = Files.list(CORRECT)) {
            for (Path exercise : exercises.filter(Files::isDirectory).sorted().toList()) {
                try (var designs = Files.list(exercise)) {
                    designs.filter(Files::isDirectory).sorted().forEach(d ->
                            entries.add(new String[] {exercise.getFileName().toString(), d.getFileName().toString()}));
                }
            }
        }
        return entries;
    }

    private static String[] find(List<String[]> entries, String exercise, String mistake) {
        return entries.stream().filter(e -> e[0].equals(exercise) && e[1].equals(mistake)).findFirst()
                .orElseThrow(() -> new AssertionError("no catalog entry " + exercise + "/" + mistake));
    }

    private static final Pattern CAUGHT_BY = Pattern.compile("//\\s*Caught by:\\s*(\\S+#\\S+)\\s+\"([^\"]+)\"");

    private static Map<String, String> caughtBy(String[] entry) throws IOException {
        Map<String, String> caught = new LinkedHashMap<>();
        try (var files = Files.walk(Fixtures.CATALOG.resolve(entry[0]).resolve(entry[1]))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".java.patch")).toList()) {
                Matcher m = CAUGHT_BY.matcher(Files.readString(f));
                while (m.find()) {
                    caught.put(m.group(1), m.group(2));
                }
            }
        }
        return caught;
    }

    /** A busy loop per core, as another process on a shared machine would be. */
    /**
     * A busy loop per core, at the lowest priority: they take every cycle the graders leave, so no core
     * is ever idle, without starving the other passes that run at the same time.
     */
    private static List<Process> burnCores() throws IOException {
        List<Process> burners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            burners.add(new ProcessBuilder("nice", "-n", "19", "sh", "-c", "while :; do :; done").start());
        }
        return burners;
    }
}
