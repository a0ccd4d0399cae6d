package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The roster workflow (src/classroom/grade-roster.yml, shown in the instructor's guide) as far as it
 * can be checked without GitHub: it parses as YAML; it has the structure Actions needs (checked key by
 * key here: no JSON schema of workflows is published on Maven Central, so this is not a schema check);
 * its expressions name what exists; every grader command in it parses with the grader's own command
 * line; and its shell line that splits the roster gives every learner to exactly one shard.
 */
class RosterWorkflowTest {

    static final Path WORKFLOW = Path.of("src/classroom/grade-roster.yml");

    static final Set<String> JOB_KEYS = Set.of("name", "runs-on", "needs", "if", "steps", "strategy", "timeout-minutes",
            "env", "outputs", "permissions", "environment", "concurrency", "container", "services", "defaults",
            "continue-on-error");
    static final Set<String> STEP_KEYS = Set.of("id", "name", "if", "uses", "run", "with", "env", "shell",
            "continue-on-error", "timeout-minutes", "working-directory");
    static final Set<String> CONTEXTS = Set.of("github", "env", "vars", "job", "jobs", "steps", "runner", "secrets",
            "strategy", "matrix", "needs", "inputs");
    static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}");
    static final Pattern USES = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@[A-Za-z0-9_.-]+");

    @TempDir
    Path dir;

    static String workflow() throws IOException {
        return Files.readString(WORKFLOW, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a YAML mapping");
        }
        // YAML 1.1 reads the key 'on' as true; Actions reads it as "on".
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(Boolean.TRUE.equals(k) ? "on" : String.valueOf(k), v));
        return out;
    }

    /** What is wrong with {@code text} as an Actions workflow of ours; empty when nothing is. */
    @SuppressWarnings("unchecked")
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> w;
        try {
            w = parse(text);
        } catch (RuntimeException e) {
            return List.of("not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(w.get("name") instanceof String)) {
            problems.add("no name");
        }
        Set<String> inputs = new HashSet<>();
        if (!(w.get("on") instanceof Map<?, ?> on) || on.isEmpty()) {
            problems.add("no 'on' events");
        } else if (on.get("workflow_dispatch") instanceof Map<?, ?> dispatch && dispatch.get("inputs") instanceof Map<?, ?> in) {
            in.keySet().forEach(k -> inputs.add(String.valueOf(k)));
        }
        if (!(w.get("jobs") instanceof Map<?, ?> jobs) || jobs.isEmpty()) {
            problems.add("no jobs");
            return problems;
        }
        boolean matrixJob = false;
        for (Map.Entry<?, ?> j : jobs.entrySet()) {
            String id = String.valueOf(j.getKey());
            if (!(j.getValue() instanceof Map<?, ?> job)) {
                problems.add("job " + id + " is not a mapping");
                continue;
            }
            job.keySet().stream().map(String::valueOf).filter(k -> !JOB_KEYS.contains(k))
                    .forEach(k -> problems.add("job " + id + ": unknown key " + k));
            if (!(job.get("runs-on") instanceof String)) {
                problems.add("job " + id + ": no runs-on");
            }
            List<String> needs = job.get("needs") instanceof String s ? List.of(s)
                    : job.get("needs") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            needs.stream().filter(n -> !jobs.containsKey(n)).forEach(n -> problems.add("job " + id + " needs " + n + ", no such job"));
            Set<String> matrixKeys = new HashSet<>();
            if (job.get("strategy") instanceof Map<?, ?> strategy) {
                if (!(strategy.get("matrix") instanceof Map<?, ?> matrix) || matrix.isEmpty()) {
                    problems.add("job " + id + ": strategy without a matrix");
                } else {
                    matrixJob = true;
                    matrix.forEach((k, v) -> {
                        matrixKeys.add(String.valueOf(k));
                        if (!(v instanceof List<?> values) || values.isEmpty()) {
                            problems.add("job " + id + ": matrix." + k + " is not a non-empty list");
                        }
                    });
                }
            }
            if (!(job.get("steps") instanceof List<?> steps) || steps.isEmpty()) {
                problems.add("job " + id + ": no steps");
                continue;
            }
            Set<String> stepIds = new HashSet<>();
            for (Object s : steps) {
                if (s instanceof Map<?, ?> step && step.get("id") != null) {
                    stepIds.add(String.valueOf(step.get("id")));
                }
            }
            int n = 0;
            for (Object s : steps) {
                n++;
                String where = "job " + id + ", step " + n;
                if (!(s instanceof Map<?, ?> step)) {
                    problems.add(where + " is not a mapping");
                    continue;
                }
                step.keySet().stream().map(String::valueOf).filter(k -> !STEP_KEYS.contains(k))
                        .forEach(k -> problems.add(where + ": unknown key " + k));
                boolean uses = step.containsKey("uses");
                boolean run = step.containsKey("run");
                if (uses == run) {
                    problems.add(where + ": needs exactly one of uses and run");
                }
                if (uses && !USES.matcher(String.valueOf(step.get("uses"))).matches()) {
                    problems.add(where + ": uses " + step.get("uses") + " is not OWNER/REPO@REF");
                }
                if (run && !(step.get("run") instanceof String)) {
                    problems.add(where + ": run is not a string");
                }
            }
            List<String> texts = new ArrayList<>();
            strings(job, texts);
            // An 'if' is an expression without the ${{ }} around it.
            List<Object> conditions = new ArrayList<>();
            conditions.add(job.get("if"));
            ((List<?>) job.get("steps")).forEach(st -> conditions.add(st instanceof Map<?, ?> sm ? sm.get("if") : null));
            conditions.stream().filter(c -> c instanceof String).forEach(c -> texts.add("${{ " + c + " }}"));
            Matcher m = EXPRESSION.matcher(String.join("\n", texts));
            while (m.find()) {
                String expression = m.group(1).strip();
                Matcher ref = Pattern.compile("(?<![\\w.'-])([a-z_]+)\\.([A-Za-z0-9_-]+)").matcher(expression);
                while (ref.find()) {
                    String context = ref.group(1);
                    String name = ref.group(2);
                    if (!CONTEXTS.contains(context)) {
                        problems.add("job " + id + ": ${{ " + expression + " }} names no context " + context);
                    } else if (context.equals("steps") && !stepIds.contains(name)) {
                        problems.add("job " + id + ": ${{ " + expression + " }}: no step with id " + name);
                    } else if (context.equals("matrix") && !matrixKeys.contains(name)) {
                        problems.add("job " + id + ": ${{ " + expression + " }}: no matrix." + name);
                    } else if (context.equals("inputs") && !inputs.contains(name)) {
                        problems.add("job " + id + ": ${{ " + expression + " }}: no input " + name);
                    } else if (context.equals("needs") && !needs.contains(name)) {
                        problems.add("job " + id + ": ${{ " + expression + " }}: " + name + " is not in needs");
                    } else if (context.equals("strategy") && !Set.of("job-index", "job-total", "fail-fast", "max-parallel").contains(name)) {
                        problems.add("job " + id + ": ${{ " + expression + " }}: strategy has no " + name);
                    }
                }
            }
            for (String command : graderCommands(job)) {
                try {
                    Grade grade = new Grade();
                    CommandLine cli = new CommandLine(grade);
                    cli.setCaseInsensitiveEnumValuesAllowed(true);
                    cli.parseArgs(command.split("\\s+"));
                    grade.checkOptions();
                } catch (CommandLine.ParameterException | Grade.UsageError e) {
                    problems.add("job " + id + ": the grader would refuse '" + command + "': " + e.getMessage());
                }
            }
        }
        if (!matrixJob) {
            problems.add("no job with a strategy.matrix: the roster is not sharded");
        }
        return problems;
    }

    /** Every string in a parsed YAML value, keys and values. */
    static void strings(Object value, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                strings(k, out);
                strings(v, out);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> strings(v, out));
        } else if (value instanceof String s) {
            out.add(s);
        }
    }

    /** The arguments of each {@code java -jar ...grader.jar ...} in the job's run steps, shell variables filled in as a runner would. */
    static List<String> graderCommands(Map<?, ?> job) {
        List<String> commands = new ArrayList<>();
        if (!(job.get("steps") instanceof List<?> steps)) {
            return commands;
        }
        for (Object s : steps) {
            if (s instanceof Map<?, ?> step && step.get("run") instanceof String run) {
                String joined = run.replaceAll("\\\\\\n\\s*", " ");
                for (String line : joined.lines().toList()) {
                    Matcher m = Pattern.compile("java -jar \"\\$RUNNER_TEMP/grader\\.jar\"(.*)").matcher(line.strip());
                    if (m.matches()) {
                        commands.add(m.group(1)
                                .replace("${EXERCISES:+--exercises \"$EXERCISES\"}", "--exercises ex1_ordered")
                                .replace("$graded", "shards/shard-1/ shards/shard-2/")
                                .replace("\"", "").strip());
                    }
                }
            }
        }
        return commands;
    }

    @Test
    @DisplayName("the roster workflow parses as YAML and has what Actions needs: jobs, a matrix, steps with uses or run,"
            + " expressions that name what exists, grader commands the grader accepts (grading a shard, merging)")
    void structure() throws IOException {
        String text = workflow();
        assertThat(problems(text)).isEmpty();
        Map<String, Object> w = parse(text);
        Map<?, ?> jobs = (Map<?, ?>) w.get("jobs");
        assertThat(jobs.keySet().stream().map(String::valueOf).toList()).containsExactly("grade", "merge");
        List<String> grading = graderCommands((Map<?, ?>) jobs.get("grade"));
        assertThat(grading).hasSize(1);
        assertThat(grading.get(0)).startsWith("learners/* ").contains("--out shard").contains("json");
        assertThat(graderCommands((Map<?, ?>) jobs.get("merge"))).singleElement().asString().startsWith("--merge ");
        for (Object job : jobs.values()) {
            assertThat(((List<?>) ((Map<?, ?>) job).get("steps")).stream()
                    .filter(st -> String.valueOf(((Map<?, ?>) st).get("run")).contains("--output \"$RUNNER_TEMP/grader.jar\"")))
                    .as("the grader fetched once per job").hasSize(1);
        }
    }

    @Test
    @DisplayName("the checks can fail: each broken copy of the workflow is named for what is wrong with it")
    void checksCanFail() throws IOException {
        String text = workflow();
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("not YAML", text.replace("jobs:\n", "jobs: [\n"));
        broken.put("no job with a strategy.matrix", text.replace("    strategy:\n      fail-fast: false\n      matrix:\n        shard: [1, 2, 3, 4]\n", ""));
        broken.put("needs exactly one of uses and run", text.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n        run: ls\n"));
        broken.put("is not OWNER/REPO@REF", text.replace("actions/checkout@v4", "actions/checkout"));
        broken.put("no step with id clone", text.replace("        id: clone\n", ""));
        broken.put("no matrix.shards", text.replace("shard-${{ matrix.shard }}", "shard-${{ matrix.shards }}"));
        broken.put("the grader would refuse", text.replace("--format table,json,junit,csv", "--format table,pdf"));
        broken.put("needs build, no such job", text.replace("    needs: grade\n", "    needs: build\n"));
        broken.put("unknown key runs_on", text.replace("    runs-on: ubuntu-latest\n    timeout-minutes: 15", "    runs_on: ubuntu-latest\n    timeout-minutes: 15"));
        for (Map.Entry<String, String> b : broken.entrySet()) {
            assertThat(b.getValue()).as("the mutation for '%s' changed the text", b.getKey()).isNotEqualTo(text);
            assertThat(problems(b.getValue())).as("problems of the copy with '%s'", b.getKey())
                    .anySatisfy(p -> assertThat(p).contains(b.getKey()));
        }
    }

    @Test
    @DisplayName("the clone step's split of roster.txt (comments and blank lines skipped) gives each learner to exactly one"
            + " of the matrix's shards, by strategy.job-index (0-based) and job-total")
    void rosterSplit() throws Exception {
        Map<?, ?> grade = (Map<?, ?>) ((Map<?, ?>) parse(workflow()).get("jobs")).get("grade");
        String split = ((List<?>) grade.get("steps")).stream().filter(s -> s instanceof Map<?, ?> m && "clone".equals(m.get("id")))
                .map(s -> String.valueOf(((Map<?, ?>) s).get("run"))).findFirst().orElseThrow()
                .lines().filter(l -> l.contains("roster.txt")).findFirst().orElseThrow();
        int shards = ((List<?>) ((Map<?, ?>) ((Map<?, ?>) grade.get("strategy")).get("matrix")).get("shard")).size();
        List<String> roster = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            roster.add("classroom-org/threads-learner" + i);
        }
        Files.writeString(dir.resolve("roster.txt"), "# exported from GitHub Classroom\n\n" + String.join("\n", roster.subList(0, 5))
                + "\n   \n" + String.join("\n", roster.subList(5, 10)) + "\n");
        List<String> all = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", split).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("SHARD", String.valueOf(shard));
            pb.environment().put("SHARDS", String.valueOf(shards));
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            List<String> mine = Files.readAllLines(dir.resolve("mine.txt"));
            assertThat(mine).as("shard %d of %d", shard, shards).isNotEmpty();
            all.addAll(mine);
        }
        assertThat(all).as("every learner once").containsExactlyInAnyOrderElementsOf(roster);
        assertThat(all.stream().collect(Collectors.toSet())).hasSize(roster.size());
    }
}
