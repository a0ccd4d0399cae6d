package workshop.grader.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import workshop.grader.isolation.Sandbox;
import workshop.testkit.Manifest;

/**
 * {@code grade --merge DIR... --out OUT}: the class reports of several {@code --out} folders (a
 * class graded in shards, one Actions job each) as if the class had been graded in one run. Each
 * submission's instructor report.json carries the grader's record of it (extra_data.record, written
 * for this); the class files (report.txt, junit.xml, summary.csv, failures.csv, index.html) are made
 * from those records by the same code a single run uses, and each submission's own reports are
 * copied as they are. A folder that is not such an {@code --out}, a learner found in two folders, or
 * shards that graded different exercises are refused before anything is written.
 */
final class Merge {

    /** What extra_data.record says it is; a record of another shape is refused, not guessed at. */
    static final String FORMAT = "workshop-grader-record/1";

    /** The files of a submission's folder a merge copies (whichever of them the shard wrote). */
    static final List<String> SUBMISSION_FILES = List.of("report.txt", "results.json", "feedback.md", "report.json", "junit.xml");

    private static final ObjectMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Merge() {}

    /** The grader's record of one submission, in its report.json: what a merge rebuilds the class reports from. */
    record Record(String format, SubmissionResult result, String sandboxWarning) {}

    /** {@code report} (an instructor's report.json) with the record of {@code r} in its extra_data. */
    static Reports.Gradescope recorded(Reports.Gradescope report, SubmissionResult r, Optional<String> sandboxWarning) {
        Map<String, Object> extra = new LinkedHashMap<>(report.extraData());
        extra.put("record", new Record(FORMAT, r, sandboxWarning.orElse(null)));
        return new Reports.Gradescope(report.score(), report.executionTime(), report.output(), report.outputFormat(),
                report.testOutputFormat(), report.visibility(), report.stdoutVisibility(), report.tests(),
                report.leaderboard(), extra);
    }

    /** One submission found in a shard. */
    record Found(Path shard, Path folder, Record record) {}

    /**
     * Reads every shard and checks them together.
     *
     * @throws Grade.UsageError naming the folder and what to do, for anything that is not a clean set of shards
     */
    static List<Found> read(List<Path> shards, Manifest manifest) {
        List<Found> found = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path shard : shards) {
            Path real = shard.toAbsolutePath().normalize();
            if (!seen.add(real)) {
                throw new Grade.UsageError("--merge " + shard + " is given twice: give each shard's folder once");
            }
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new Grade.UsageError("--merge " + shard + (Files.exists(real) ? " is not a folder" : " does not exist")
                        + ": give the --out folders of the runs to merge");
            }
            List<Path> folders;
            try (Stream<Path> list = Files.list(real)) {
                folders = list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            } catch (IOException e) {
                throw new Grade.UsageError("--merge " + shard + " cannot be read (" + e.getMessage() + ")");
            }
            List<Found> own = new ArrayList<>();
            for (Path folder : folders) {
                Path file = folder.resolve("report.json");
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                own.add(new Found(shard, folder, record(file)));
            }
            if (own.isEmpty()) {
                throw new Grade.UsageError("--merge " + shard + " holds no submission's report.json (DIR/<submission>/report.json):"
                        + " it is not a folder the grader wrote with --out and --format json. Give the --out folders of"
                        + " runs made with --format json (with table,csv,html as well for the class reports)");
            }
            found.addAll(own);
        }
        Map<String, Found> byName = new HashMap<>();
        for (Found f : found) {
            Found other = byName.putIfAbsent(f.record().result().name(), f);
            if (other != null) {
                throw new Grade.UsageError("--merge: the submission " + f.record().result().name() + " is in both "
                        + other.folder() + " and " + f.folder() + ": grade each learner in one shard only (or rename one"
                        + " of them), then merge again. Nothing was written");
            }
        }
        Found first = found.get(0);
        List<String> exercises = ids(first.record().result());
        for (String id : exercises) {
            if (manifest.exercises().stream().noneMatch(e -> e.id().equals(id))) {
                throw new Grade.UsageError("--merge " + first.shard() + " graded an exercise this grader does not know (" + id
                        + "): merge with the grader that graded it");
            }
        }
        for (Found f : found) {
            if (!ids(f.record().result()).equals(exercises)) {
                throw new Grade.UsageError("--merge: " + f.folder() + " was graded on exercises " + ids(f.record().result())
                        + " but " + first.folder() + " on " + exercises + ": merge runs that graded the same exercises"
                        + " (the same --exercises)");
            }
        }
        found.sort(Comparator.comparing((Found f) -> f.record().result().name()));
        return found;
    }

    private static List<String> ids(SubmissionResult r) {
        return r.exercises().stream().map(SubmissionResult.ExerciseResult::id).toList();
    }

    private static Record record(Path file) {
        JsonNode json;
        try {
            json = READER.readTree(file.toFile());
        } catch (IOException e) {
            throw new Grade.UsageError("--merge: " + file + " is not readable JSON (" + Reports.oneLine(String.valueOf(e.getMessage()), 200)
                    + "): a damaged report; grade that submission again");
        }
        JsonNode node = json == null ? null : json.path("extra_data").get("record");
        if (node == null || !FORMAT.equals(node.path("format").asText())) {
            throw new Grade.UsageError("--merge: " + file + " has no grader's record (extra_data.record, " + FORMAT + "):"
                    + " it was written by another program, or by an older grader. Grade that shard again with this grader");
        }
        try {
            Record r = READER.treeToValue(node, Record.class);
            if (r.result() == null || r.result().name() == null || r.result().exercises() == null) {
                throw new IOException("the record is incomplete");
            }
            return r;
        } catch (IOException e) {
            throw new Grade.UsageError("--merge: " + file + ": its grader's record cannot be read ("
                    + Reports.oneLine(String.valueOf(e.getMessage()), 200) + "); grade that submission again");
        }
    }

    /** {@code out}, absolute, once it is known to be a new or empty folder apart from every shard. */
    private static Path checkTarget(List<Path> shards, Path out) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        for (Path shard : shards) {
            Path real = shard.toAbsolutePath().normalize();
            if (target.startsWith(real) || real.startsWith(target)) {
                throw new Grade.UsageError("--out " + out + " overlaps the shard " + shard + ": merge into a folder of its own");
            }
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> list = Files.list(target)) {
                if (list.findAny().isPresent()) {
                    throw new Grade.UsageError("--out " + out + " is not empty: merge into a new or empty folder (a merge"
                            + " overwrites nothing)");
                }
            }
        }
        return target;
    }

    /** Merges {@code shards} into {@code out}; says on stdout what it wrote. */
    static int run(List<Path> shards, Path out, Manifest manifest, PrintStream stdout) throws IOException {
        if (out == null) {
            throw new Grade.UsageError("--merge needs --out DIR: a new folder for the class reports");
        }
        List<Found> found = read(shards, manifest);
        Path target = checkTarget(shards, out);
        ReportFolder reports = ReportFolder.prepare(out);

        List<SubmissionResult> results = found.stream().map(f -> f.record().result()).toList();
        List<Manifest.Exercise> graded = ids(results.get(0)).stream().map(manifest::byId).toList();
        Map<String, String> links = new HashMap<>();
        for (Found f : found) {
            Path folder = reports.submission(f.record().result().name());
            for (String name : SUBMISSION_FILES) {
                Path file = f.folder().resolve(name);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    ReportFolder.write(folder.resolve(name), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
            String link = Files.isRegularFile(folder.resolve("report.txt")) ? "report.txt" : "report.json";
            links.put(f.record().result().name(), folder.getFileName() + "/" + link);
        }
        String warning = String.join("\n\n", found.stream().map(f -> f.record().sandboxWarning())
                .filter(w -> w != null && !w.isBlank()).distinct().toList());
        StringBuilder tables = new StringBuilder(warning.isEmpty() ? "" : warning + "\n\n");
        for (SubmissionResult r : results) {
            tables.append(Reports.table(r, manifest)).append('\n');
        }
        if (results.size() > 1) {
            tables.append(Reports.classTable(results, graded)).append('\n');
        }
        List<List<Sandbox.Measure>> containments = results.stream().map(SubmissionResult::containment).distinct().toList();
        for (List<Sandbox.Measure> c : containments) {
            tables.append(Reports.containment(c));
        }
        ReportFolder.write(reports.root().resolve("report.txt"), tables.toString());
        ReportFolder.write(reports.root().resolve("junit.xml"), Reports.junit(results));
        ReportFolder.write(reports.root().resolve("summary.csv"), Reports.csv(results, graded));
        ReportFolder.write(reports.root().resolve("failures.csv"), Reports.failuresCsv(results));
        ReportFolder.write(reports.root().resolve("index.html"), Dashboard.html(results, graded, warning, links));
        stdout.print(tables);
        stdout.printf("Merged %d submission%s from %d folder%s into %s (report.txt, junit.xml, summary.csv, failures.csv,"
                + " index.html, and each submission's reports)%n", results.size(), results.size() == 1 ? "" : "s",
                shards.size(), shards.size() == 1 ? "" : "s", target);
        stdout.flush();
        return 0;
    }
}
