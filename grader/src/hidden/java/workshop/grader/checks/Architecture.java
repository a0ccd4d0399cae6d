package workshop.grader.checks;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/** ArchUnit rules that express the lessons of the pool exercises, checked on the learner's classes. */
public final class Architecture {

    private Architecture() {}

    /** The learner's compiled classes in the package of {@code type} (not the hidden tests). */
    public static JavaClasses classesBeside(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path packageDir = root.resolve(type.getPackageName().replace('.', '/'));
            // Only the learner's classes are checked, and the rules name the JDK types they look for, so
            // there is no need to resolve every JDK class those classes mention from the class path:
            // that resolution was about a quarter of a grading's CPU time.
            return ArchConfiguration.withThreadLocalScope(config -> {
                config.setResolveMissingDependenciesFromClassPath(false);
                return new ClassFileImporter().importPath(packageDir);
            });
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pool work goes through an executor: no hand-made threads. */
    public static final ArchRule NO_RAW_THREADS = noClasses()
            .should().callConstructorWhere(target(owner(assignableTo(Thread.class))))
            .orShould().callMethodWhere(target(owner(assignableTo(Thread.class)))
                    .and(target(nameMatching("ofPlatform|ofVirtual|startVirtualThread"))))
            .because("this exercise is about executors: a pool you size, submit to and shut down."
                    + " Use Executors.newFixedThreadPool(...) instead of creating threads yourself")
            .allowEmptyShould(true);

    /** Blocking calls stay off the shared ForkJoin pool. */
    public static final ArchRule NO_COMMON_POOL = noClasses()
            .should().callMethodWhere(target(nameMatching("parallelStream|parallel")))
            .orShould().callMethod(ForkJoinPool.class, "commonPool")
            .orShould().callMethod(CompletableFuture.class, "supplyAsync", Supplier.class)
            .orShould().callMethod(CompletableFuture.class, "runAsync", Runnable.class)
            .because("parallel streams and one-argument supplyAsync/runAsync run on ForkJoinPool.commonPool(),"
                    + " which has only (cores - 1) threads and is shared by the whole JVM: blocking calls there"
                    + " neither respect maxWorkers nor leave the pool to others. Submit to your own executor")
            .allowEmptyShould(true);
}
