package workshop.docs;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The download of page 3 (as completed): 10 to 60 ms each, and page 7 times out. */
final class FlakyDownload {

    private FlakyDownload() {}

    // tag::download[]
    static String download(String url) throws SocketTimeoutException, InterruptedException {
        Thread.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(10, 60)));
        if (url.endsWith("7")) {
            throw new SocketTimeoutException("timed out");     // one call fails, as real ones do
        }
        return url + ": ok";
    }
    // end::download[]
}
