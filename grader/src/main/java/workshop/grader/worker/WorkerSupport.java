package workshop.grader.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Supplier;
import workshop.grader.protocol.Protocol;

/** The pieces of the worker JVM that watch the submission: its output, its threads. */
final class WorkerSupport {

    private WorkerSupport() {}

    /**
     * Stands in for System.out and System.err: counts what each test prints and keeps the first
     * bytes of it, so a submission that floods its output costs some CPU, never the grader's memory
     * or disk.
     */
    static final class OutputCapture extends OutputStream {
        private final int keep;
        private byte[] head = new byte[0];
        private int headLength;
        private long bytes;

        OutputCapture(int keep) {
            this.keep = keep;
        }

        static OutputCapture install(int keep) {
            OutputCapture capture = new OutputCapture(keep);
            java.io.PrintStream stream = new java.io.PrintStream(capture, true, StandardCharsets.UTF_8);
            System.setOut(stream);
            System.setErr(stream);
            System.setIn(java.io.InputStream.nullInputStream()); // the gate is the worker's; FileDescriptor.in is not closed
            return capture;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes += len;
            int room = keep - headLength;
            if (room > 0) {
                int n = Math.min(room, len);
                if (head.length < headLength + n) {
                    head = Arrays.copyOf(head, Math.min(keep, Math.max(headLength + n, head.length * 2 + 256)));
                }
                System.arraycopy(b, off, head, headLength, n);
                headLength += n;
            }
        }

        /** What was printed since the last call, and starts counting afresh. */
        synchronized Protocol.Output take() {
            Protocol.Output output = bytes == 0 ? Protocol.Output.NONE
                    : new Protocol.Output(bytes, new String(head, 0, headLength, StandardCharsets.UTF_8));
            head = new byte[0];
            headLength = 0;
            bytes = 0;
            return output;
        }
    }

    /**
     * Stops the worker when the submission starts more platform threads or child processes than
     * allowed (a thread bomb, a fork bomb), before the machine suffers: it polls the live thread
     * count every 25 ms and the child processes every 500 ms.
     */
    static void startWatchdog(int maxThreads, int maxProcesses, Channel.Writer log, Supplier<String> currentTest) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread.ofPlatform().daemon().name("grader-watchdog").priority(Thread.MAX_PRIORITY).start(() -> {
            for (long tick = 0; ; tick++) {
                int live = threads.getThreadCount();
                if (live > maxThreads) {
                    log.write(new Protocol.Limit("threads", live, maxThreads, currentTest.get()));
                    Runtime.getRuntime().halt(Protocol.EXIT_LIMIT);
                }
                if (tick % 20 == 0) {
                    long children = ProcessHandle.current().descendants().count();
                    if (children > maxProcesses) {
                        log.write(new Protocol.Limit("processes", children, maxProcesses, currentTest.get()));
                        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                        Runtime.getRuntime().halt(Protocol.EXIT_LIMIT);
                    }
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** {@code Class.method(File.java:12)}, without the class loader's name. */
    static String frame(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName() + "(" + (e.getFileName() == null ? "?" : e.getFileName())
                + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "") + ")";
    }

    /** The frame that called {@code System.exit}/{@code Runtime.exit}, found on the thread that is exiting. */
    static String exitCaller() {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (int i = stack.length - 1; i >= 0; i--) {
                StackTraceElement frame = stack[i];
                boolean exit = frame.getMethodName().equals("exit")
                        && (frame.getClassName().equals("java.lang.Runtime") || frame.getClassName().equals("java.lang.System"));
                if (exit) {
                    int caller = i + 1;
                    while (caller < stack.length && stack[caller].getClassName().startsWith("java.lang.")
                            && stack[caller].getMethodName().equals("exit")) {
                        caller++;
                    }
                    return caller < stack.length ? frame(stack[caller]) : "unknown";
                }
            }
        }
        return "unknown";
    }
}
