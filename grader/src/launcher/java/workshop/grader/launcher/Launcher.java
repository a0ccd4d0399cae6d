package workshop.grader.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grader jar's entry point, compiled for Java 8 so that {@code java -jar grader.jar} starts on
 * any Java: on a JDK 21+ it runs the grader at once; on an older Java (a default java of 17 is common)
 * it finds a JDK 21+ where Maven's toolchains plugin looks for one (the build's way), and runs the
 * grader with it; if there is none, it says so and what to install, with exit status 3.
 */
public final class Launcher {

    static final int WANTED = 21;
    private static final String GRADE = "workshop.grader.cli.Grade";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (feature(System.getProperty("java.specification.version")) >= WANTED && hasCompiler()) {
            Method main = Class.forName(GRADE).getMethod("main", String[].class);
            main.invoke(null, (Object) args);
            return;
        }
        List<String> looked = new ArrayList<>();
        String java = findJava(looked);
        if (java == null) {
            System.err.println("grade needs a JDK " + WANTED + " or newer (a full JDK: the grader compiles the submissions),"
                    + " and this machine has none where the build looks for one.");
            System.err.println("This is Java " + System.getProperty("java.version") + " at " + System.getProperty("java.home") + ".");
            System.err.println("Looked at: " + String.join(", ", looked));
            System.err.println("Install one (e.g. 'apt install openjdk-21-jdk', or Temurin from adoptium.net) or point"
                    + " JAVA_HOME at one, then run grade again.");
            System.exit(3);
        }
        List<String> command = new ArrayList<String>();
        command.add(java);
        command.add("-cp");
        command.add(ownJar());
        command.add(GRADE);
        command.addAll(Arrays.asList(args));
        final Process grader = new ProcessBuilder(command).inheritIO().start();
        // Ctrl-C reaches both JVMs; let the grader clean up its workers before this one ends.
        Runtime.getRuntime().addShutdownHook(new Thread() {
            @Override
            public void run() {
                try {
                    grader.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.exit(grader.waitFor());
    }

    private static boolean hasCompiler() {
        try {
            return javax.tools.ToolProvider.getSystemJavaCompiler() != null;
        } catch (Throwable t) {
            return false;
        }
    }

    private static String ownJar() throws URISyntaxException {
        return new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    }

    /**
     * The {@code bin/java} of the newest JDK 21+ (with {@code javac}) found where Maven's toolchains
     * plugin looks: JAVA_HOME, JAVA{N}_HOME, the {@code java} on the PATH, Maven's toolchains files and
     * discovery cache, and the usual install folders. JAVA_HOME wins when it is new enough.
     */
    static String findJava(List<String> looked) {
        Set<File> homes = new LinkedHashSet<File>();
        Map<String, String> env = System.getenv();
        String home = System.getProperty("user.home");
        addHome(homes, env.get("JAVA_HOME"));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().matches("JAVA\\d+_HOME|JDK\\d+_HOME|JDK_HOME")) {
                addHome(homes, e.getValue());
            }
        }
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File java = new File(dir, isWindows() ? "java.exe" : "java");
                if (java.isFile()) {
                    try {
                        addHome(homes, java.getCanonicalFile().getParentFile().getParent());
                    } catch (IOException e) {
                        // Unreadable: skip it.
                    }
                }
            }
        }
        for (String file : new String[] {home + "/.m2/toolchains.xml", home + "/.m2/discovered-jdk-toolchains-cache.xml"}) {
            try {
                String xml = new String(Files.readAllBytes(new File(file).toPath()), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("<jdkHome>\\s*([^<]+?)\\s*</jdkHome>").matcher(xml);
                while (m.find()) {
                    addHome(homes, m.group(1));
                }
            } catch (IOException e) {
                // No such file.
            }
        }
        String[] parents = {"/usr/lib/jvm", "/usr/java", "/usr/local/java", "/opt/java", "/opt", "/usr/jdk",
            home + "/.sdkman/candidates/java", home + "/.jdks", home + "/.gradle/jdks", home + "/.m2/jdks",
            home + "/.asdf/installs/java", home + "/.local/share/mise/installs/java", "/Library/Java/JavaVirtualMachines",
            home + "/Library/Java/JavaVirtualMachines", "/usr/local/opt", "/opt/homebrew/opt",
            "C:\\Program Files\\Java", "C:\\Program Files\\Eclipse Adoptium", "C:\\Program Files\\Microsoft",
            "C:\\Program Files\\Zulu", "C:\\Program Files\\Amazon Corretto"};
        for (String parent : parents) {
            File[] children = new File(parent).listFiles();
            if (children != null) {
                Arrays.sort(children);
                for (File child : children) {
                    addHome(homes, child.getPath());
                    addHome(homes, new File(child, "Contents/Home").getPath());
                    addHome(homes, new File(child, "libexec/openjdk.jdk/Contents/Home").getPath());
                }
            }
        }
        File[] toolcache = new File("/opt/hostedtoolcache").listFiles(); // GitHub Actions runners
        if (toolcache != null) {
            for (File tool : toolcache) {
                File[] versions = tool.getName().startsWith("Java_") ? tool.listFiles() : null;
                if (versions != null) {
                    for (File v : versions) {
                        addHome(homes, new File(v, "x64").getPath());
                        addHome(homes, new File(v, "arm64").getPath());
                    }
                }
            }
        }

        String best = null;
        int bestVersion = 0;
        String javaHome = env.get("JAVA_HOME");
        for (File candidate : homes) {
            File java = new File(candidate, isWindows() ? "bin/java.exe" : "bin/java");
            File javac = new File(candidate, isWindows() ? "bin/javac.exe" : "bin/javac");
            if (!java.isFile() || !javac.isFile()) {
                continue;
            }
            int version = version(candidate, java);
            looked.add(candidate + " (" + (version == 0 ? "unknown version" : "Java " + version) + ")");
            boolean preferred = javaHome != null && new File(javaHome).equals(candidate) && version >= WANTED;
            if (preferred) {
                return java.getPath();
            }
            if (version >= WANTED && version > bestVersion) {
                best = java.getPath();
                bestVersion = version;
            }
        }
        if (looked.isEmpty()) {
            looked.add("JAVA_HOME (" + (javaHome == null ? "unset" : javaHome) + "), the PATH, Maven's toolchains,"
                    + " /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks and the other usual places: no JDK at all");
        }
        return best;
    }

    private static void addHome(Set<File> homes, String dir) {
        if (dir == null || dir.trim().isEmpty()) {
            return;
        }
        File file = new File(dir.trim());
        try {
            file = file.getCanonicalFile();
        } catch (IOException e) {
            // Keep it as given.
        }
        if (new File(file, "bin").isDirectory()) {
            homes.add(file);
        }
    }

    /** The feature release of the JDK at {@code home}, from its {@code release} file, else from {@code java -version}. */
    private static int version(File home, File java) {
        try {
            for (String line : Files.readAllLines(new File(home, "release").toPath(), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return feature(line.substring("JAVA_VERSION=".length()).replace("\"", ""));
                }
            }
        } catch (IOException e) {
            // No release file: ask the JVM.
        }
        try {
            Process p = new ProcessBuilder(java.getPath(), "-version").redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            while (in.readLine() != null) {
                // drain
            }
            p.waitFor();
            Matcher m = first == null ? null : Pattern.compile("\"([^\"]+)\"").matcher(first);
            return m != null && m.find() ? feature(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** 17 for "17.0.15", 8 for "1.8.0_392", 25 for "25". */
    static int feature(String version) {
        if (version == null) {
            return 0;
        }
        String[] parts = version.trim().split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
