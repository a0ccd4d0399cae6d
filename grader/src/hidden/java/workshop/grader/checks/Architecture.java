package workshop.grader.checks;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.ClassReader;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.ClassVisitor;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Label;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.MethodVisitor;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Opcodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/** ArchUnit rules that express the lessons of the pool exercises, checked on the learner's classes. */
public final class Architecture {

    private Architecture() {}

    /** The learner's compiled classes in the package of {@code type} (not the hidden tests). */
    public static JavaClasses classesBeside(Class<?> type) {
        Path packageDir = packageDir(type);
        // Only the learner's classes are checked, and the rules name the JDK types they look for, so
        // there is no need to resolve every JDK class those classes mention from the class path:
        // that resolution was about a quarter of a grading's CPU time.
        return ArchConfiguration.withThreadLocalScope(config -> {
            config.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().importPath(packageDir);
        });
    }

    /** The folder of the learner's compiled classes in the package of {@code type}. */
    private static Path packageDir(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(type.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The learner's classes beside {@code type} whose static initializer reads
     * {@code Runtime.availableProcessors()}: a core count kept in a static field, read once when the
     * class loads, although a container's CPU limit can change while the JVM runs.
     */
    public static List<String> readTheCoresOnce(Class<?> type) {
        return classesBeside(type).stream()
                .filter(c -> c.getStaticInitializer().map(init -> init.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTarget().getOwner().getFullName().equals(Runtime.class.getName())
                                && call.getTarget().getName().equals("availableProcessors")))
                        .orElse(false))
                .map(JavaClass::getSimpleName)
                .sorted()
                .toList();
    }

    /** Tasks that wait for a permit give up when they are interrupted. */
    public static final ArchRule NO_UNINTERRUPTIBLE_ACQUIRE = noClasses()
            .should().callMethodWhere(target(owner(assignableTo(Semaphore.class)))
                    .and(target(nameMatching("acquireUninterruptibly"))))
            .as("no class should wait for a permit with Semaphore.acquireUninterruptibly()")
            .because("when the caller is interrupted, cancel(true) interrupts the tasks still waiting for a"
                    + " permit, and they must give up at once; acquireUninterruptibly() ignores that interrupt, so"
                    + " they wait on and make their calls after callAll was told to stop. Use acquire(), before the try")
            .allowEmptyShould(true);

    /**
     * The methods (lambdas included) of the learner's classes beside {@code type} that call
     * {@link Semaphore#acquire()} inside a {@code try} whose {@code finally} releases a permit
     * unconditionally: if that wait is interrupted, the {@code finally} gives back a permit that was
     * never taken, and the cap grows by one for every interrupted wait. A {@code finally} that
     * releases only under a condition ({@code if (acquired) permits.release();}) is not listed.
     *
     * <p>Read from the bytecode: a catch-any handler (what {@code finally} compiles to) whose range
     * covers the {@code acquire} call and whose code, before any jump, calls {@code release}.
     */
    public static List<String> acquiresInsideTheTryThatReleases(Class<?> type) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDir(type))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                new ClassReader(Files.readAllBytes(file)).accept(new ClassVisitor(Opcodes.ASM9) {
                    private String className;

                    @Override
                    public void visit(int version, int access, String name, String signature, String superName,
                            String[] interfaces) {
                        className = name.substring(name.lastIndexOf('/') + 1);
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                            String[] exceptions) {
                        return new PermitFinallyFinder(() -> found.add(className + "." + name));
                    }
                }, ClassReader.SKIP_FRAMES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.stream().distinct().toList();
    }

    /** Finds, in one method, a {@code finally} that releases a permit around the {@code acquire} it covers. */
    private static final class PermitFinallyFinder extends MethodVisitor {
        private static final String SEMAPHORE = "java/util/concurrent/Semaphore";

        /** The method's code in order: a Label where one was visited, else "acquire", "release", "jump" or "other". */
        private final List<Object> code = new ArrayList<>();
        private final List<Label[]> finallyBlocks = new ArrayList<>();
        private final Runnable onFound;

        PermitFinallyFinder(Runnable onFound) {
            super(Opcodes.ASM9);
            this.onFound = onFound;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type == null) {
                finallyBlocks.add(new Label[] {start, end, handler});
            }
        }

        @Override
        public void visitLabel(Label label) {
            code.add(label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean semaphore = owner.equals(SEMAPHORE);
            code.add(semaphore && name.equals("acquire") ? "acquire" : semaphore && name.equals("release") ? "release" : "other");
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            code.add("jump");
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            code.add("jump");
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            code.add("jump");
        }

        @Override
        public void visitInsn(int opcode) {
            boolean ends = opcode == Opcodes.ATHROW || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN);
            code.add(ends ? "jump" : "other");
        }

        @Override
        public void visitEnd() {
            Map<Label, Integer> at = new HashMap<>();
            for (int i = 0; i < code.size(); i++) {
                if (code.get(i) instanceof Label label) {
                    at.put(label, i);
                }
            }
            for (Label[] block : finallyBlocks) {
                boolean coversAcquire = code.subList(at.get(block[0]), at.get(block[1])).contains("acquire");
                if (coversAcquire && releasesBeforeAnyJump(at.get(block[2]))) {
                    onFound.run();
                    return;
                }
            }
        }

        private boolean releasesBeforeAnyJump(int from) {
            for (Object step : code.subList(from, code.size())) {
                if ("release".equals(step)) {
                    return true;
                }
                if ("jump".equals(step)) {
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Pool work goes through an executor: no thread started by hand. Building the pool's threads is
     * fine: a {@code ThreadFactory} handed to an executor ({@code Thread.ofVirtual().name("w-", 0).factory()},
     * {@code Thread.ofPlatform().factory()}, or a class of your own whose {@code newThread} calls
     * {@code new Thread(r)}) creates threads that the executor starts, sizes and shuts down. What
     * the rule forbids is starting them yourself: {@code Thread.start()}, {@code Thread.startVirtualThread},
     * and a builder's {@code start(..)} or {@code unstarted(..)} (a thread nobody's pool will start).
     */
    public static final ArchRule NO_RAW_THREADS = noClasses()
            .should().callMethodWhere(target(owner(assignableTo(Thread.class)))
                    .and(target(nameMatching("start|startVirtualThread"))))
            .orShould().callMethodWhere(target(owner(nameMatching("java\\.lang\\.Thread\\$Builder.*")))
                    .and(target(nameMatching("start|unstarted"))))
            .as("no class should start threads itself (Thread.start(), Thread.startVirtualThread,"
                    + " Thread.Builder.start or unstarted)")
            .because("this exercise is about executors: a pool you size, submit to and shut down."
                    + " Use Executors.newFixedThreadPool(...) instead of creating threads yourself and starting them;"
                    + " a thread factory handed to the pool (Thread.ofVirtual().factory(), a ThreadFactory of your"
                    + " own) is fine")
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
