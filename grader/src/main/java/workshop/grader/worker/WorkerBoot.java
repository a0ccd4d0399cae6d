package workshop.grader.worker;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The worker JVM's main class. Before any of the submission's code can run, it reads the grader's
 * first two lines from stdin (where the grader listens, then the job and this worker's key), connects
 * to the grader there for the event channel ({@link Channel}), loads the runner, the test kit and JUnit as named modules of a layer of their own
 * ({@link SealedLayer}), and hands all of it to the {@link Worker} inside that layer. It keeps none
 * of it: no field of this class ever holds the key.
 *
 * <pre>java ... -cp grader.jar workshop.grader.worker.WorkerBoot MODULES_FOLDER</pre>
 */
public final class WorkerBoot {

    /** The longest first line the grader writes (the job: a compilation's diagnostics can be long). */
    private static final int MAX_HEADER = 16 << 20;

    private WorkerBoot() {}

    public static void main(String[] args) {
        PrintStream console = System.err;
        if (args.length != 1) {
            console.println("usage: WorkerBoot MODULES_FOLDER (the grader starts this; run 'grade --help' instead)");
            System.exit(2);
        }
        try {
            InputStream stdin = new FileInputStream(FileDescriptor.in);
            String socket = firstLine(stdin);
            String header = firstLine(stdin);
            java.nio.channels.SocketChannel connection = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(socket));
            java.io.OutputStream channel = java.nio.channels.Channels.newOutputStream(connection);
            ModuleLayer layer = SealedLayer.create(Path.of(args[0]));
            @SuppressWarnings("unchecked")
            Consumer<Object[]> worker = ServiceLoader.load(layer, Consumer.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the sealed layer provides no worker")).get();
            worker.accept(new Object[] {header, channel, stdin, console});
        } catch (Throwable t) {
            console.println("internal error in the grading worker: " + t);
            t.printStackTrace(console);
            console.flush();
            Runtime.getRuntime().halt(70);
        }
    }

    /** Reads up to the first newline, byte by byte: what follows it is the gate's. */
    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || line.size() >= MAX_HEADER) {
                throw new IOException("the grader's first line did not arrive");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
