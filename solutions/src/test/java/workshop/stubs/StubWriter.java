package workshop.stubs;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import workshop.testkit.Manifest;

/**
 * Writes an exercise's stub from its solution, so the contract (the Javadoc and the signatures) has
 * one home: the solution. In the spirit of TMC's markers, with the fewest rules that give the stubs
 * learners get:
 *
 * <ul>
 *   <li>every method and constructor that is not private keeps its Javadoc and signature, and its
 *       body becomes {@code throw new UnsupportedOperationException("TODO: exercise N (label): implement
 *       Class.method")}; N and the label come from the manifest (the title up to its first comma);
 *   <li>a body that starts with {@code // STUB: task 2} says which task the method belongs to, and
 *       {@code // STUB: task 4: check the settings} also what the TODO asks for;
 *   <li>private methods go, with the comment above them (they are how we solved it); private
 *       constructors and fields stay (the class's shape);
 *   <li>imports that nothing left uses go.
 * </ul>
 *
 * Anything it cannot read (a source that does not parse, a marker it does not understand) is an
 * error naming the file and the line, never a stub that is quietly wrong.
 */
public final class StubWriter {

    /** {@code // STUB: task 2} or {@code // STUB: tasks 3-6: what the TODO asks for}, first in a body. */
    private static final Pattern MARKER = Pattern.compile("\\A\\{\\s*// STUB: ([^\\n]*)\\n");
    private static final Pattern TASK = Pattern.compile("(tasks? [0-9][-0-9, ]*)(?:: (.+))?");

    private final Manifest manifest;

    public StubWriter(Manifest manifest) {
        this.manifest = manifest;
    }

    /** The stub of one solution file. */
    public String stub(String fileName, String solution) {
        Parsed parsed = parse(fileName, solution);
        CompilationUnitTree unit = parsed.unit();
        SourcePositions positions = parsed.positions();
        String packageName = unit.getPackageName().toString();
        Manifest.Exercise exercise = manifest.exercises().stream().filter(e -> e.javaPackage().equals(packageName))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        fileName + ": package " + packageName + " is no exercise's in info.toml"));
        List<Edit> edits = new ArrayList<>();
        for (Tree type : unit.getTypeDecls()) {
            if (type instanceof ClassTree classTree) {
                stubMembers(fileName, solution, unit, positions, exercise, classTree, edits);
            }
        }
        String stubbed = apply(solution, edits);
        return withoutUnusedImports(fileName, stubbed);
    }

    /** A parsed source and where its trees start and end. */
    private record Parsed(CompilationUnitTree unit, SourcePositions positions) {}

    private static Parsed parse(String fileName, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + fileName),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> errors = new ArrayList<>();
        JavacTask task = (JavacTask) javac.getTask(null, null,
                d -> errors.add(fileName + ":" + d.getLineNumber() + ": " + d.getMessage(null)),
                List.of("-proc:none"), null, List.of(file));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("cannot write a stub from a solution that does not parse: "
                        + String.join("; ", errors));
            }
            return new Parsed(unit, Trees.instance(task).getSourcePositions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stubMembers(String fileName, String source, CompilationUnitTree unit, SourcePositions positions,
            Manifest.Exercise exercise, ClassTree type, List<Edit> edits) {
        List<? extends Tree> members = type.getMembers();
        long previousEnd = source.indexOf('{', (int) positions.getStartPosition(unit, type)) + 1;
        for (Tree member : members) {
            long start = positions.getStartPosition(unit, member);
            long end = positions.getEndPosition(unit, member);
            if (start < 0 || end < 0) {
                continue; // members javac makes up (none after parsing alone, but be safe)
            }
            if (member instanceof MethodTree method && method.getBody() != null) {
                if (method.getModifiers().getFlags().contains(Modifier.PRIVATE)) {
                    if (!method.getName().contentEquals("<init>")) {
                        edits.add(new Edit(lineStart(source, previousEnd), lineEnd(source, end), ""));
                    }
                } else {
                    long bodyStart = positions.getStartPosition(unit, method.getBody());
                    long bodyEnd = positions.getEndPosition(unit, method.getBody());
                    String body = source.substring((int) bodyStart, (int) bodyEnd);
                    String indent = indentOf(source, start);
                    String todo = todo(fileName, unit, bodyStart, exercise, type, method, body);
                    edits.add(new Edit(bodyStart, bodyEnd, "{\n" + indent + "    throw new UnsupportedOperationException(\""
                            + todo + "\");\n" + indent + "}"));
                }
            }
            previousEnd = end;
        }
    }

    /** The TODO message of one stubbed method. */
    private String todo(String fileName, CompilationUnitTree unit, long bodyStart, Manifest.Exercise exercise,
            ClassTree type, MethodTree method, String body) {
        String className = type.getSimpleName().toString();
        boolean constructor = method.getName().contentEquals("<init>");
        String name = constructor ? className : method.getName().toString();
        boolean overloaded = type.getMembers().stream().filter(m -> m instanceof MethodTree other
                && other != method && other.getName().contentEquals(method.getName())).count() > 0;
        String what = "implement " + className + (constructor ? "" : "." + name) + (overloaded
                ? "(" + String.join(", ", method.getParameters().stream().map(p -> p.getName().toString()).toList()) + ")"
                : "");
        String task = "";
        Matcher marker = MARKER.matcher(body);
        if (marker.find()) {
            Matcher parts = TASK.matcher(marker.group(1).strip());
            if (!parts.matches()) {
                long line = unit.getLineMap().getLineNumber(bodyStart) + 1;
                throw new IllegalArgumentException(fileName + ":" + line + ": cannot read the marker \"// STUB: "
                        + marker.group(1) + "\"; write \"// STUB: task 2\" or \"// STUB: task 2: what the TODO asks for\"");
            }
            task = ", " + parts.group(1).strip();
            if (parts.group(2) != null) {
                what = parts.group(2).strip();
            }
        } else if (body.contains("// STUB")) {
            long line = unit.getLineMap().getLineNumber(bodyStart);
            throw new IllegalArgumentException(fileName + ":" + line + ": a \"// STUB:\" marker must be the first line"
                    + " of the method's body");
        }
        return "TODO: exercise " + manifest.number(exercise) + " (" + label(exercise) + ")" + task + ": " + what;
    }

    /** How a TODO names the exercise: its title up to the first comma, in lower case unless it starts with an acronym. */
    static String label(Manifest.Exercise exercise) {
        String title = exercise.title().split(",", 2)[0].strip();
        boolean acronym = title.length() > 1 && Character.isUpperCase(title.charAt(1));
        return acronym ? title : Character.toLowerCase(title.charAt(0)) + title.substring(1);
    }

    private static String withoutUnusedImports(String fileName, String source) {
        Parsed parsed = parse(fileName, source);
        CompilationUnitTree unit = parsed.unit();
        SourcePositions positions = parsed.positions();
        List<Edit> edits = new ArrayList<>();
        List<? extends ImportTree> imports = unit.getImports();
        if (imports.isEmpty()) {
            return source;
        }
        long importsEnd = positions.getEndPosition(unit, imports.get(imports.size() - 1));
        String rest = used(source.substring((int) importsEnd));
        for (ImportTree i : imports) {
            String qualified = i.getQualifiedIdentifier().toString();
            String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
            if (!simple.equals("*") && !Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(rest).find()) {
                long start = positions.getStartPosition(unit, i);
                edits.add(new Edit(lineStart(source, start), lineEnd(source, positions.getEndPosition(unit, i)), ""));
            }
        }
        return apply(source, edits);
    }

    /** The code without its comments, and the names the Javadoc refers to ({@code {@link X}}, {@code @throws X}). */
    private static String used(String code) {
        StringBuilder names = new StringBuilder();
        Matcher references = JAVADOC_REFERENCE.matcher(code);
        while (references.find()) {
            names.append(references.group(1)).append('\n');
        }
        return COMMENT.matcher(code).replaceAll(" ") + "\n" + names;
    }

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);
    private static final Pattern JAVADOC_REFERENCE = Pattern.compile("(?:\\{@link(?:plain)? |@throws |@see )(\\w+)");

    private static String apply(String source, List<Edit> edits) {
        StringBuilder out = new StringBuilder(source);
        edits.stream().sorted(Comparator.comparingLong(Edit::start).reversed())
                .forEach(e -> out.replace((int) e.start(), (int) e.end(), e.text()));
        return out.toString();
    }

    /** The start of the line after {@code position}'s line, or {@code position}'s own line when it starts one. */
    private static long lineStart(String source, long position) {
        int newline = source.indexOf('\n', (int) position);
        return source.substring((int) position, newline).isBlank() ? newline + 1 : position;
    }

    /** Just past the newline that ends {@code position}'s line. */
    private static long lineEnd(String source, long position) {
        int newline = source.indexOf('\n', (int) position - 1);
        return newline < 0 ? source.length() : newline + 1;
    }

    private static String indentOf(String source, long position) {
        int lineStart = source.lastIndexOf('\n', (int) position - 1) + 1;
        return source.substring(lineStart, (int) position).replaceAll("\\S.*", "");
    }

    private record Edit(long start, long end, String text) {}
}
