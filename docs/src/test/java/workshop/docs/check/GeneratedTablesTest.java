package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Manifest;

/**
 * The walkthroughs' tables of hidden tests and of wrong implementations are made from the grader's
 * sources, and the README's table of exercises from the manifest, so they cannot drift: the lines
 * between {@code <!-- generated: hidden-tests ex1_ordered -->} (or {@code catalog ex1_ordered}, or
 * {@code exercises}, or {@code score}) and {@code <!-- end generated -->} must be what {@link #hiddenTests}
 * (or {@link #catalog}, {@link #exercises}, {@link #score}) makes now; so must the course's total where
 * the prose states it ({@link #TOTAL}). {@code -Ddocs.update=true} (scripts/update-docs) rewrites them.
 */
class GeneratedTablesTest {

    private static final Pattern BEGIN = Pattern.compile(
            "^<!--\\s*generated:\\s*(?:(hidden-tests|catalog)\\s+(\\w+)|(exercises|score))\\s*-->\\s*$");
    private static final String END = "<!-- end generated -->";

    private static final Manifest MANIFEST = Manifest.load(DocsTree.ROOT.resolve("exercises/info.toml"));

    @Test
    @DisplayName("the tables of hidden tests and wrong implementations match the grader's sources")
    void tablesMatchTheGrader() {
        List<String> problems = new ArrayList<>();
        for (Path file : LinksTest.linkingPages()) {   // the docs, the README and the instructions
            List<String> lines = new ArrayList<>(DocsTree.read(file).lines().toList());
            boolean changed = false;
            for (int i = 0; i < lines.size(); i++) {
                Matcher begin = BEGIN.matcher(lines.get(i).strip());
                if (!begin.matches()) {
                    continue;
                }
                int end = lines.subList(i, lines.size()).indexOf(END);
                if (end < 0) {
                    problems.add(DocsTree.show(file) + ":" + (i + 1) + ": no " + END + " after this marker");
                    continue;
                }
                end += i;
                String kind = begin.group(3) != null ? begin.group(3) : begin.group(1);
                String exercise = begin.group(3) != null ? "the course" : begin.group(2);
                List<String> expected = switch (kind) {
                    case "catalog" -> catalog(exercise);
                    case "hidden-tests" -> hiddenTests(exercise);
                    case "score" -> score();
                    default -> exercises(file);
                };
                List<String> actual = lines.subList(i + 1, end);
                if (!actual.equals(expected)) {
                    if (DocsTree.UPDATE) {
                        actual.clear();
                        actual.addAll(expected);
                        changed = true;
                        System.out.println("rewrote the " + kind + " table of " + exercise + " in " + DocsTree.show(file));
                    } else {
                        problems.add(DocsTree.show(file) + ":" + (i + 1) + ": the " + kind + " table of " + exercise
                                + " differs from its sources; run scripts/update-docs. Expected:\n"
                                + String.join("\n", expected));
                    }
                }
            }
            if (changed) {
                DocsTree.write(file, String.join("\n", lines) + "\n");
            }
        }
        assertThat(problems).as("generated tables that drifted").isEmpty();
    }

    /**
     * The score table of the reference solutions, in a ``` block, as {@code ./mvnw -q verify -DskipTests
     * -Pscore} prints it (ScoreReport.table's layout): every hidden test passes on them (the grader's
     * HiddenTestsSelfCheckTest checks that, and this block against a real run), so each exercise's row
     * is its hidden tests' points and count, read from their sources.
     */
    static List<String> score() {
        List<String> rows = new ArrayList<>(List.of("```", "Score: reference solutions"));
        String row = "%-3s %-34s %9s %6s %6s  %s";
        rows.add(String.format(java.util.Locale.ROOT, row, "#", "exercise", "points", "passed", "failed", "first failure"));
        int total = 0;
        for (Manifest.Exercise e : MANIFEST.exercises()) {
            int points = 0;
            int tests = 0;
            for (Path file : javaFiles(hiddenFolder(e.id()))) {
                Matcher m = TEST_METHOD.matcher(DocsTree.read(file));
                while (m.find()) {
                    points += Integer.parseInt(m.group(1));
                    tests++;
                }
            }
            total += points;
            rows.add(String.format(java.util.Locale.ROOT, row, MANIFEST.number(e), e.title(), points + "/" + points, tests, 0, "-"));
        }
        rows.add(String.format(java.util.Locale.ROOT, "%-38s %9s  (%d%%)", "total", total + "/" + total, total == 0 ? 0 : 100));
        rows.add("```");
        return rows;
    }

    /** The course's total where the prose states it: "full marks, 178/178", "points to 178 (the grader's total)". */
    static final Pattern TOTAL = Pattern.compile("full marks, (\\d+)/(\\d+)|points to (\\d+) \\(the grader's total\\)");

    @Test
    @DisplayName("the course's total, where the prose states it, is the sum of the exercises' points in info.toml")
    void totalsMatchTheManifest() {
        int total = MANIFEST.exercises().stream().mapToInt(Manifest.Exercise::points).sum();
        List<String> problems = new ArrayList<>();
        for (Path file : LinksTest.linkingPages()) {
            String text = DocsTree.read(file);
            Matcher m = TOTAL.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String now = m.group(3) != null ? "points to " + total + " (the grader's total)" : "full marks, " + total + "/" + total;
                if (!m.group().equals(now)) {
                    problems.add(DocsTree.show(file) + ": \"" + m.group() + "\", but the total is " + total + "; run scripts/update-docs");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(now));
            }
            m.appendTail(out);
            if (DocsTree.UPDATE && !out.toString().equals(text)) {
                DocsTree.write(file, out.toString());
                System.out.println("rewrote the course's total in " + DocsTree.show(file));
            }
        }
        if (!DocsTree.UPDATE) {
            assertThat(problems).as("totals in the prose that drifted").isEmpty();
        }
    }

    /** | # | exercise | package | instructions | for each exercise of the manifest, in teaching order; links relative to {@code page}. */
    static List<String> exercises(Path page) {
        List<String> rows = new ArrayList<>(List.of("| # | exercise | package | instructions |", "|---|---|---|---|"));
        for (Manifest.Exercise e : MANIFEST.exercises()) {
            String link = page.toAbsolutePath().getParent().relativize(DocsTree.ROOT.toAbsolutePath()
                    .resolve("exercises").resolve(e.instructions())).toString().replace('\\', '/');
            rows.add("| " + MANIFEST.number(e) + " | " + e.title() + (e.summary().isEmpty() ? "" : ": " + e.summary())
                    + " | `" + e.javaPackage() + "` | [instructions](" + link + ") |");
        }
        return rows;
    }

    private static final Pattern TEST_METHOD = Pattern.compile(
            "@Points\\((\\d+)\\)(?:(?!\\bvoid\\b).)*?@DisplayName\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)(?:(?!\\bvoid\\b).)*?void\\s+(\\w+)\\(",
            Pattern.DOTALL);

    /** | hidden test | points | what it checks | for each hidden test of the exercise, in file order. */
    static List<String> hiddenTests(String exerciseId) {
        Path folder = hiddenFolder(exerciseId);
        List<String> rows = new ArrayList<>(List.of("| hidden test | points | what it checks |", "|---|---:|---|"));
        int total = 0;
        for (Path file : javaFiles(folder)) {
            String className = file.getFileName().toString().replace(".java", "");
            Matcher m = TEST_METHOD.matcher(DocsTree.read(file));
            while (m.find()) {
                int points = Integer.parseInt(m.group(1));
                total += points;
                rows.add("| `" + className + "#" + m.group(3) + "` | " + points + " | " + m.group(2).replace("\\\"", "\"") + " |");
            }
        }
        rows.add("| total | " + total + " | |");
        return rows;
    }

    /** "// Mistake: ..." and the comment lines that continue it, up to the next header or the code. */
    private static final Pattern MISTAKE = Pattern.compile("^//\\s*Mistake:\\s*(.+(?:\\n//(?!\\s*Caught by:).*)*)", Pattern.MULTILINE);
    private static final Pattern CAUGHT_BY = Pattern.compile("^//\\s*Caught by:\\s*(\\S+)\\s+\"([^\"]+)\"", Pattern.MULTILINE);

    /** | wrong implementation | the mistake | caught by | with a message containing | for each catalog entry. */
    static List<String> catalog(String exerciseId) {
        Path folder = DocsTree.ROOT.resolve("grader/src/test/catalog").resolve(exerciseId);
        List<String> rows = new ArrayList<>(List.of(
                "| wrong implementation | the mistake | caught by | with a message containing |", "|---|---|---|---|"));
        try (Stream<Path> mistakes = Files.list(folder)) {
            for (Path mistake : mistakes.filter(Files::isDirectory).sorted().toList()) {
                for (Path file : javaFiles(mistake)) {
                    String source = DocsTree.read(file);
                    Matcher what = MISTAKE.matcher(source);
                    String link = "[" + mistake.getFileName() + "](" + "../" + DocsTree.ROOT.relativize(file).toString().replace('\\', '/') + ")";
                    String why = what.find() ? what.group(1).replaceAll("\\s*\\n//\\s*", " ").strip() : "";
                    Matcher caught = CAUGHT_BY.matcher(source);
                    while (caught.find()) {
                        rows.add("| " + link + " | " + why + " | `" + caught.group(1) + "` | \"" + caught.group(2) + "\" |");
                        link = "";
                        why = "";
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Path hiddenFolder(String exerciseId) {
        return DocsTree.ROOT.resolve("grader/src/hidden/java").resolve(MANIFEST.byId(exerciseId).javaPackage().replace('.', '/'));
    }

    private static List<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".java.patch")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
