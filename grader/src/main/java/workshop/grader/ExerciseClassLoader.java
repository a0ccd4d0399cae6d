package workshop.grader;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import workshop.testkit.Manifest;

/**
 * Loads the classes of the exercise packages (the implementation under test and the hidden tests)
 * from its own class roots, before asking its parent; everything else (JUnit, Mockito, the test kit,
 * the API) comes from the parent. So one JVM can grade our solutions, the stubs and a learner's
 * submission side by side, each in a loader of its own, although all three define the same classes.
 *
 * <p>Its roots serve class files of the exercise packages and nothing else: a submission's code can
 * write files into its own class folder while it runs, and a {@code junit-platform.properties} or a
 * {@code META-INF/services} file there would otherwise be read by the next JUnit discovery (which
 * looks through the context class loader, this one) and could register an extension, listener or
 * engine of the submission's making. The {@code forged-by-listener} fixture tries exactly that.
 */
final class ExerciseClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Manifest manifest;

    /**
     * @param roots class folders or jars; earlier roots win, so put the hidden tests first and a
     *     submission can never replace one of them
     */
    ExerciseClassLoader(List<Path> roots, Manifest manifest, ClassLoader parent) {
        super("exercises", urls(roots), parent);
        this.manifest = manifest;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (manifest.owner(name).isEmpty()) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    // Shared API types of an exercise package (Outcome, Collected) live in the API jar.
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        // Child first for the exercise packages' class files too: ArchUnit reads them as resources.
        String className = name.endsWith(".class") ? name.substring(0, name.length() - 6).replace('/', '.') : "";
        if (!className.isEmpty() && manifest.owner(className).isPresent()) {
            URL own = findResource(name);
            if (own != null) {
                return own;
            }
        }
        return super.getResource(name);
    }

    @Override
    public URL findResource(String name) {
        return isExerciseClass(name) ? super.findResource(name) : null;
    }

    @Override
    public java.util.Enumeration<URL> findResources(String name) throws java.io.IOException {
        return isExerciseClass(name) ? super.findResources(name) : java.util.Collections.emptyEnumeration();
    }

    /** Whether {@code name} is the class file of a class of an exercise package. */
    private boolean isExerciseClass(String name) {
        if (!name.endsWith(".class")) {
            return false;
        }
        return manifest.owner(name.substring(0, name.length() - ".class".length()).replace('/', '.')).isPresent();
    }

    private static URL[] urls(List<Path> roots) {
        return roots.stream().map(root -> {
            try {
                return root.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a class root: " + root, e);
            }
        }).toArray(URL[]::new);
    }
}
