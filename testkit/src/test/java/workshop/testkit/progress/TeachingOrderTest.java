package workshop.testkit.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

class TeachingOrderTest {

    private static final String FIXTURES = "workshop.testkit.progress.fixture.d.";

    @Test
    @DisplayName("runs an exercise's test classes by the first task they check, not by their names")
    void classesByFirstTask() {
        List<String> started = new ArrayList<>();
        TestExecutionListener classes = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.getSource().orElse(null) instanceof ClassSource type) {
                    started.add(type.getJavaClass().getSimpleName());
                }
            }
        };
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(request()
                        .selectors(selectClass(FIXTURES + "TunerLikeFixture"), selectClass(FIXTURES + "WorkerCountLikeFixture"))
                        .configurationParameter("junit.jupiter.testclass.order.default", TeachingOrder.class.getName())
                        .build(), classes);

        assertThat(started).as("test classes in the order they ran")
                .containsExactly("WorkerCountLikeFixture", "TunerLikeFixture");
    }
}
