package workshop.grader.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import workshop.grader.cli.Grade;

/**
 * The worker's sealed module layer. The submission's classes run in the worker JVM beside the code
 * that judges them, and in the class path's unnamed module every package is open to every caller:
 * a submission could read the channel's key or JUnit's listeners by reflection and forge verdicts.
 * So the worker loads that code again, as named modules whose private packages are neither
 * exported nor open:
 *
 * <ul>
 *   <li>{@value #MODULE}: the runner, the worker, the test kit, the hidden tests' checks, read from the
 *       grader's own classes; it exports what the hidden tests use ({@link #EXPORTED}), never
 *       {@code workshop.grader.cli}, where the worker and its key live;
 *   <li>JUnit and opentest4j, from their real jars (with their own module descriptors), which travel
 *       inside the grader under {@value #RESOURCE}.
 * </ul>
 *
 * With {@code --sun-misc-unsafe-memory-access=deny}, {@code --illegal-native-access=deny}, the attach
 * mechanism disabled and no Java agent (see {@link Grade}), deep reflection into them fails with
 * {@code InaccessibleObjectException}. What stays possible is listed in docs/grading-safety.md.
 */
public final class SealedLayer {

    private SealedLayer() {}

    static final String MODULE = "workshop.grader.sealed";
    /** Where the JUnit and opentest4j jars are, among the grader's resources. */
    static final String RESOURCE = "workshop/sealed-modules/";
    /** The packages (and their subpackages) of {@value #MODULE}. */
    static final List<String> OURS = List.of("workshop.grader", "workshop.testkit");
    /** Not ours to seal: the Java 8 launcher. */
    static final List<String> LEFT_OUT = List.of("workshop.grader.launcher");
    /** What the hidden tests (and so anyone) may use; everything else stays private to the module. */
    static final List<String> EXPORTED = List.of("workshop.grader", "workshop.grader.protocol", "workshop.grader.checks",
            "workshop.testkit");

    /**
     * Builds the layer: {@value #MODULE} and the JUnit modules in {@code modules}, with one class loader
     * whose parent is the class path's, and the readability they need of the class path (Mockito,
     * AssertJ, ArchUnit, Jackson, the API) and of the JDK.
     */
    static ModuleLayer create(Path modules) throws IOException {
        ClassLoader classPath = SealedLayer.class.getClassLoader();
        ModuleFinder junit = ModuleFinder.of(modules);
        ModuleReference ours = ours(classPath);
        ModuleFinder finder = ModuleFinder.compose(single(ours), junit);
        Set<String> roots = new TreeSet<>();
        roots.add(MODULE);
        junit.findAll().forEach(m -> roots.add(m.descriptor().name()));
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), roots);
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration,
                List.of(ModuleLayer.boot()), classPath);
        ModuleLayer layer = controller.layer();
        Module sealed = layer.findModule(MODULE).orElseThrow();
        controller.addReads(sealed, classPath.getUnnamedModule());
        ModuleLayer.boot().modules().forEach(m -> controller.addReads(sealed, m));
        layer.modules().forEach(m -> {
            if (m != sealed) {
                controller.addReads(sealed, m);
            }
        });
        return layer;
    }

    /**
     * Puts the JUnit and opentest4j jars where a worker can read them: the folder they are in when
     * the grader runs from class folders, or a copy under {@code runFolder} when it runs from its jar.
     */
    public static Path modulesFolder(Path runFolder) throws IOException {
        Path self = codeSource(SealedLayer.class);
        if (Files.isDirectory(self)) {
            return self.resolve(RESOURCE);
        }
        Path folder = Files.createDirectories(runFolder.resolve("sealed-modules"));
        try (JarFile jar = new JarFile(self.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith(RESOURCE) && e.getName().endsWith(".jar")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, folder.resolve(entry.getName().substring(RESOURCE.length())), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return folder;
    }

    /** {@value #MODULE}: our packages, read through the class path's loader, exporting {@link #EXPORTED}. */
    private static ModuleReference ours(ClassLoader classPath) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path root : new java.util.LinkedHashSet<>(List.of(codeSource(SealedLayer.class), codeSource(workshop.testkit.Manifest.class)))) {
            packages.addAll(packages(root));
        }
        ModuleDescriptor.Builder builder = ModuleDescriptor.newModule(MODULE).packages(packages)
                .provides("java.util.function.Consumer", List.of(Worker.class.getName()));
        EXPORTED.stream().filter(packages::contains).forEach(builder::exports);
        ModuleDescriptor descriptor = builder.build();
        return new ModuleReference(descriptor, codeSource(SealedLayer.class).toUri()) {
            @Override
            public ModuleReader open() {
                return new ModuleReader() {
                    @Override
                    public Optional<URI> find(String name) throws IOException {
                        URL url = classPath.getResource(name);
                        try {
                            return url == null ? Optional.empty() : Optional.of(url.toURI());
                        } catch (URISyntaxException e) {
                            throw new IOException(e);
                        }
                    }

                    @Override
                    public Optional<InputStream> open(String name) {
                        return Optional.ofNullable(classPath.getResourceAsStream(name));
                    }

                    @Override
                    public Stream<String> list() {
                        return Stream.empty();
                    }

                    @Override
                    public void close() {}
                };
            }
        };
    }

    /** The packages of ours under {@code root} (a class folder or a jar). */
    static Set<String> packages(Path root) throws IOException {
        Stream<String> classes;
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                classes = walk.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/')).toList().stream();
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList().stream();
            }
        }
        return classes.filter(n -> n.contains("/") && !n.startsWith("META-INF/"))
                .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                .filter(p -> OURS.stream().anyMatch(o -> p.equals(o) || p.startsWith(o + ".")))
                .filter(p -> LEFT_OUT.stream().noneMatch(o -> p.equals(o) || p.startsWith(o + ".")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ModuleFinder single(ModuleReference reference) {
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(reference.descriptor().name()) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot locate " + type, e));
        }
    }
}
