package workshop.docs;

import java.util.List;
import workshop.ex1_ordered.OrderedMap;

/**
 * Page 2, the headline: 10 downloads of 500 ms on 5 workers take about 1 s, not 5 s.
 *
 * <p>{@code ./mvnw -q -pl docs -am verify -DskipTests -Pdocs-run -Ddocs.main=Headline}
 */
public final class Headline {

    private Headline() {}

    static String download(String url) throws InterruptedException {
        Thread.sleep(500);                              // a slow page this time
        return url + ": 200 OK (" + url.length() + " bytes)";
    }

    public static void main(String[] args) throws Exception {
        // tag::headline[]
        List<String> urls = Urls.pages(10);

        long start = System.nanoTime();
        List<String> pages = OrderedMap.map(urls, Headline::download, 5);   // 5 workers, input order

        System.out.println(pages.getFirst());
        System.out.println(pages.size() + " downloads in " + Figures.seconds(Figures.since(start)));
        // end::headline[]
    }
}
