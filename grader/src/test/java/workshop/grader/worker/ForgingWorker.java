package workshop.grader.worker;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import workshop.grader.TestResult;
import workshop.grader.protocol.Protocol;

/**
 * A worker that holds the key and lies with it: what a submission that read the worker's memory
 * (the one attack the JDK cannot stop) could send. It speaks the grader's protocol as the real
 * worker does, then sends the events of the scenario named by {@code -Dforge=...}.
 */
public final class ForgingWorker {

    private ForgingWorker() {}

    public static void main(String[] args) throws Exception {
        InputStream in = new FileInputStream(FileDescriptor.in);
        String socket = line(in);
        Protocol.Header header = Protocol.JSON.readValue(line(in), Protocol.Header.class);
        var connection = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket));
        Channel.Writer log = new Channel.Writer(HexFormat.of().parseHex(header.key()),
                java.nio.channels.Channels.newOutputStream(connection));
        log.write(new Protocol.Ready(1, Runtime.version().toString()));
        log.write(new Protocol.Compiled(new Protocol.Compilation(List.of(),
                List.of(new Protocol.Unit("ex1_ordered", List.of("workshop/ex1_ordered/OrderedMap.java"), List.of(), "")), 1)));
        log.write(new Protocol.Linked(java.util.Map.of()));
        String first = "OrderedMapHiddenTest#resultsInInputOrder";
        String second = "OrderedMapHiddenTest#runsConcurrently";
        switch (System.getProperty("forge")) {
            case "unknown-test" -> {
                log.write(new Protocol.Started("ex1_ordered", "OrderedMapHiddenTest#bonus", 0));
                log.write(finished("OrderedMapHiddenTest#bonus", 50));
            }
            case "second-verdict" -> {
                log.write(new Protocol.Started("ex1_ordered", first, 0));
                log.write(finished(first, 3));
                log.write(finished(first, 3));
            }
            case "verdict-before-start" -> log.write(finished(second, 3));
            case "other-test-than-started" -> {
                log.write(new Protocol.Started("ex1_ordered", first, 0));
                log.write(finished(second, 3));
            }
            case "inflated-points" -> {
                // Every planned test passed, each claiming 50 points: the grader's own points count.
                for (var test : new workshop.grader.HiddenTestRunner().plan(List.of("ex1_ordered"))) {
                    log.write(new Protocol.Started("ex1_ordered", test.test().id(), 0));
                    log.write(finished(test.test().id(), 50));
                }
            }
            default -> throw new IllegalArgumentException("no scenario " + System.getProperty("forge"));
        }
        log.write(new Protocol.Done(1));
        Runtime.getRuntime().halt(0);
    }

    private static Protocol.Finished finished(String testId, int points) {
        return new Protocol.Finished(new TestResult(new workshop.grader.HiddenTest("ex1_ordered", testId, testId, points), true, ""), false, 1,
                Protocol.Output.NONE);
    }

    private static String line(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n' && b >= 0; ) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
