package workshop.grader.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    @DisplayName("a zombie (ended, not yet collected by its parent) is not running, though the JDK calls it alive;"
            + " a live process is running, and kill() ends a tree at once")
    void zombiesAreNotRunning() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only: /proc");
        // The shell starts a short child, then becomes a sleep that never collects it: a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 30").start();
        try {
            ProcessHandle child = awaitChild(parent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (state(child) != 'Z' && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(state(child)).as("state of the uncollected child").isEqualTo('Z');
            assertThat(child.isAlive()).as("the JDK's view of the zombie").isTrue();
            assertThat(ProcessTree.running(child)).as("our view of the zombie").isFalse();
            assertThat(ProcessTree.running(parent.toHandle())).as("the sleeping parent").isTrue();

            long start = System.nanoTime();
            ProcessTree.kill(parent);
            assertThat(ProcessTree.running(parent.toHandle())).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("milliseconds to kill a process with a zombie child (the JDK's onExit alone waited over a second)")
                    .isLessThan(1000);
        } finally {
            parent.destroyForcibly();
        }
    }

    private static ProcessHandle awaitChild(Process parent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> children = parent.children().toList();
            if (!children.isEmpty()) {
                return children.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("sh started no child within 10 s");
    }

    private static char state(ProcessHandle p) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
