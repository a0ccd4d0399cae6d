package workshop.docs;

import java.util.List;
import workshop.ex2_ascompleted.AsCompleted;
import workshop.ex2_ascompleted.Collected;
import workshop.ex2_ascompleted.Outcome;

/**
 * Page 3, the same batch with our {@code AsCompleted.collect} from exercise 2.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=OurAsCompleted}
 */
public final class OurAsCompleted {

    private OurAsCompleted() {}

    static void collect(List<String> urls) throws InterruptedException {
        // tag::our-as-completed[]
        Collected<String, String> collected = AsCompleted.collect(urls, FlakyDownload::download, 5, outcome -> {
            switch (outcome) {                                  // told of each call as it finishes
                case Outcome.Success<String, String> ok -> { }
                case Outcome.Failure<String, String> failed ->
                        System.out.println("failed just now: " + failed.input() + " (" + failed.error() + ")");
            }
        });
        System.out.println(collected.results().size() + " ok, " + collected.errors().size() + " failed");
        // end::our-as-completed[]
    }

    public static void main(String[] args) throws InterruptedException {
        collect(Urls.pages(10));
    }
}
