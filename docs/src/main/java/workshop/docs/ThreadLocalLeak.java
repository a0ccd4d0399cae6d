package workshop.docs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The practitioners' page: a {@code ThreadLocal} set by one pooled task and seen by the next, and the fix.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=ThreadLocalLeak}
 */
public final class ThreadLocalLeak {

    private ThreadLocalLeak() {}

    // tag::thread-local[]
    static final ThreadLocal<String> USER = new ThreadLocal<>();

    static String handle(String user) {
        if (user != null) {
            USER.set(user);                      // set for this request, and never removed
        }
        return "handled for " + (USER.get() == null ? "nobody" : USER.get());
    }
    // end::thread-local[]

    // tag::thread-local-fixed[]
    /** Runs {@code task} with {@code user} set, and always takes it away before the thread runs another task. */
    static <T> Callable<T> asUser(String user, Callable<T> task) {
        return () -> {
            USER.set(user);
            try {
                return task.call();
            } finally {
                USER.remove();                   // the next task on this thread starts clean
            }
        };
    }
    // end::thread-local-fixed[]

    public static void main(String[] args) throws Exception {
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            // tag::thread-local-leak[]
            Future<String> alice = pool.submit(() -> handle("alice"));
            Future<String> anonymous = pool.submit(() -> handle(null));   // an anonymous request, the same pooled thread
            // end::thread-local-leak[]
            System.out.println("leaky: " + alice.get() + ", then " + anonymous.get());
        }
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<String> alice = pool.submit(asUser("alice", () -> handle(null)));
            Future<String> anonymous = pool.submit(() -> handle(null));
            System.out.println("fixed: " + alice.get() + ", then " + anonymous.get());
        }
    }
}
