package workshop.grader;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import workshop.testkit.Manifest;

/**
 * The hidden tests of one exercise read as class files (with ArchUnit), without loading them: what
 * each test method is worth and called, and which members of the learner's classes it uses, so the
 * grader can list the tests before any learner code runs and tell "signature changed" apart from a
 * wrong answer before running anything.
 */
final class HiddenTestIndex {

    private static final String POINTS = Points.class.getName();
    private static final String LEADERBOARD = Leaderboard.class.getName();
    private static final String DISPLAY_NAME = "org.junit.jupiter.api.DisplayName";

    private final Manifest manifest;
    private final List<String> hiddenClassNames;
    private final JavaClasses classes;

    private HiddenTestIndex(Manifest manifest, List<String> hiddenClassNames, JavaClasses classes) {
        this.manifest = manifest;
        this.hiddenClassNames = hiddenClassNames;
        this.classes = classes;
    }

    /** Reads the hidden test classes of {@code exercise} from {@code hiddenRoot} (a class folder or jar). */
    static HiddenTestIndex of(Manifest manifest, Manifest.Exercise exercise, Path hiddenRoot, List<String> hiddenClassNames) {
        List<String> own = hiddenClassNames.stream().filter(exercise::owns).toList();
        String packagePath = exercise.javaPackage().replace('.', '/') + "/";
        Location location = Files.isDirectory(hiddenRoot)
                ? Location.of(hiddenRoot.resolve(packagePath))
                : Location.of(URI.create("jar:" + hiddenRoot.toUri() + "!/" + packagePath));
        // Only the hidden test classes themselves: what they refer to is checked by reflection later, so
        // ArchUnit need not chase it through the classpath (which would cost a second or more).
        JavaClasses imported = com.tngtech.archunit.ArchConfiguration.withThreadLocalScope(config -> {
            config.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter()
                    .withImportOption(loc -> own.stream().anyMatch(name -> loc.contains(name.replace('.', '/'))))
                    .importLocations(List.of(location));
        });
        return new HiddenTestIndex(manifest, own, imported);
    }

    /** The hidden test methods (those with {@code @Points}), class by class, in the order they are written. */
    List<HiddenTestRunner.PlannedTest> plan() {
        List<HiddenTestRunner.PlannedTest> planned = new ArrayList<>();
        for (JavaClass type : topLevelTests()) {
            List<HiddenTestRunner.PlannedTest> own = new ArrayList<>();
            Map<String, Integer> lines = new java.util.HashMap<>();
            Manifest.Exercise exercise = manifest.owner(type.getName()).orElseThrow();
            String exerciseId = exercise.id();
            for (JavaMethod method : type.getMethods()) {
                Optional<Object> points = method.tryGetAnnotationOfType(POINTS).flatMap(a -> a.get("value"));
                if (points.isEmpty()) {
                    continue;
                }
                String name = method.tryGetAnnotationOfType(DISPLAY_NAME).flatMap(a -> a.get("value"))
                        .map(Object::toString).orElse(method.getName() + "()");
                var board = method.tryGetAnnotationOfType(LEADERBOARD);
                var test = new HiddenTestRunner.PlannedTest(
                        new HiddenTest(exerciseId, type.getSimpleName() + "#" + method.getName(), name,
                                ((Number) points.get()).intValue()),
                        board.flatMap(a -> a.get("value")).map(column -> "Exercise " + manifest.number(exercise) + ": " + column)
                                .orElse(null),
                        board.map(a -> a.get("order").map(Object::toString).orElse("asc")).orElse(null));
                own.add(test);
                lines.put(test.test().id(), method.getSourceCodeLocation().getLineNumber());
            }
            own.sort(Comparator.comparing((HiddenTestRunner.PlannedTest p) -> lines.get(p.test().id()))
                    .thenComparing(p -> p.test().id()));
            planned.addAll(own);
        }
        return planned;
    }

    /**
     * For each hidden test method that uses a member of the learner's classes that is missing or
     * declared differently from the stub, what is wrong with it, e.g. {@code "OrderedMap.map(List,
     * BlockingCall, int) is missing or its signature changed (yours: map(List, BlockingCall, long))"}.
     * Tests that link fine are absent.
     *
     * @param loader the loader that will run the tests: the submission's classes, child first
     */
    Map<String, List<String>> linkProblems(ClassLoader loader) {
        Map<String, Optional<String>> checked = new LinkedHashMap<>();
        Map<String, List<String>> byTest = new LinkedHashMap<>();
        for (JavaClass type : topLevelTests()) {
            for (JavaMethod method : type.getMethods()) {
                if (!method.isAnnotatedWith(POINTS)) {
                    continue;
                }
                Set<String> problems = new LinkedHashSet<>();
                for (AccessTarget target : targetsReachedFrom(type, method)) {
                    String key = target.getFullName();
                    checked.computeIfAbsent(key, k -> problem(target, loader)).ifPresent(problems::add);
                }
                if (!problems.isEmpty()) {
                    byTest.put(type.getSimpleName() + "#" + method.getName(), List.copyOf(problems));
                }
            }
        }
        return byTest;
    }

    private List<JavaClass> topLevelTests() {
        return classes.stream().filter(c -> hiddenClassNames.contains(c.getName()))
                .sorted(Comparator.comparing(JavaClass::getName)).toList();
    }

    private boolean isHidden(String className) {
        return hiddenClassNames.stream().anyMatch(h -> className.equals(h) || className.startsWith(h + "$"));
    }

    /**
     * The members of learner classes that {@code test} may touch: its own accesses, those of the
     * helpers and lambdas it reaches inside the hidden test class, of its nested classes, and of the
     * class's initialisers.
     */
    private Set<AccessTarget> targetsReachedFrom(JavaClass type, JavaMethod test) {
        Set<AccessTarget> targets = new LinkedHashSet<>();
        Set<JavaCodeUnit> seen = new HashSet<>();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        todo.add(test);
        todo.addAll(lambdasOf(type, test.getName()));
        type.getCodeUnits().stream().filter(u -> u.isConstructor() || u.getName().equals("<clinit>")).forEach(todo::add);
        while (!todo.isEmpty()) {
            JavaCodeUnit unit = todo.pop();
            if (!seen.add(unit)) {
                continue;
            }
            for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
                AccessTarget target = access.getTarget();
                String owner = target.getOwner().getName();
                if (isHidden(owner)) {
                    JavaClass ownerClass = target.getOwner();
                    if (!owner.equals(type.getName())) {
                        todo.addAll(ownerClass.getCodeUnits()); // a nested or anonymous class: all of it
                    } else if (target instanceof AccessTarget.CodeUnitAccessTarget call) {
                        call.resolveMember().ifPresent(member -> {
                            todo.add(member);
                            todo.addAll(lambdasOf(type, member.getName()));
                        });
                    }
                } else if (manifest.owner(owner).isPresent()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    private static List<JavaCodeUnit> lambdasOf(JavaClass type, String methodName) {
        String prefix = "lambda$" + methodName + "$";
        return type.getCodeUnits().stream().filter(u -> u.getName().startsWith(prefix)).toList();
    }

    /** What is wrong with {@code target} in the classes {@code loader} sees, if anything. */
    private static Optional<String> problem(AccessTarget target, ClassLoader loader) {
        String owner = target.getOwner().getName();
        String shortOwner = owner.substring(owner.lastIndexOf('.') + 1);
        Class<?> type;
        try {
            type = Class.forName(owner, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("class " + shortOwner + " is missing (the stub declares it in package "
                    + target.getOwner().getPackageName() + ")");
        }
        try {
            if (target instanceof AccessTarget.FieldAccessTarget field) {
                Optional<Field> found = fieldsOf(type).stream().filter(f -> f.getName().equals(field.getName())).findFirst();
                if (found.isEmpty() || !sameType(found.get().getType(), field.getRawType())) {
                    return Optional.of("field " + shortOwner + "." + field.getName() + " is missing or its type changed");
                }
                return Modifier.isPrivate(found.get().getModifiers())
                        ? Optional.of("field " + shortOwner + "." + field.getName() + " is private") : Optional.empty();
            }
            if (!(target instanceof AccessTarget.CodeUnitAccessTarget call)) {
                return Optional.empty();
            }
            List<String> wanted = call.getRawParameterTypes().stream().map(JavaClass::getName).toList();
            boolean constructor = call.getName().equals("<init>");
            List<? extends Executable> candidates = constructor ? Arrays.asList(type.getDeclaredConstructors())
                    : methodsOf(type).stream().filter(m -> m.getName().equals(call.getName())).toList();
            String expected = (constructor ? shortOwner : shortOwner + "." + call.getName()) + "("
                    + call.getRawParameterTypes().stream().map(JavaClass::getSimpleName).collect(Collectors.joining(", ")) + ")";
            for (Executable candidate : candidates) {
                List<Class<?>> params = Arrays.asList(candidate.getParameterTypes());
                if (params.size() == wanted.size() && sameTypes(params, call.getRawParameterTypes())) {
                    if (candidate instanceof Method m && !sameType(m.getReturnType(), call.getRawReturnType())) {
                        return Optional.of(expected + " returns " + m.getReturnType().getSimpleName()
                                + ", but the stub's returns " + call.getRawReturnType().getSimpleName());
                    }
                    return Modifier.isPrivate(candidate.getModifiers())
                            ? Optional.of(expected + " is private; the stub's is not") : Optional.empty();
                }
            }
            String yours = candidates.stream().map(c -> (constructor ? shortOwner : c.getName()) + "("
                    + Arrays.stream(c.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")")
                    .collect(Collectors.joining("; "));
            return Optional.of(expected + " is missing or its signature changed"
                    + (yours.isEmpty() ? "" : " (yours: " + yours + ")"));
        } catch (LinkageError e) {
            return Optional.of("class " + shortOwner + " could not be loaded: " + e);
        }
    }

    private static boolean sameTypes(List<Class<?>> actual, List<JavaClass> expected) {
        for (int i = 0; i < actual.size(); i++) {
            if (!sameType(actual.get(i), expected.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameType(Class<?> actual, JavaClass expected) {
        return actual.getName().equals(expected.getName()) || actual.getTypeName().equals(expected.getName());
    }

    private static List<Method> methodsOf(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            methods.addAll(Arrays.asList(c.getDeclaredMethods()));
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        return methods;
    }

    private static List<Field> fieldsOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            fields.addAll(Arrays.asList(c.getDeclaredFields()));
        }
        return fields;
    }
}
