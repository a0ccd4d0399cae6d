package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The hostile submissions of {@code src/test/fixtures}, graded as a class by the packaged grader (two
 * at a time, in whatever sandbox this machine offers): each gets the verdict its header promises, and
 * the reports open in every format. Those whose point is that another exercise is still graded are
 * graded with exercises 1 and 2; the others, to save time, with exercise 1 alone (where their other
 * tests show the rest is still graded).
 */
class GraderFixturesIT {

    static final String EX1 = "ex1_ordered";
    static final String EX2 = "ex2_ascompleted";
    /** The one hidden test whose scenario (5 inputs) the fixtures turn hostile in. */
    static final String FIVE_INPUTS = "OrderedMapHiddenTest#runsConcurrently";
    /** Fixtures that take long by design, graded only in the full verdict-stability run. */
    static final List<String> SLOW = List.of("deadlock");

    @TempDir
    static Path dir;
    static GraderJar.Run run;
    static Map<String, JsonNode> results;
    static Path out;
    static Path work;

    /** Fixtures whose verdict needs a second exercise (to show it is still graded); the rest grade exercise 1 only. */
    static final List<String> WITH_EXERCISE_2 = List.of("does-not-compile", "signature-changed", "endless-loop",
            "forged-by-listener");

    @BeforeAll
    static void gradeTheFixtureClass() throws Exception {
        Path submissions = Files.createDirectories(dir.resolve("class"));
        List<String> both = new ArrayList<>();
        List<String> first = new ArrayList<>();
        for (String name : Fixtures.hostileNames()) {
            if (!SLOW.contains(name)) {
                (WITH_EXERCISE_2.contains(name) ? both : first).add(Fixtures.hostile(submissions, name).toString());
            }
        }
        // Classmates graded after the hostile ones, in each class: what a leftover process could reach.
        first.add(Fixtures.project(submissions, CLASSMATE, Fixtures.SOLUTIONS).toString());
        both.add(Fixtures.project(submissions, CLASSMATE + "-2", Fixtures.SOLUTIONS).toString());
        out = dir.resolve("out");
        work = Files.createDirectories(dir.resolve("work"));
        // Two classes graded at the same time, one at a time each: as much at once as --jobs 2.
        List<String> common = List.of("--jobs", "1", "--timeout", "20", "--work", work.toString());
        List<String> args = new ArrayList<>(both);
        args.addAll(List.of("--exercises", EX1 + "," + EX2, "--out", out.toString(), "--format", "table,json,junit,csv,html"));
        args.addAll(common);
        List<String> firstArgs = new ArrayList<>(first);
        firstArgs.addAll(List.of("--exercises", EX1, "--out", dir.resolve("out-ex1").toString(), "--format", "json"));
        firstArgs.addAll(common);
        var withBoth = java.util.concurrent.CompletableFuture.supplyAsync(() -> GraderJar.run(submissions, args));
        runEx1 = GraderJar.run(submissions, firstArgs);
        run = withBoth.join();
        System.out.println(run.stdout() + run.stderr() + runEx1.stdout() + runEx1.stderr());
        System.out.printf("graded the hostile fixtures in %.1f s + %.1f s%n", run.seconds(), runEx1.seconds());
        results = new java.util.LinkedHashMap<>(GraderJar.results(out));
        results.putAll(GraderJar.results(dir.resolve("out-ex1")));
    }

    static GraderJar.Run runEx1;
    /** Our solutions, graded last in each class (each class graded one at a time), beside the attacks. */
    static final String CLASSMATE = "zz-classmate";

    private static JsonNode result(String name) {
        assertThat(results).as("reports written").containsKey(name);
        return results.get(name);
    }

    @Test
    @DisplayName("grading ran: exit status 0 whatever the scores, no internal error")
    void exitStatus() {
        for (GraderJar.Run r : List.of(run, runEx1)) {
            assertThat(r.status()).as("exit status; stderr:%n%s", r.stderr()).isZero();
            assertThat(r.stderr()).doesNotContain("INTERNAL ERROR").doesNotContain("internal error");
        }
    }

    @Test
    @DisplayName("does not compile: that exercise scores zero with the compiler's message, the other is graded")
    void doesNotCompile() {
        JsonNode r = result("does-not-compile");
        assertScore(r, EX1, "0/25");
        assertScore(r, EX2, "29/29");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText())
                .contains("does not compile").contains("OrderedMap.java:").contains("';' expected");
        assertThat(r.get("output").asText()).contains("OrderedMap.java:").contains("^");
    }

    @Test
    @DisplayName("signature changed: that exercise's tests fail with \"signature changed\" without running, the other passes")
    void signatureChanged() {
        JsonNode r = result("signature-changed");
        assertScore(r, EX1, "0/25");
        assertScore(r, EX2, "29/29");
        r.get("tests").forEach(t -> {
            if (t.get("tags").get(0).asText().equals(EX1)) {
                assertThat(t.get("output").asText()).as(t.get("name").asText()).startsWith("signature changed")
                        .contains("map(List, BlockingCall, int)").contains("yours: map(List, BlockingCall, long)")
                        .doesNotContain("NoSuchMethodError");
                assertThat(t.get("extra_data").get("ran").asBoolean()).isFalse();
            }
        });
    }

    @Test
    @DisplayName("endless loop: the exercise is stopped at its time limit and its process tree killed; the next exercise is graded")
    void endlessLoop() {
        JsonNode r = result("endless-loop");
        assertScore(r, EX1, "0/25");
        assertScore(r, EX2, "29/29");
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("time-limit").contains("20 s time limit"));
        assertThat(r.get("tests").get(0).get("output").asText()).contains("did not finish within this exercise's 20 s time limit");
        assertThat(r.get("tests").get(1).get("output").asText()).contains("not run").contains("used up its 20 s");
    }

    @Test
    @DisplayName("System.exit: the test that called it fails and says so; the rest run in a fresh JVM and pass")
    void systemExit() {
        JsonNode r = result("system-exit");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText())
                .contains("called System.exit (status 3, from workshop.ex1_ordered.OrderedMap.map(OrderedMap.java:");
        assertScore(r, EX1, "22/25");
        assertThat(r.get("extra_data").get("timing").get("jvmStarts").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("thread bomb: the test fails with \"more than 4096 threads\"; the rest pass in a fresh JVM")
    void threadBomb() {
        JsonNode r = result("thread-bomb");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText()).contains("started more than 4096 threads at once");
        assertThat(GraderJar.test(r, "OrderedMapHiddenTest#resultsInInputOrder").get("status").asText()).isEqualTo("passed");
        assertThat(GraderJar.test(r, "OrderedMapHiddenTest#usesAnExecutor").get("status").asText())
                .as("raw threads are caught by the design check too").isEqualTo("failed");
        assertScore(r, EX1, "21/25");
    }

    @Test
    @DisplayName("memory exhaustion: the test fails with \"ran out of memory\"; the rest pass in a fresh JVM")
    void outOfMemory() {
        JsonNode r = result("out-of-memory");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText()).contains("ran out of memory").contains("512 MB");
        assertScore(r, EX1, "22/25");
    }

    @Test
    @DisplayName("a pool left running: the shutdown checks fail, the report names the threads, and grading ends on time")
    void poolLeftRunning() {
        JsonNode r = result("pool-left-running");
        assertThat(GraderJar.test(r, "OrderedMapHiddenTest#shutsThePoolDown").get("output").asText()).contains("Shut the pool down");
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("threads-left-running").contains("pool-"));
        assertThat(r.get("extra_data").get("timing").get("jvmStarts").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("output flooding: full marks, 8 KB of the output kept and its size reported, the reports stay small")
    void outputFlood() throws Exception {
        JsonNode r = result("output-flood");
        assertThat(r.get("score").asInt()).isEqualTo(25);
        String output = GraderJar.test(r, FIVE_INPUTS).get("output").asText();
        assertThat(output).contains("Your code printed 20").contains("flood flood");
        assertThat(output.length()).isLessThan(10_000);
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("output").contains(FIVE_INPUTS));
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).contains("the grading JVM's own output ran to"));
        assertThat(Files.size(dir.resolve("out-ex1/output-flood/results.json"))).isLessThan(200_000);
        assertThat(Files.size(dir.resolve("out-ex1/output-flood/report.json"))).isLessThan(200_000);
    }

    @Test
    @DisplayName("the class dashboard, rendered by headless Chromium: score charts, pass rates with the catalog's mistakes,"
            + " who hit limits, links to every report; no network")
    void dashboardInChromium() throws Exception {
        Path index = out.resolve("index.html");
        String html = Files.readString(index);
        // Self-contained: nothing fetched (the only URL is SVG's namespace name, never loaded).
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("<script").doesNotContain("src=");
        String chromium = java.util.stream.Stream.of("chromium", "chromium-browser", "google-chrome")
                .map(c -> java.util.stream.Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, c))
                        .filter(Files::isExecutable).findFirst().orElse(null))
                .filter(java.util.Objects::nonNull).map(Path::toString).findFirst().orElse(null);
        assertThat(chromium).as("headless Chromium (apt-get install chromium; .ci/run installs it)").isNotNull();
        Path shot = Path.of("target/dashboard.png").toAbsolutePath();
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> common = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,2400");
        List<String> dump = new ArrayList<>(common);
        dump.addAll(List.of("--dump-dom", index.toUri().toString()));
        Path dom = dir.resolve("dom.html");
        Process p = new ProcessBuilder(dump).redirectOutput(dom.toFile()).redirectError(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("chromium --dump-dom finished").isTrue();
        String page = Files.readString(dom);
        assertThat(page).as("the DOM as Chromium built it").contains("<h1>Class dashboard</h1>")
                .contains("Score distribution per exercise").contains("Hidden tests: pass rate");
        // What the page shows: one chart per graded exercise, a row per hidden test, the limits table, the links.
        assertThat(count(page, "class=\"chart\"")).isEqualTo(2);
        assertThat(count(page, "<rect class=\"bin\"")).isEqualTo(10);
        assertThat(page).contains("data-test=\"" + FIVE_INPUTS + "\"");
        assertThat(page).contains("common-pool: CompletableFuture.supplyAsync without an executor");
        assertThat(page).contains("<table id=\"limits\"").contains(">endless-loop</a>").contains("time-limit");
        assertThat(page).contains("href=\"endless-loop/report.txt\"").contains("href=\"does-not-compile/report.txt\"");
        assertThat(out.resolve("endless-loop/report.txt")).exists();
        List<String> screenshot = new ArrayList<>(common);
        screenshot.addAll(List.of("--screenshot=" + shot, index.toUri().toString()));
        Process q = new ProcessBuilder(screenshot).redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertThat(q.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(shot).as("the dashboard's screenshot").exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("learners' results.json: verdicts and messages, no printed output (stdout_visibility hidden), no containment notes")
    void learnersSeeNoPrintedOutputNorContainment() throws Exception {
        for (String name : List.of("output-flood", "files-outside", "forged-by-reflection")) {
            Path file = dir.resolve((name.equals("output-flood") ? "out-ex1/" : "out/") + name + "/results.json");
            if (!Files.isRegularFile(file)) {
                file = dir.resolve("out-ex1/" + name + "/results.json");
            }
            String text = Files.readString(file);
            JsonNode learner = GraderJar.JSON.readTree(text);
            assertThat(learner.get("stdout_visibility").asText()).as(name).isEqualTo("hidden");
            assertThat(learner.get("extra_data").has("containment")).as(name).isFalse();
            assertThat(learner.get("extra_data").has("timing")).as(name).isFalse();
            assertThat(text).as(name).doesNotContain("Containment on this machine").doesNotContain("[NOT contained]")
                    .doesNotContain("[contained]").doesNotContain("bubblewrap").doesNotContain("Your code printed")
                    .doesNotContain("flood flood").doesNotContain("blocked: the worker's key").doesNotContain("/etc/hostname");
            assertThat(learner.get("score").asInt()).as(name).isEqualTo(result(name).get("score").asInt());
            assertThat(learner.get("tests")).as(name).hasSameSizeAs(result(name).get("tests"));
        }
    }

    @Test
    @DisplayName("files outside its folder: listed when not contained, kept out when the sandbox contains them")
    void filesOutside() {
        JsonNode r = result("files-outside");
        assertThat(r.get("score").asInt()).as("the file access costs no points").isEqualTo(25);
        Path escaped = work.resolve("escaped-by-fixture.txt");
        List<String> incidents = GraderJar.incidents(r);
        String writes = GraderJar.containmentHow(r, "files written outside its folder");
        if (writes.startsWith("bubblewrap")) {
            assertThat(escaped).as("a write outside, under bubblewrap").doesNotExist();
            assertThat(incidents).noneMatch(i -> i.contains("read /etc/hostname"));
        } else if (writes.startsWith("partly")) {
            assertThat(escaped).as("a write outside, as a separate user").doesNotExist();
            assertThat(incidents).anyMatch(i -> i.startsWith("files") && i.contains("read /etc/hostname"));
        } else {
            assertThat(GraderJar.contained(r, "files written outside its folder")).isFalse();
            assertThat(escaped).as("a write outside, without containment").exists();
            assertThat(incidents).anyMatch(i -> i.startsWith("files") && i.contains("read /etc/hostname"));
            assertThat(incidents).anyMatch(i -> i.startsWith("files") && i.contains("write " + escaped));
        }
    }

    @Test
    @DisplayName("child processes: more than 64 stop the test; none of them outlives the grading")
    void childProcesses() {
        JsonNode r = result("child-processes");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText()).contains("started more than 64 processes");
        assertScore(r, EX1, "22/25");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("123.456")))
                .as("sleep processes left behind").isEmpty();
    }

    @Test
    @DisplayName("the JUnit XML, the CSV and the table are written and readable")
    void reportFormats() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("testsuites");
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(2 * (WITH_EXERCISE_2.size() + 1));
        assertThat(xml.getElementsByTagName("failure").getLength()).isPositive();

        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema)
                .readValues(out.resolve("summary.csv").toFile())) {
            List<Map<String, String>> all = rows.readAll();
            assertThat(all).hasSize(WITH_EXERCISE_2.size() + 1);
            assertThat(all).anySatisfy(row -> {
                assertThat(row.get("submission")).isEqualTo("signature-changed");
                assertThat(row.get(EX1)).isEqualTo("0");
                assertThat(row.get(EX2)).isEqualTo("29");
                assertThat(row.get("notes")).contains("signature-changed");
            });
        }
        assertThat(Files.readString(out.resolve("report.txt"))).contains("Class summary").contains("Containment on this machine");
        int n = WITH_EXERCISE_2.size() + 1;
        assertThat(run.stderr()).contains("[" + n + "/" + n + " done]");
    }

    @Test
    @DisplayName("verdicts forged into the old events file: there is none, and the points are the grader's")
    void forgedByFile() {
        JsonNode r = result("forged-by-file");
        assertThat(GraderJar.exercise(r, EX1)).as("what an empty list earns, no more").isEqualTo(EMPTY_LIST_SCORE);
        assertThat(r.get("extra_data").get("max_score").asInt()).isEqualTo(25);
    }

    @Test
    @DisplayName("verdicts forged on stdout (unsigned, malformed, after 64 MB without a newline): console output, no points")
    void forgedByStdout() {
        JsonNode r = result("forged-by-stdout");
        assertThat(GraderJar.exercise(r, EX1)).as("what an empty list earns, no more").isEqualTo(EMPTY_LIST_SCORE);
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("output")
                .contains("the grading JVM's own output ran to"));
        r.get("tests").forEach(t -> assertThat(t.get("max_score").asInt()).as("points from the grader's plan").isLessThan(50));
    }

    @Test
    @DisplayName("reflection, Unsafe, agents, native code and the worker's own service: every way in is blocked")
    void forgedByReflection() {
        JsonNode r = result("forged-by-reflection");
        assertThat(GraderJar.exercise(r, EX1)).as("what an empty list earns, no more").isEqualTo(EMPTY_LIST_SCORE);
        assertThat(GraderJar.incidents(r)).noneMatch(i -> i.startsWith("tampering"));
        String printed = r.toString();
        assertThat(printed).doesNotContain("GOT IN");
        assertThat(printed).as("each attack reached its target: a class it names no longer exists (renamed?)")
                .doesNotContain("ClassNotFoundException");
        assertThat(printed).contains("blocked: the worker's key").contains("blocked: the channel")
                .contains("blocked: the test kit's counters")
                .contains("blocked: JUnit's launcher").contains("blocked: the worker's service")
                .contains("blocked: Mockito's Instrumentation");
        if (Runtime.version().feature() >= 24) {
            assertThat(printed).contains("blocked: sun.misc.Unsafe").contains("blocked: native code")
                    .contains("blocked: the foreign function API");
        }
    }

    @Test
    @DisplayName("an extension, listener and engine compiled at run time and registered in its class folder: JUnit never sees them")
    void forgedByListener() {
        JsonNode r = result("forged-by-listener");
        String printed = r.toString();
        assertThat(printed).as("the attack really ran").contains("planted the hook in").contains("javac status 0");
        assertThat(printed).doesNotContain("GOT IN");
        assertThat(GraderJar.exercise(r, EX1)).as("what an empty list earns, no more").isEqualTo(EMPTY_LIST_SCORE);
        assertThat(GraderJar.exercise(r, EX2)).as("graded after the hook was planted").isEqualTo("29/29");
    }

    @Test
    @DisplayName("symbolic links planted in --out from inside the submission: none can be made, no report is written through one")
    void linksInOut() {
        JsonNode r = result("links-in-out");
        assertScore(r, EX1, "25/25");
        String printed = r.toString();
        assertThat(printed).contains("blocked:").doesNotContain("GOT IN");
        assertThat(Path.of("/tmp/fixture-link-target-654")).as("the file the links pointed at").doesNotExist();
    }

    /** What {@code map} returning an empty list earns: the empty-input test, nothing else. */
    static final String EMPTY_LIST_SCORE = "1/25";

    @Test
    @DisplayName("a daemon left behind is stopped and named; the classmates graded after it and beside it keep full marks")
    void leftoverDaemon() {
        JsonNode r = result("leftover-daemon");
        assertScore(r, EX1, "25/25");
        assertScore(result(CLASSMATE), EX1, "25/25");
        assertScore(result(CLASSMATE + "-2"), EX2, "29/29");
        assertScore(result(CLASSMATE + "-2"), EX1, "25/25");
        if (GraderJar.contained(r, "processes left running")) {
            assertThat(alive("fixture-daemon-321")).as("the daemon after the grading").isEmpty();
        }
        if (GraderJar.containmentHow(r, "processes left running").startsWith("each job runs as a uid")) {
            assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("processes-left-running")
                    .contains("were still running and were stopped").contains("sh"));
        }
    }

    @Test
    @DisplayName("setsid, nohup, a double fork and 100 orphans: none outlives the grading, and the report names them")
    void outlivesGrading() {
        JsonNode r = result("outlives-grading");
        assertScore(r, EX1, "25/25");
        if (GraderJar.contained(r, "processes left running")) {
            // The fixture's own sleeps only (301.5 s ... 304.5 s): other builds on this machine may run a "sleep 300".
            for (String sleep : List.of("sleep 301.5", "sleep 302.5", "sleep 303.5", "sleep 304.5")) {
                assertThat(alive(sleep)).as("sleeps after the grading").isEmpty();
            }
        }
        if (GraderJar.containmentHow(r, "processes left running").startsWith("each job runs as a uid")) {
            assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("processes-left-running").contains("sleep"));
        }
    }

    @Test
    @DisplayName("files left in /tmp, /var/tmp and /dev/shm are gone after the grading (where the sandbox can tell)")
    void tempFiles() {
        JsonNode r = result("temp-files");
        assertScore(r, EX1, "25/25");
        if (GraderJar.contained(r, "files left in temp folders")) {
            for (String folder : List.of("/tmp", "/var/tmp", "/dev/shm")) {
                assertThat(Path.of(folder, "fixture-temp-file-789")).as("left in " + folder).doesNotExist();
            }
        }
    }

    @Test
    @DisplayName("800 MB written in 200 MB files: the test fails with \"wrote more than 512 MB\", the rest pass")
    void diskHog() {
        JsonNode r = result("disk-hog");
        assertThat(GraderJar.test(r, FIVE_INPUTS).get("output").asText()).contains("wrote more than 512 MB to disk");
        assertThat(GraderJar.incidents(r)).anySatisfy(i -> assertThat(i).startsWith("disk"));
        assertScore(r, EX1, "22/25");
    }

    /** An exercise's score, "earned/max"; when it is off, the message names the tests that lost points and their output. */
    private static void assertScore(JsonNode r, String exercise, String expected) {
        assertThat(GraderJar.exercise(r, exercise)).as("%s; tests that lost points:%s", exercise, GraderJar.lostPoints(r))
                .isEqualTo(expected);
    }

    /** Processes on this machine whose command line contains {@code marker}. */
    private static List<String> alive(String marker) {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker)).toList();
    }
}
