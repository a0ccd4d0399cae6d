package workshop.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.mockito.configuration.DefaultMockitoConfiguration;

/**
 * The proposed test-kit change, tried at run time: an (empty) {@code org.mockito.configuration.MockitoConfiguration}.
 *
 * <p>Mockito looks that class up by name the first time each thread calls a mock
 * ({@code GlobalConfiguration} keeps the answer in a ThreadLocal). When it is absent, every new thread
 * pays a failed {@code Class.forName}: a search of the whole classpath and an exception. With a fresh
 * virtual thread per call, that is every call. Once the class exists, the lookup finds the loaded
 * class at once. An empty subclass of {@link DefaultMockitoConfiguration} changes no behaviour.
 *
 * <p>{@link #install()} compiles that class and defines it in the application class loader, where
 * Mockito's {@code Class.forName} finds it. It cannot be undone, so the harness runs it after every
 * other measurement.
 */
public final class MockitoConfig {

    private static final String NAME = "org.mockito.configuration.MockitoConfiguration";
    private static final String SOURCE = """
            package org.mockito.configuration;
            public class MockitoConfiguration extends DefaultMockitoConfiguration {}
            """;

    private MockitoConfig() {}

    /** Whether the class is there (from the classpath, or installed). */
    public static boolean present() {
        try {
            Class.forName(NAME);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Compiles and defines the empty configuration class; returns false (and does nothing) without a compiler. */
    public static boolean install() throws IOException, IllegalAccessException {
        if (present()) {
            return true;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return false;
        }
        Path dir = Files.createTempDirectory("workshop-bench-mockito-config-");
        try {
            Path source = dir.resolve("MockitoConfiguration.java");
            Files.writeString(source, SOURCE);
            String mockito = Path.of(DefaultMockitoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            int status = javac.run(null, null, null, "-nowarn", "-cp", mockito, "-d", dir.toString(), source.toString());
            if (status != 0) {
                throw new IllegalStateException("javac failed to compile the empty MockitoConfiguration");
            }
            byte[] bytes = Files.readAllBytes(dir.resolve("org/mockito/configuration/MockitoConfiguration.class"));
            MethodHandles.privateLookupIn(DefaultMockitoConfiguration.class, MethodHandles.lookup()).defineClass(bytes);
            return true;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
