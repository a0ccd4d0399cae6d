package workshop.testkit.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import workshop.testkit.Manifest;
import workshop.testkit.progress.Progress;
import workshop.testkit.progress.ProgressListener;
import workshop.testkit.progress.Status;

/**
 * Watch mode, in the spirit of rustlings' {@code watch}: {@code ./mvnw -q -Pwatch} in a learner's project.
 *
 * <p>One JVM stays up. It watches {@code src/main/java} and {@code src/test/java}; when a file is saved
 * it compiles that exercise's package in-process ({@link Recompiler}), runs the exercise's visible tests
 * in a fresh class loader ({@link TestRun}), and redraws one screen: the progress table that
 * {@code ./mvnw test} prints, the exercise in progress with its first failing task and hint, and the
 * keys. A compile error shows javac's message and line for that exercise only. When the exercise's
 * tests all pass it moves on to the next exercise that is not done.
 *
 * <p>Keys: {@code h} the next hint of the failing task, {@code l} the list of exercises ({@code 1}-{@code 9}
 * watches that one), {@code r} run again, {@code n} the next exercise, {@code t} the timeline of the last
 * run's calls in the overlap test, {@code q} quit.
 */
public final class Watch {

    private static final String KEYS = " keys: h hint  l list  r run again  n next exercise  t timeline  q quit";

    private final Path project;
    private final Path mainSources;
    private final Path testSources;
    private final Path classes;
    private final Path testClasses;
    private final Manifest manifest;
    private final Path progressFile;
    private final Recompiler compiler;
    private final TestRun tests;
    private final Keys keys;
    private final PrintStream out;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private Manifest.Exercise current;
    private boolean commonCompiled;
    private boolean kitCompiled;
    private List<String> kitErrors = List.of();
    private final Set<String> compiledTests = new java.util.HashSet<>();
    private int runs;
    /** Each source file's modification time when it was last read for compiling: a later event for it that changes nothing is no change. */
    private final Map<Path, java.nio.file.attribute.FileTime> compiled = new java.util.HashMap<>();
    /** What the last run of the current exercise showed. */
    private TestRun.Outcome last;
    private List<String> compileErrors = List.of();
    private double compileSeconds;
    private String banner = "";
    private String extra = "";
    private int hintShown;
    private int timelineShown;

    private Watch(Path project, Manifest manifest, String release, Keys keys, PrintStream out) {
        this.project = project;
        this.mainSources = project.resolve("src/main/java");
        this.testSources = project.resolve("src/test/java");
        this.classes = project.resolve("target/watch/classes");
        this.testClasses = project.resolve("target/watch/test-classes");
        this.manifest = manifest;
        this.progressFile = project.resolve("target/workshop-progress.properties");
        this.compiler = new Recompiler(project, release, dependencies(project));
        this.tests = new TestRun(manifest, progressFile, project);
        this.keys = keys;
        this.out = out;
    }

    /**
     * {@code Watch --project DIR [--exercise ID] [--release N] [--lines]}: {@code --exercise} an id of
     * info.toml or its start ({@code ex} or nothing: the first exercise not done), {@code --lines}
     * reads keys as lines even in a terminal.
     */
    public static void main(String[] args) throws Exception {
        Path project = Path.of(".");
        String wanted = "";
        String release = "21";
        boolean lines = Boolean.getBoolean("workshop.watch.lines");
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--exercise=")) {     // one argument, so that an empty -Dexercise= stays one
                wanted = args[i].substring("--exercise=".length()).strip();
                continue;
            }
            switch (args[i]) {
                case "--project" -> project = Path.of(args[++i]);
                case "--exercise" -> wanted = args[++i].strip();
                case "--release" -> release = args[++i];
                case "--lines" -> lines = true;
                default -> {
                    System.err.println("usage: Watch --project DIR [--exercise ID] [--release N] [--lines]");
                    System.exit(2);
                }
            }
        }
        project = project.toAbsolutePath().normalize();
        Manifest manifest = Manifest.load(project.resolve("info.toml"));
        Optional<Manifest.Exercise> start = choose(manifest, wanted, project.resolve("target/workshop-progress.properties"));
        if (start.isEmpty()) {
            StringBuilder ids = new StringBuilder();
            manifest.exercises().forEach(e -> ids.append("  ").append(e.id()).append('\n'));
            System.err.print("-Dexercise=" + wanted + " is not an exercise. The exercises (info.toml):\n" + ids);
            System.exit(2);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Keys keys = Keys.open(lines);
        Runtime.getRuntime().addShutdownHook(new Thread(keys::close, "watch-terminal"));
        Watch watch = new Watch(project, manifest, release, keys, out);
        watch.loop(start.get());
    }

    /** The exercise to start with: the first whose id starts with {@code wanted}, or the first not done. */
    static Optional<Manifest.Exercise> choose(Manifest manifest, String wanted, Path progressFile) {
        if (wanted.isEmpty() || wanted.equals("ex")) {
            Map<String, Status> before = ProgressListener.remembered(progressFile);
            return Optional.of(manifest.exercises().stream().filter(e -> before.get(e.id()) != Status.DONE).findFirst()
                    .orElse(manifest.exercises().getFirst()));
        }
        return manifest.exercises().stream().filter(e -> e.id().startsWith(wanted)).findFirst();
    }

    private void loop(Manifest.Exercise first) throws InterruptedException {
        current = first;
        startWatching();
        keys.start(key -> events.add((char) key));
        compileAndRun(false);
        while (true) {
            Object event = events.take();
            if (event instanceof Character key) {
                onKey(key);
            } else if (event instanceof Changes changes) {
                onChanges(changes.files());
            }
        }
    }

    private void onKey(char key) {
        switch (Character.toLowerCase(key)) {
            case 'q' -> {
                out.println();
                out.println(" Watch mode stopped. Your work is saved as it is; ./mvnw test runs every exercise.");
                keys.close();
                System.exit(0);
            }
            case 'r' -> {
                commonCompiled = false;
                compiledTests.clear();
                kitCompiled = false;
                compileAndRun(false);
            }
            case 'n' -> {
                int at = manifest.exercises().indexOf(current);
                switchTo(manifest.exercises().get((at + 1) % manifest.exercises().size()), "");
            }
            case 'h' -> {
                extra = hint();
                draw();
            }
            case 'l' -> {
                extra = list();
                draw();
            }
            case 't' -> {
                extra = timeline();
                draw();
            }
            default -> {
                if (key >= '1' && key <= '9' && key - '1' < manifest.exercises().size()) {
                    switchTo(manifest.exercises().get(key - '1'), "");
                }
            }
        }
    }

    /** Watches another exercise; choosing one (a key) never moves on from it by itself, even when it is done. */
    private void switchTo(Manifest.Exercise exercise, String why) {
        current = exercise;
        banner = why;
        compileAndRun(false);
    }

    /** A saved file: the exercise it belongs to becomes the current one, then compile and run. */
    private void onChanges(Set<Path> saved) {
        // An editor (or a copy of several files) makes several events; those already compiled change nothing.
        Set<Path> files = new LinkedHashSet<>(saved);
        files.removeIf(f -> compiled.containsKey(f) && compiled.get(f).equals(modified(f)));
        if (files.isEmpty()) {
            return;
        }
        boolean kit = false;
        boolean common = false;
        Manifest.Exercise touched = null;
        for (Path file : files) {
            boolean test = file.startsWith(testSources);
            String name = (test ? testSources : mainSources).relativize(file).toString().replace('\\', '/');
            String className = name.replace('/', '.');
            Optional<Manifest.Exercise> owner = manifest.owner(className);
            if (owner.isPresent()) {
                touched = owner.get();
                if (test) {
                    compiledTests.remove(touched.id());
                }
            } else if (test) {
                kit = true;
            } else {
                common = true;
            }
        }
        if (kit || common) {
            commonCompiled = !common && commonCompiled;
            kitCompiled = false;
            compiledTests.clear();
        }
        if (touched != null && touched != current) {
            current = touched;
        }
        banner = "";
        compileAndRun(true);
    }

    /**
     * Compiles what the current exercise needs, runs its tests and redraws.
     *
     * @param advance whether to move on to the next exercise not done when this one is done: after a saved
     *     file, not when the learner chose the exercise
     */
    private void compileAndRun(boolean advance) {
        Manifest.Exercise exercise = current;
        extra = "";
        hintShown = 0;
        timelineShown = 0;
        long start = System.nanoTime();
        compileErrors = compile(exercise);
        compileSeconds = (System.nanoTime() - start) / 1e9;
        runs++;
        if (!compileErrors.isEmpty()) {
            last = null;
            draw();
            return;
        }
        last = tests.run(exercise, classes, testClasses);
        Progress progress = last.listener().progress();
        boolean done = progress != null && progress.status(exercise.id()) == Status.DONE;
        draw();
        if (done && advance) {
            Map<String, Status> now = ProgressListener.remembered(progressFile);
            List<Manifest.Exercise> all = manifest.exercises();
            int at = all.indexOf(exercise);
            for (int i = 1; i < all.size(); i++) {
                Manifest.Exercise next = all.get((at + i) % all.size());
                if (now.get(next.id()) != Status.DONE) {
                    String walkthrough = progress.walkthrough(exercise.id())
                            .map(path -> "\n Its walkthrough, our solution and why: " + path).orElse("");
                    switchTo(next, " Exercise " + manifest.number(exercise) + " (" + exercise.title()
                            + ") passes its visible tests: on to exercise " + manifest.number(next) + "." + walkthrough);
                    return;
                }
            }
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null; // deleted
        }
    }

    /** Notes the modification times of the sources about to be compiled. */
    private void remember(Path folder, boolean recursive) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> walk = recursive ? Files.walk(folder) : Files.list(folder)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> compiled.put(p, modified(p)));
        } catch (IOException e) {
            // compiled again next time
        }
    }

    /** javac's errors for what the exercise needs: the given types, its package, the test kit, its tests. */
    private List<String> compile(Manifest.Exercise exercise) {
        String folder = exercise.javaPackage().replace('.', '/');
        if (!commonCompiled) {
            remember(mainSources.resolve("workshop/common"), true);
            Recompiler.Outcome common = compiler.compile(mainSources, "workshop/common", true, classes, List.of());
            if (!common.compiled()) {
                return common.errors();
            }
            commonCompiled = true;
        }
        remember(mainSources.resolve(folder), false);
        Recompiler.Outcome own = compiler.compile(mainSources, folder, false, classes, List.of(classes));
        if (!own.compiled()) {
            return own.errors();
        }
        if (!kitCompiled) {
            remember(testSources.resolve("workshop/testkit"), true);
            kitErrors = new ArrayList<>();
            kitErrors.addAll(compiler.compile(testSources, "workshop/testkit", true, testClasses, List.of(classes)).errors());
            kitCompiled = true;
            compiledTests.clear();
        }
        if (!kitErrors.isEmpty()) {
            return kitErrors;
        }
        // The tests are compiled against this exercise's classes; they need compiling again only when they change.
        if (!compiledTests.contains(exercise.id()) || !Files.isDirectory(testClasses.resolve(folder))) {
            remember(testSources.resolve(folder), false);
            Recompiler.Outcome testsOutcome = compiler.compile(testSources, folder, false, testClasses,
                    List.of(classes, testClasses));
            if (!testsOutcome.compiled()) {
                return testsOutcome.errors();
            }
            compiledTests.add(exercise.id());
        }
        return List.of();
    }

    // ---------------------------------------------------------------- the screen

    private void draw() {
        StringBuilder screen = new StringBuilder();
        if (keys.clears()) {
            screen.append("\033[H\033[2J\033[3J");
        } else {
            screen.append('\n');
        }
        String number = manifest.number(current) + ", " + current.title();
        if (!compileErrors.isEmpty()) {
            screen.append(rowsOnly(new Progress(manifest).table(ProgressListener.remembered(progressFile),
                    ProgressListener.command())));
            screen.append(" Exercise ").append(number).append(" does not compile (javac, ")
                    .append(compileErrors.size()).append(compileErrors.size() == 1 ? " error" : " errors").append("):\n");
            int shown = 0;
            for (String error : compileErrors) {
                if (shown == 3) {
                    screen.append("   ... and ").append(compileErrors.size() - shown).append(" more\n");
                    break;
                }
                error.lines().forEach(l -> screen.append("   ").append(l).append('\n'));
                shown++;
            }
        } else if (last != null) {
            screen.append(stripLeadingBlank(last.table()));
            if (last.listener().progress() == null || !last.listener().progress().ran(current.id())) {
                screen.append(" Exercise ").append(number).append(": no visible tests ran.\n");
            }
        }
        if (!banner.isEmpty()) {
            screen.append(banner).append('\n');
        }
        screen.append(String.format(Locale.ROOT, " watching exercise %s: run %d at %s, compiled in %.2f s, tests %s%n",
                number, runs, LocalTime.now().truncatedTo(ChronoUnit.SECONDS), compileSeconds,
                last == null || !compileErrors.isEmpty() ? "not run" : String.format(Locale.ROOT, "%.2f s", last.seconds())));
        if (!extra.isEmpty()) {
            screen.append(extra);
        }
        screen.append(KEYS).append(keys.single() ? "" : "  (type a key, then Enter)").append('\n');
        out.print(screen);
        out.flush();
    }

    /** The table's rule, title and rows, without what it says about the next exercise. */
    private static String rowsOnly(String table) {
        String body = stripLeadingBlank(table);
        int next = Math.max(body.indexOf("\n Next: "), body.indexOf("\n All "));
        return next < 0 ? body : body.substring(0, next + 1);
    }

    private static String stripLeadingBlank(String table) {
        return table.startsWith("\n") ? table.substring(1) : table;
    }

    /** The next hint of the failing task, after the one the table shows, round and round. */
    private String hint() {
        Progress progress = last == null ? null : last.listener().progress();
        List<String> hints = progress == null ? new Progress(manifest).hints(current, Integer.MAX_VALUE)
                : progress.hints(current, progress.failingTask(current.id()));
        hintShown = hintShown % hints.size() + 1;
        int index = hintShown % hints.size();
        StringBuilder s = new StringBuilder(" hint ").append(index + 1).append(" of ").append(hints.size()).append(": ");
        String indent = "   ";
        int width = 0;
        for (String word : hints.get(index).split("\\s+")) {
            if (width + word.length() > 72) {
                s.append('\n').append(indent);
                width = 0;
            }
            s.append(word).append(' ');
            width += word.length() + 1;
        }
        return s.toString().stripTrailing() + "\n (more in " + current.instructions() + ", Hints)\n";
    }

    private String list() {
        StringBuilder s = new StringBuilder(" type a number to watch that exercise:\n");
        Map<String, Status> now = ProgressListener.remembered(progressFile);
        for (Manifest.Exercise e : manifest.exercises()) {
            Status status = now.getOrDefault(e.id(), Status.NOT_RUN);
            s.append(String.format("   %d  %-18s %-12s%s%n", manifest.number(e), e.id(), status.label(),
                    e == current ? " <- watching" : ""));
        }
        return s.toString();
    }

    /** The calls of the last run's overlap tests, one row per thread; 't' again shows the next test's. */
    private String timeline() {
        if (last == null || last.timelines().isEmpty()) {
            return " timeline: no test of exercise " + manifest.number(current)
                    + " drew its calls in the last run (only tests that give SlowCall an ideal makespan do: "
                    + manifest.exercises().stream().filter(e -> e.id().equals("ex1_ordered")).findFirst()
                            .map(e -> "exercise " + manifest.number(e) + "'s task 2").orElse("the overlap tests") + ").\n";
        }
        List<Map.Entry<String, String>> all = new ArrayList<>(last.timelines().entrySet());
        Map.Entry<String, String> shown = all.get(timelineShown % all.size());
        timelineShown++;
        return " timeline of \"" + shown.getKey() + "\" in the last run:\n" + shown.getValue();
    }

    // ---------------------------------------------------------------- watching files

    /** Files saved within a short quiet spell, as one change. */
    private record Changes(Set<Path> files) {}

    private void startWatching() {
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path root : List.of(mainSources, testSources)) {
                registerTree(service, root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + mainSources + ": " + e.getMessage(), e);
        }
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    Set<Path> changed = new LinkedHashSet<>();
                    WatchKey key = service.take();
                    collect(service, key, changed);
                    // A save is often several events (truncate, write, rename): wait for a quiet 30 ms.
                    for (WatchKey more; (more = service.poll(30, TimeUnit.MILLISECONDS)) != null; ) {
                        collect(service, more, changed);
                    }
                    if (!changed.isEmpty()) {
                        events.add(new Changes(changed));
                    }
                }
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                // stopped
            }
        }, "watch-files");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void collect(WatchService service, WatchKey key, Set<Path> changed) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind().type() != Path.class) {
                continue;
            }
            Path file = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(file)) {
                try {
                    registerTree(service, file);
                } catch (IOException e) {
                    // not watched
                }
            } else if (file.getFileName().toString().endsWith(".java")) {
                changed.add(file);
            }
        }
        key.reset();
    }

    private static void registerTree(WatchService service, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path dir : walk.filter(Files::isDirectory).toList()) {
                dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            }
        }
    }

    /** The jars of this JVM's classpath: the tests' dependencies, without Maven's compiled project folders. */
    private static List<String> dependencies(Path project) {
        List<String> jars = new ArrayList<>();
        Path target = project.resolve("target");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank() && !Path.of(entry).toAbsolutePath().normalize().startsWith(target)) {
                jars.add(entry);
            }
        }
        return jars;
    }
}
