package workshop.bench.rows;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.bench.Context;
import workshop.bench.Figure;
import workshop.bench.Markdown;
import workshop.bench.MockedWaits;
import workshop.bench.Row;
import workshop.bench.Stats;
import workshop.bench.work.ProcessPool;

/**
 * How long grading takes, and how much of it is our overhead rather than the waits the hidden tests'
 * mocked calls must sleep.
 *
 * <ul>
 *   <li><b>One submission</b>: a fresh JVM runs the grader's {@code Score} main on our solutions'
 *       sources (compile + every hidden test), as {@code -Pscore} does; timed from outside, start-up
 *       included.
 *   <li><b>A class</b>: {@code Score --repeat 20} grades the same compiled submission 20 times in one
 *       JVM: the per-submission cost once the JVM is warm. Flight Recorder records every sleep in that
 *       JVM; {@link MockedWaits} keeps the sleeps of SlowCall and of TestServer.handle and takes their union: the mocked waits.
 * </ul>
 *
 * <p>Then the way an instructor grades, through the grader's jar ({@code grader/target/grader.jar},
 * {@link #cliCommand}): one submission folder (a copy of our solutions) at a time, start-up of the
 * grader and its worker JVM included; and a class of 20 such folders with {@code --jobs} = cores.
 * Without the jar (not built yet) those lines say so instead.
 */
public final class GradingRow implements Row {


    @Override
    public String id() {
        return "grading";
    }

    /** Where the grader's jar is: {@code -Dworkshop.grader.jar}, else where the grader module builds it. */
    static Optional<Path> graderJar() {
        Path jar = Path.of(System.getProperty("workshop.grader.jar", "../grader/target/grader.jar"));
        return Files.isRegularFile(jar) ? Optional.of(jar.toAbsolutePath().normalize()) : Optional.empty();
    }

    /**
     * The grader's command line for these submission folders, as an instructor types it (a CSV summary
     * on standard output, nothing else).
     */
    static List<String> cliCommand(Path jar, List<Path> submissions, int jobs, String only, Path work) {
        List<String> command = new ArrayList<>(List.of(ProcessPool.javaExecutable(), "-jar", jar.toString()));
        submissions.forEach(s -> command.add(s.toString()));
        command.addAll(List.of("-q", "--format", "csv", "--jobs", Integer.toString(jobs), "--work", work.toString()));
        if (!only.isEmpty()) {
            command.addAll(List.of("--exercises", only));
        }
        return command;
    }

    /** One submission through the jar, several times, and a class of {@code classSize} once. */
    record CliFigures(Stats one, Stats oneInside, Stats oneMoreJob, int jobs, double classSeconds, Stats classEach, int full,
            int graded) {}

    private static CliFigures gradeWithCli(Context ctx, Path jar, Path sources, String only, int classSize) throws Exception {
        Path dir = Files.createTempDirectory("workshop-bench-class-");
        try {
            List<Path> klass = new ArrayList<>();
            for (int i = 1; i <= classSize; i++) {
                Path project = dir.resolve(String.format("learner-%02d", i));
                copyTree(sources, project.resolve("src/main/java"));
                klass.add(project);
            }
            Path work = Files.createDirectories(dir.resolve("work"));
            ctx.log().accept(String.format("grader jar: one submission x %d, then a class of %d", ctx.measure().runs(), classSize));
            if (only.isEmpty()) {
                writeCosts(jar, klass.get(0), work, dir.resolve("costs"));
                writeClassList(jar, klass.get(0), work, dir.resolve("classes.txt"));
            }
            // The workers' class-data archive, made once per grader jar and JDK (otherwise the first run makes it).
            run(List.of(ProcessPool.javaExecutable(), "-jar", jar.toString(), "--prepare"));
            // One submission with --jobs = cores, as an instructor grades one upload: the grader splits its exercises;
            // interleaved with --jobs = cores + 1 (the hidden tests mostly wait, so one more JVM may pay).
            int jobs = Runtime.getRuntime().availableProcessors();
            List<Double> wall = new ArrayList<>();
            List<Double> inside = new ArrayList<>();
            List<Double> moreJobs = new ArrayList<>();
            for (int i = 0; i < ctx.measure().runs(); i++) {
                Child child = run(cliCommand(jar, List.of(klass.get(0)), jobs, only, work));
                wall.add(child.seconds());
                inside.add(Double.parseDouble(csvRows(child.output()).get(0).get("seconds")));
                moreJobs.add(run(cliCommand(jar, List.of(klass.get(0)), jobs + 1, only, work)).seconds());
            }
            Child all = run(cliCommand(jar, klass, jobs, only, work));
            List<Map<String, String>> rows = csvRows(all.output());
            int full = (int) rows.stream().filter(r -> r.get("score").equals(r.get("max_score"))).count();
            return new CliFigures(new Stats(wall), new Stats(inside), new Stats(moreJobs), jobs, all.seconds(),
                    new Stats(rows.stream().map(r -> Double.parseDouble(r.get("seconds"))).toList()), full, rows.size());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Where the grader keeps each exercise's grading seconds (its {@code Shards} split one submission by them). */
    static Path costsFile() {
        return Path.of(System.getProperty("workshop.grader.costs",
                "../grader/src/main/resources/workshop/grader/exercise-seconds.properties")).toAbsolutePath().normalize();
    }

    /**
     * Grades {@code submission} once, one exercise after another (untimed), and writes the seconds each
     * exercise's hidden tests took, from its report.json, to {@link #costsFile}.
     */
    private static void writeCosts(Path jar, Path submission, Path work, Path out) throws Exception {
        Child child = run(List.of(ProcessPool.javaExecutable(), "-jar", jar.toString(), submission.toString(), "-q",
                "--format", "json", "--jobs", "1", "--work", work.toString(), "--out", out.toString()));
        Path report = out.resolve(submission.getFileName().toString()).resolve("report.json");
        if (!Files.isRegularFile(report)) {
            throw new IllegalStateException("the grader wrote no " + report + ":\n" + child.output());
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        Map<String, Long> millis = new java.util.TreeMap<>();
        for (var exercise : json.path("extra_data").path("record").path("result").path("exercises")) {
            long sum = 0;
            for (var test : exercise.path("tests")) {
                sum += test.path("millis").asLong();
            }
            millis.put(exercise.path("id").asText(), sum);
        }
        if (millis.isEmpty()) {
            throw new IllegalStateException("no exercises in " + report);
        }
        StringBuilder text = new StringBuilder("# Seconds each exercise's hidden tests took on our solutions, graded one exercise after\n"
                + "# another (report.json's per-test times): how the grader splits one submission over idle cores (Shards).\n"
                + "# Written by ./mvnw -q verify -DskipTests -Pbench -Dbench.only=grading (GradingRow); do not edit by hand.\n");
        millis.forEach((id, ms) -> text.append(id).append('=').append(String.format(java.util.Locale.ROOT, "%.2f", ms / 1000.0)).append('\n'));
        Files.writeString(costsFile(), text, StandardCharsets.UTF_8);
    }

    /** Where the grader keeps the classes its workers load, for their class-data archive (ClassDataArchive). */
    static Path classListFile() {
        return Path.of(System.getProperty("workshop.grader.classlist",
                "../grader/src/main/resources/workshop/grader/worker.classlist")).toAbsolutePath().normalize();
    }

    /**
     * Grades {@code submission} once (untimed, no sandbox, so that the worker may write the list) with
     * the JVM listing every class it loads, and writes to {@link #classListFile} those the JDK's or the
     * grader's jar holds: the classes that a submission's own loader loaded (its classes, and the hidden
     * tests beside them) are left out, as are the lambda forms.
     */
    static void writeClassList(Path jar, Path submission, Path work, Path list) throws Exception {
        run(List.of(ProcessPool.javaExecutable(), "-jar", jar.toString(), submission.toString(), "-q", "--format", "csv",
                "--jobs", "1", "--sandbox", "plain", "--class-cache", "none", "--jvm-option=-XX:DumpLoadedClassList=" + list,
                "--work", work.toString()));
        List<String> classes = classList(Files.readAllLines(list, StandardCharsets.UTF_8));
        if (classes.size() < 1000) {
            throw new IllegalStateException("the worker listed only " + classes.size() + " classes in " + list);
        }
        String header = "# The classes a worker JVM loads, from a worker grading our solutions: the grader dumps them into a\n"
                + "# class-data archive for the workers (ClassDataArchive). No class of a submission is listed.\n"
                + "# Written by ./mvnw -q verify -DskipTests -Pbench -Dbench.only=grading (GradingRow); do not edit by hand.\n";
        Files.writeString(classListFile(), header + String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
    }

    /** From the JVM's -XX:DumpLoadedClassList lines: the names of the classes the built-in loaders loaded. */
    static List<String> classList(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("@") && !l.startsWith("#") && !l.contains(" source: "))
                .map(l -> l.replaceFirst(" id: .*", "")).filter(l -> !l.isBlank()).toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** The grader's CSV summary, a map per submission. */
    static List<Map<String, String>> csvRows(String csv) throws IOException {
        var mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            List<Map<String, String>> rows = it.readAll();
            if (rows.isEmpty()) {
                throw new IllegalStateException("the grader printed no CSV rows:\n" + csv);
            }
            return rows;
        }
    }

    @Override
    public Figure run(Context ctx) throws Exception {
        String only = ctx.sizes().gradeOnly();
        int classSize = ctx.sizes().classSize();
        Path sources = ctx.solutionSources();
        if (!Files.isDirectory(sources)) {
            throw new IllegalStateException("no solution sources at " + sources + ": give --solutions DIR");
        }

        // One submission, in a fresh JVM each time.
        ctx.log().accept(String.format("one submission: %d + %d cold JVMs", Math.min(1, ctx.measure().warmups()), ctx.measure().runs()));
        MockedWaits.Result coldProfile = null;
        if (ctx.measure().warmups() > 0) {
            // Not timed (it warms the file cache, not the JVM), so it may carry Flight Recorder: where a cold grading's time goes.
            Path recording = Files.createTempFile("workshop-bench-grading-cold-", ".jfr");
            try {
                score(sources, only, 1, recording);
                coldProfile = MockedWaits.read(recording);
            } finally {
                Files.deleteIfExists(recording);
            }
        }
        List<Double> wall = new ArrayList<>();
        List<Graded> cold = new ArrayList<>();
        for (int i = 0; i < ctx.measure().runs(); i++) {
            Child child = score(sources, only, 1, null);
            wall.add(child.seconds());
            cold.add(graded(child.output()));
        }
        Stats one = new Stats(wall);
        Stats oneTests = new Stats(cold.stream().map(Graded::seconds).toList());

        // A class: the same submission graded classSize times in one JVM, with the sleeps recorded.
        ctx.log().accept(String.format("a class of %d: one JVM, Score --repeat %d, with Flight Recorder", classSize, classSize));
        Path recording = Files.createTempFile("workshop-bench-grading-", ".jfr");
        Child klass;
        MockedWaits.Result waits;
        try {
            klass = score(sources, only, classSize, recording);
            waits = MockedWaits.read(recording);
        } finally {
            Files.deleteIfExists(recording);
        }
        List<Graded> warm = perSubmission(klass.output(), classSize);
        Stats each = new Stats(warm.stream().map(Graded::seconds).toList());
        List<String> flakes = new ArrayList<>();
        cold.stream().filter(g -> !g.full()).forEach(g -> flakes.add("fresh JVM: " + g.note()));
        warm.stream().filter(g -> !g.full()).forEach(g -> flakes.add("class run: " + g.note()));
        double waitsPerSubmission = waits.seconds() / classSize;

        double oneShare = 1 - waitsPerSubmission / one.median();
        double classShare = 1 - waitsPerSubmission / each.median();
        String scope = only.isEmpty() ? "every exercise in the manifest" : "exercises " + only;
        Markdown table = new Markdown("measurement", "seconds", "mocked waits, s", "our overhead (not mocked waits)");
        table.row("one submission, fresh JVM: start, compile, every hidden test (wall clock)", one.format("%.2f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * oneShare));
        table.row("… of which the hidden tests (the grader's own clock)", oneTests.format("%.1f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * (1 - waitsPerSubmission / oneTests.median())));
        table.row(String.format("class of %d, one warm JVM: per submission (%d gradings)", classSize, classSize), each.format("%.1f"),
                String.format("%.2f", waitsPerSubmission), String.format("%.0f%%", 100 * classShare));
        table.row(String.format("class of %d, one warm JVM: in all (wall clock, JVM and Flight Recorder start included)", classSize),
                String.format("%.1f", klass.seconds()), String.format("%.1f", waits.seconds()),
                String.format("%.0f%%", 100 * (1 - waits.seconds() / klass.seconds())));
        String details = String.format("Grading our reference solutions (%s) with the hidden tests, as `Score` does for "
                + "`-Pscore`. Mocked waits: the union of the %d sleeps the hidden tests' SlowCalls and test HTTP server made in the class run "
                + "(Flight Recorder `jdk.ThreadSleep` events with SlowCall, or TestServer answering a request, on the stack), per grading: %.2f s. "
                + "Everything else is ours: JVM start, compiling, JUnit, creating mocks, thread start-up, rendezvous "
                + "hand-offs, the tests' own checks.%n%n", scope, waits.sleeps(), waitsPerSubmission)
                + table
                + whereTheRestGoes("the class run (per grading)", waits, classSize)
                + (coldProfile == null ? "" : whereTheRestGoes("an untimed fresh-JVM grading", coldProfile, 1))
                + (flakes.isEmpty() ? "\nEvery grading gave our solutions full marks.\n"
                        : String.format("%n**%d of %d gradings of our solutions fell short of full marks** (a flaky verdict: "
                                + "grading a correct submission must never fail):%n%n", flakes.size(), cold.size() + warm.size())
                                + flakes.stream().map(f -> "- " + f + "\n").collect(java.util.stream.Collectors.joining()));
        Optional<Path> jar = graderJar();
        String ours;
        if (jar.isPresent()) {
            CliFigures cli = gradeWithCli(ctx, jar.get(), sources, only, classSize);
            double perSubmission = cli.classSeconds() / classSize;
            Markdown jarTable = new Markdown("measurement", "seconds", "mocked waits, s", "grading / mocked waits", "our overhead (not mocked waits)");
            jarTable.row("one submission folder: the whole command (grader start, copy, compile, worker JVM, every hidden test)",
                    cli.one().format("%.2f"), String.format("%.2f", waitsPerSubmission),
                    String.format("%.2fx", cli.one().median() / waitsPerSubmission), String.format("%.0f%%", 100 * (1 - waitsPerSubmission / cli.one().median())));
            jarTable.row("… of which the grader's own clock for it (the CSV's seconds)", cli.oneInside().format("%.2f"),
                    String.format("%.2f", waitsPerSubmission), String.format("%.2fx", cli.oneInside().median() / waitsPerSubmission),
                    String.format("%.0f%%", 100 * (1 - waitsPerSubmission / cli.oneInside().median())));
            jarTable.row(String.format("one submission folder with `--jobs %d`, one more than the cores (the hidden tests mostly wait): the whole command", cli.jobs() + 1),
                    cli.oneMoreJob().format("%.2f"), String.format("%.2f", waitsPerSubmission),
                    String.format("%.2fx", cli.oneMoreJob().median() / waitsPerSubmission),
                    String.format("%.0f%%", 100 * (1 - waitsPerSubmission / cli.oneMoreJob().median())));
            jarTable.row(String.format("class of %d folders, `--jobs %d`: in all (wall clock)", classSize, cli.jobs()),
                    String.format("%.1f", cli.classSeconds()), String.format("%.1f", waitsPerSubmission * classSize), "-", "-");
            jarTable.row(String.format("… per submission (in all / %d)", classSize), String.format("%.2f", perSubmission),
                    String.format("%.2f", waitsPerSubmission), String.format("%.2fx", perSubmission / waitsPerSubmission),
                    String.format("%.0f%%", 100 * Math.max(0, 1 - waitsPerSubmission / perSubmission)));
            jarTable.row(String.format("… each submission by the grader's clock, %d at a time (%d submissions)", cli.jobs(), cli.graded()),
                    cli.classEach().format("%.1f"), String.format("%.2f", waitsPerSubmission),
                    String.format("%.2fx", cli.classEach().median() / waitsPerSubmission), "-");
            details += String.format("%nThrough the grader's jar, as an instructor grades (`%s`): one submission folder (a copy of our "
                    + "solutions) graded %d times, each time also with `--jobs %d` (interleaved), then a class of %d copies once, with `--jobs %d` (the cores). One submission "
                    + "alone has its exercises split over that many worker JVMs at once (by the seconds in the grader's "
                    + "exercise-seconds.properties, which this run rewrites); the workers map the grader's class-data "
                    + "archive, made once beforehand (`grade --prepare`) from the class list this run rewrites too; in the class each submission gets a fresh worker JVM "
                    + "of its own, and the next one is started while the previous grades.%n%n", String.join(" ",
                            cliCommand(Path.of("grader/target/grader.jar"), List.of(Path.of("SUBMISSION...")), cli.jobs(), only, Path.of("WORK")))
                            .replace(ProcessPool.javaExecutable(), "java"),
                    ctx.measure().runs(), cli.jobs() + 1, classSize, cli.jobs())
                    + jarTable
                    + String.format("%n%s%n", cli.full() == cli.graded() ? "Every submission of the class got full marks."
                            : String.format("**%d of %d submissions of the class fell short of full marks** (a flaky verdict).",
                                    cli.graded() - cli.full(), cli.graded()));
            if (cli.full() != cli.graded()) {
                flakes.add("grader jar: " + (cli.graded() - cli.full()) + " of the class short of full marks");
            }
            ours = String.format("jar, one: %s s (%.2fx the waits), with `--jobs %d`: %s s (%.2fx); class of %d, `--jobs %d`: %.1f s per submission (%.2fx)",
                    cli.one().format("%.1f"), cli.one().median() / waitsPerSubmission, cli.jobs() + 1, cli.oneMoreJob().format("%.1f"),
                    cli.oneMoreJob().median() / waitsPerSubmission, classSize, cli.jobs(), perSubmission,
                    perSubmission / waitsPerSubmission);
        } else {
            details += "\nThe grader's jar is not built (`./mvnw -q package -pl grader -am -DskipTests`): no figures through it.\n";
            ours = String.format("one: %s s, %.0f%% ours; class of %d: %s s each, %.0f%% ours (runner, no jar)", one.format("%.1f"),
                    100 * oneShare, classSize, each.format("%.1f"), 100 * classShare);
        }
        return new Figure(id(), "grading: seconds per submission, our overhead's share", "one submission; a class of " + classSize,
                "measured; overhead small", ours, String.format("mocked waits %.2f s per submission; runner in one warm JVM: %s s each, %.0f%% ours",
                        waitsPerSubmission, each.format("%.1f"), 100 * classShare),
                flakes.isEmpty() ? "measured" : "**" + flakes.size() + " flaky verdict(s)**", details);
    }

    /** The other sleeps in our code, and the CPU samples by library, from the class run's recording. */
    private static String whereTheRestGoes(String run, MockedWaits.Result waits, int classSize) {
        StringBuilder s = new StringBuilder("\nWhere the rest goes, from a Flight Recorder recording of " + run + ":\n\n");
        if (waits.otherSleeps().isEmpty()) {
            s.append("- no other sleeps on the tests' own threads;\n");
        }
        waits.otherSleeps().entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> s.append(String.format("- `%s` sleeps %.2f s per grading on the test's own thread: a wait of "
                        + "the test's, not a mocked call;%n", e.getKey(), e.getValue() / classSize)));
        int total = waits.cpuSamples().values().stream().mapToInt(Integer::intValue).sum();
        s.append(String.format("- mocked waits %.2f s (%d sleeps);%n", waits.seconds() / classSize, waits.sleeps() / classSize));
        s.append("- CPU samples (every 20 ms per running thread, ").append(total).append(" in all): ");
        s.append(waits.cpuSamples().entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)))
                .collect(java.util.stream.Collectors.joining(", ")));
        return s.append(".\n").toString();
    }

    /**
     * One grading as {@code Score} reported it.
     *
     * @param seconds how long it took, by the grader's clock
     * @param earned points earned
     * @param max points possible
     * @param note what fell short, if it did
     */
    record Graded(double seconds, int earned, int max, String note) {
        boolean full() {
            return earned == max;
        }
    }

    /** The first line of {@code Score --format csv}. */
    private static final String SCORE_CSV_HEADER = "run,score,max_score,seconds,failed";

    /** From {@code Score --format csv}'s output for one grading: its one row. */
    static Graded graded(String output) throws IOException {
        List<Graded> runs = perSubmission(output, 1);
        return runs.get(0);
    }

    /** From {@code Score --format csv --repeat N}'s output: a row per run (run, score, max_score, seconds, failed). */
    static List<Graded> perSubmission(String output, int runs) throws IOException {
        // What the hidden tests or the graded code print goes to the same stdout: keep the header and the rows.
        String rows = output.lines().filter(l -> l.equals(SCORE_CSV_HEADER) || l.matches("\\d+,\\d+,\\d+,.*"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        List<Graded> graded = new ArrayList<>();
        for (Map<String, String> row : csvRows(rows)) {
            graded.add(check(new Graded(Double.parseDouble(row.get("seconds")), Integer.parseInt(row.get("score")),
                    Integer.parseInt(row.get("max_score")), row.get("failed")), output));
        }
        if (graded.size() != runs) {
            throw new IllegalStateException("expected " + runs + " graded runs, got:\n" + output);
        }
        return graded;
    }

    /** No hidden test at all means the grader's classpath is broken (no JUnit engine, no hidden tests), not a score. */
    private static Graded check(Graded graded, String output) {
        if (graded.max() == 0) {
            throw new IllegalStateException("the grader found no hidden tests (is the JUnit engine on the classpath?):\n" + output);
        }
        return graded;
    }

    /** What a child JVM printed, and how long it ran (wall clock, from start to exit). */
    record Child(String output, double seconds) {}

    /** Runs a command (the grader's jar); its standard output, and how long it ran. Fails on a non-zero exit. */
    private static Child run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("workshop-bench-grader-", ".err");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("the grader failed (exit " + exit + "): " + command + "\n" + output
                        + Files.readString(err));
            }
            return new Child(output, seconds);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * The flags this JVM was started with for Mockito (the root pom's {@code test.jvm.flags}, which
     * {@code -Pbench} passes), so that the child grades with the same ones.
     */
    private static List<String> testJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-javaagent:") || flag.startsWith("-Xshare:"))
                .toList();
    }

    /** Runs the grader's Score main on {@code sources} in a child JVM, optionally with Flight Recorder. */
    private static Child score(Path sources, String only, int repeat, Path recording) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessPool.javaExecutable()));
        command.addAll(testJvmFlags());
        if (recording != null) {
            command.add("-XX:StartFlightRecording:filename=" + recording + ",settings=" + MockedWaits.settingsFile());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "workshop.grader.Score",
                "--sources", sources.toString(), "--label", "benchmark", "--repeat", "" + repeat, "--format", "csv"));
        if (!only.isEmpty()) {
            command.addAll(List.of("--exercises", only));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("grading our solutions failed (exit " + exit + "): " + command + "\n" + output);
        }
        return new Child(output, seconds);
    }
}
