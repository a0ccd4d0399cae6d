package workshop.docs;

// preview: JDK 25 (StructuredTaskScope, JEP 505), compiled and run with --enable-preview

import java.util.Locale;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The practitioners' page: {@code StructuredTaskScope}, a preview API whose shape changed in JDK 25
 * (JEP 505: {@code StructuredTaskScope.open()} and joiners, where JDK 21 to 24 had
 * {@code new StructuredTaskScope.ShutdownOnFailure()}). Compiled and run by {@code Jdk25ProgramsTest}
 * with {@code --enable-preview} on JDK 25 only; on its own:
 *
 * <p>{@code java --enable-preview --source 25 docs/src/jdk25/java/workshop/docs/StructuredFetch.java}
 */
public final class StructuredFetch {

    private StructuredFetch() {}

    static final ScopedValue<String> USER = ScopedValue.newInstance();
    static final AtomicBoolean SLOW_CALL_INTERRUPTED = new AtomicBoolean();

    static String fetch(String what, long millis) throws InterruptedException {
        if (what.equals("broken")) {
            throw new IllegalStateException("the orders service answered 503");
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            SLOW_CALL_INTERRUPTED.set(true);
            throw e;
        }
        return what + " of " + USER.get();                     // forks see the scoped values of their scope
    }

    // tag::structured[]
    static String page(String ordersService) throws InterruptedException {
        try (var scope = StructuredTaskScope.open()) {          // every fork must succeed
            Subtask<String> profile = scope.fork(() -> fetch("profile", 100));
            Subtask<String> orders = scope.fork(() -> fetch(ordersService, 200));
            scope.join();                                       // the first failure cancels the other fork and throws
            return profile.get() + ", " + orders.get();
        }                                                       // no fork outlives the block
    }
    // end::structured[]

    public static void main(String[] args) throws Exception {
        ScopedValue.where(USER, "alice").call(() -> {
            long start = System.nanoTime();
            System.out.printf(Locale.ROOT, "both forks: %s (%.2f s)%n", page("orders"), (System.nanoTime() - start) / 1e9);
            return null;
        });
        ScopedValue.where(USER, "bob").call(() -> {
            try {
                page("broken");
            } catch (StructuredTaskScope.FailedException e) {
                System.out.println("one fork failed: " + e.getCause().getMessage() + "; the other was interrupted: "
                        + SLOW_CALL_INTERRUPTED.get());
            }
            return null;
        });
    }
}
