package workshop.grader.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.protocol.Protocol;

/** The channel passes on this worker's events in order, and nothing else. */
class ChannelTest {

    @TempDir
    Path dir;

    /** What the grader's end makes of {@code bytes}, sent by a worker of key {@code key}. */
    private List<Channel.Item> read(byte[] key, byte[] bytes) throws Exception {
        Path socket = dir.resolve("c" + System.nanoTime());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Channel.Reader reader = new Channel.Reader(key, server, 1024, "test-reader");
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Channels.newOutputStream(client).write(bytes);
        }
        reader.awaitEnd(5000);
        return reader.poll();
    }

    private static byte[] signed(byte[] key, Protocol.Event... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Channel.Writer writer = new Channel.Writer(key, out);
        for (Protocol.Event e : events) {
            writer.write(e);
        }
        return out.toByteArray();
    }

    @Test
    @DisplayName("signed, numbered events arrive as they were sent")
    void roundTrip() throws Exception {
        byte[] key = Channel.newKey();
        List<Channel.Item> items = read(key, signed(key, new Protocol.Ready(5, "25"), new Protocol.Done(7)));
        assertThat(items).containsExactly(new Channel.Accepted(new Protocol.Ready(5, "25")),
                new Channel.Accepted(new Protocol.Done(7)));
    }

    @Test
    @DisplayName("a line signed with another key, a repeated line and a malformed one are forgeries, and end the trust")
    void forgeries() throws Exception {
        byte[] key = Channel.newKey();
        assertThat(read(key, signed(Channel.newKey(), new Protocol.Done(1))))
                .singleElement().isInstanceOfSatisfying(Channel.Forged.class,
                        f -> assertThat(f.why()).contains("not signed with this worker's key"));

        byte[] once = signed(key, new Protocol.Done(1));
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(once);
        twice.write(once);
        twice.write(signed(key, new Protocol.Ready(1, "x"), new Protocol.Done(2))); // numbered 0, 1 again
        List<Channel.Item> replayed = read(key, twice.toByteArray());
        assertThat(replayed).hasSize(2);
        assertThat(replayed.get(0)).isInstanceOf(Channel.Accepted.class);
        assertThat(replayed.get(1)).isInstanceOfSatisfying(Channel.Forged.class,
                f -> assertThat(f.why()).contains("event 0 where event 1 was due"));

        assertThat(read(key, "#grader zero mac {}\n".getBytes(StandardCharsets.UTF_8)))
                .singleElement().isInstanceOf(Channel.Forged.class);
    }

    @Test
    @DisplayName("an endless line is never held whole: past 4 MB it is a forgery, and the reader's memory stays bounded")
    void endlessLine() throws Exception {
        byte[] key = Channel.newKey();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("#grader 0 ".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[Channel.MAX_LINE + 1024]);
        out.write('\n');
        List<Channel.Item> items = new ArrayList<>(read(key, out.toByteArray()));
        assertThat(items).singleElement().isInstanceOfSatisfying(Channel.Forged.class,
                f -> assertThat(f.why()).contains("longer than 4 MB"));
    }
}
