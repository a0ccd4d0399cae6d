package workshop.docs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The practitioners' page: a {@code ScopedValue} (final in JDK 25, JEP 506) for a request's context.
 * Needs JDK 25, so it is compiled by {@code Jdk25ProgramsTest}, not with the module; on its own:
 *
 * <p>{@code java docs/src/jdk25/java/workshop/docs/ScopedContext.java}
 */
public final class ScopedContext {

    private ScopedContext() {}

    // tag::scoped-value[]
    static final ScopedValue<String> USER = ScopedValue.newInstance();

    static String handle() {
        return "handled for " + (USER.isBound() ? USER.get() : "nobody");
    }
    // end::scoped-value[]

    public static void main(String[] args) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            // tag::scoped-value-pool[]
            ScopedValue.where(USER, "alice").call(() -> {
                System.out.println("in the request's thread: " + handle());
                System.out.println("in a pool thread:        " + pool.submit(ScopedContext::handle).get());
                String user = USER.get();                             // carry it over by hand
                System.out.println("bound again in the task: "
                        + pool.submit(() -> ScopedValue.where(USER, user).call(ScopedContext::handle)).get());
                return null;
            });
            System.out.println("after the request:       " + handle());   // unbound again, nothing to clean up
            // end::scoped-value-pool[]
        }
    }
}
