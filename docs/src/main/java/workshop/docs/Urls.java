package workshop.docs;

import java.util.List;
import java.util.stream.IntStream;

/** The made-up inputs of the pages' programs. */
public final class Urls {

    private Urls() {}

    // tag::pages[]
    /** {@code n} made-up addresses: https://example.com/page/0, .../page/1, ... */
    public static List<String> pages(int n) {
        return IntStream.range(0, n).mapToObj(i -> "https://example.com/page/" + i).toList();
    }
    // end::pages[]

    /** The number at the end of a made-up address ({@code 7} for .../page/7). */
    public static int number(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
    }
}
