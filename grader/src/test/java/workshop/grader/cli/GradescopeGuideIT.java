package workshop.grader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import workshop.grader.HiddenTestRunner;
import workshop.testkit.Manifest;

/**
 * "Gradescope in ten minutes" (docs/instructors-guide.md), tried as literally as a build can: its
 * commands' modules, files and options exist, the zip it names holds the files it names, every
 * option it quotes is one the grader accepts, the points it tells you to set are the grader's total,
 * and its grade.args edit, run as written on a copy of the built zip, leaves a grade.args that
 * run_autograder's grader accepts. Gradescope itself is not here: GradescopeAutograderIT runs the
 * zip's run_autograder as Gradescope would.
 */
class GradescopeGuideIT {

    static final Path GUIDE = Path.of(System.getProperty("workshop.guide", "../docs/instructors-guide.md"));
    static final Path ROOT = Path.of("..");
    static final Path ZIP = Path.of("target/gradescope-autograder.zip");
    static final String HEADING = "### Gradescope in ten minutes";

    @TempDir
    Path dir;

    /** The section: from its heading to the next heading. */
    static String section(String guide) {
        int start = guide.indexOf(HEADING);
        assertThat(start).as("the guide has a section '%s'", HEADING).isNotNegative();
        Matcher next = Pattern.compile("(?m)^#{1,3} ").matcher(guide);
        int end = next.find(start + HEADING.length()) ? next.start() : guide.length();
        return guide.substring(start, end);
    }

    /** The fenced sh blocks of a section, their lines with the markdown indentation taken off. */
    static List<String> shellBlocks(String section) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^( *)```sh\\n(.*?)^\\1```").matcher(section);
        while (m.find()) {
            String indent = m.group(1);
            blocks.add(m.group(2).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                    .reduce("", (a, b) -> a + b + "\n"));
        }
        return blocks;
    }

    static List<String> zipEntries() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    /** Whether the grader's command line takes {@code args} (as a list of words). */
    static String refusal(List<String> args) {
        try {
            Grade grade = new Grade();
            CommandLine cli = new CommandLine(grade);
            cli.setCaseInsensitiveEnumValuesAllowed(true);
            cli.parseArgs(args.toArray(String[]::new));
            grade.checkOptions();
            return null;
        } catch (CommandLine.ParameterException | Grade.UsageError e) {
            return e.getMessage();
        }
    }

    /** What in the section does not match the build; empty when it all does. */
    static List<String> problems(String section) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> entries = zipEntries();
        // Commands: ./mvnw with -pl MODULE; a comment naming what the command makes.
        for (String block : shellBlocks(section)) {
            for (String line : block.lines().toList()) {
                Matcher pl = Pattern.compile("\\./mvnw .*-pl (\\S+)").matcher(line);
                if (pl.find() && !Files.isRegularFile(ROOT.resolve(pl.group(1)).resolve("pom.xml"))) {
                    problems.add("-pl " + pl.group(1) + ": no such module");
                }
                Matcher made = Pattern.compile("#\\s*(\\S+\\.zip)").matcher(line);
                if (made.find() && !Files.isRegularFile(ROOT.resolve(made.group(1)))) {
                    problems.add(made.group(1) + ": the build made no such file");
                }
                Matcher cd = Pattern.compile("^cd (\\S+)").matcher(line);
                if (cd.find() && !Files.isDirectory(ROOT.resolve(cd.group(1)))) {
                    problems.add("cd " + cd.group(1) + ": no such folder after the build");
                }
            }
        }
        // Files it names in backquotes: in the zip, in the repository after the build (a * as a glob), or a
        // report the grader writes for each submission.
        Matcher file = Pattern.compile("`([\\w./*-]+\\.[a-z]{2,10})`").matcher(section);
        while (file.find()) {
            String name = file.group(1);
            boolean there;
            if (name.contains("/")) {
                Path parent = ROOT.resolve(name).getParent();
                var glob = parent.getFileSystem().getPathMatcher("glob:" + ROOT.resolve(name).normalize());
                try (var files = Files.isDirectory(parent) ? Files.list(parent) : java.util.stream.Stream.<Path>empty()) {
                    there = files.anyMatch(f -> glob.matches(f.normalize()) && Files.isRegularFile(f));
                }
            } else {
                there = entries.contains(name) || Merge.SUBMISSION_FILES.contains(name);
            }
            if (!there) {
                problems.add("`" + name + "`: neither in the autograder zip, nor in the repository after the build, nor a report the grader writes");
            }
        }
        if (!section.contains("run_autograder") || !entries.contains("run_autograder")) {
            problems.add("run_autograder: not named, or not in the zip");
        }
        // Options it quotes: each accepted by the grader.
        Matcher option = Pattern.compile("`(--[a-z][a-z-]*(?: [^`\\s-][^`\\s]*)?)`").matcher(section);
        while (option.find()) {
            String refused = refusal(List.of(option.group(1).split(" ")));
            if (refused != null) {
                problems.add("`" + option.group(1) + "`: the grader refuses it: " + refused);
            }
        }
        // The points to set: the grader's total.
        Manifest manifest = new HiddenTestRunner().manifest();
        int total = manifest.exercises().stream().mapToInt(Manifest.Exercise::points).sum();
        Matcher points = Pattern.compile("points to (\\d+) \\(the grader's total\\)").matcher(section);
        if (!points.find()) {
            problems.add("no 'points to N (the grader's total)'");
        } else if (Integer.parseInt(points.group(1)) != total) {
            problems.add("points to " + points.group(1) + ", but the grader's total is " + total);
        }
        return problems;
    }

    @Test
    @DisplayName("the section's commands, files, options and points match what the build made")
    void matchesTheBuild() throws IOException {
        assertThat(problems(section(Files.readString(GUIDE, StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    @DisplayName("the checks can fail: a copy of the section with a wrong module, file, option or total is named for it")
    void checksCanFail() throws IOException {
        String section = section(Files.readString(GUIDE, StandardCharsets.UTF_8));
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("-pl graders: no such module", section.replace("-pl grader ", "-pl graders "));
        broken.put("grader/target/gradescope.zip: the build made no such file", section.replace("# grader/target/gradescope-autograder.zip", "# grader/target/gradescope.zip"));
        broken.put("`grade.options`: neither in the autograder zip", section.replace("`grade.args`", "`grade.options`"));
        broken.put("`--printed-output sometimes`: the grader refuses it", section.replace("`--printed-output visible`", "`--printed-output sometimes`")
                .replace("`--printed-output visible`", "`--printed-output sometimes`"));
        broken.put("`--visible-after after_due_date`: the grader refuses it", section.replace("`--visibility after_due_date`", "`--visible-after after_due_date`"));
        broken.put("points to 150, but the grader's total is", section.replaceFirst("points to \\d+", "points to 150"));
        for (Map.Entry<String, String> b : broken.entrySet()) {
            assertThat(b.getValue()).as("the mutation for '%s' changed the text", b.getKey()).isNotEqualTo(section);
            assertThat(problems(b.getValue())).as("problems of the copy with '%s'", b.getKey())
                    .anySatisfy(p -> assertThat(p).contains(b.getKey()));
        }
    }

    @Test
    @DisplayName("the grade.args edit, run as the guide writes it on a copy of the built zip: grade.args gains the line,"
            + " and every line of it is an option the grader takes (as run_autograder passes them)")
    void gradeArgsEdit() throws Exception {
        String section = section(Files.readString(GUIDE, StandardCharsets.UTF_8));
        String edit = shellBlocks(section).stream().filter(b -> b.contains("grade.args")).findFirst().orElseThrow();
        Path target = Files.createDirectories(dir.resolve("grader/target"));
        Files.copy(ZIP, target.resolve("gradescope-autograder.zip"));
        Process p = new ProcessBuilder("bash", "-e", "-c", edit).directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the guide's edit:\n%s\n%s", edit, printed).isZero();
        String args;
        try (ZipFile zip = new ZipFile(target.resolve("gradescope-autograder.zip").toFile());
                InputStream in = zip.getInputStream(zip.getEntry("grade.args"))) {
            args = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher appended = Pattern.compile("echo \"([^\"]+)\" >> grade.args").matcher(edit);
        assertThat(appended.find()).as("the edit appends a line to grade.args").isTrue();
        assertThat(args.lines().toList()).last().isEqualTo(appended.group(1));
        List<String> words = new ArrayList<>();
        for (String line : args.lines().toList()) {
            String code = line.replaceAll("#.*", "").strip();
            if (!code.isEmpty()) {
                for (String w : code.split("\\s+")) {
                    words.add(w.replace("@SOURCE@", dir.toString()));
                }
            }
        }
        words.addAll(List.of("--gradescope", dir.toString()));
        assertThat(refusal(words)).as("the grader on grade.args %s", words).isNull();
    }
}
