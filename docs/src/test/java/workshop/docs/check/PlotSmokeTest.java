package workshop.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.docs.plot.WorkersPlot;

/** The plot program runs end to end at a tiny size, so it cannot rot between regenerations. No timing is checked. */
class PlotSmokeTest {

    @Test
    @DisplayName("the plot program measures, draws a PNG and leaves the pages alone with --no-page")
    void drawsAPlot(@TempDir Path out) throws Exception {
        WorkersPlot.main(new String[] {"--out", out.toString(), "--calls", "4", "--latency-ms", "2", "--cap", "2",
                "--workers", "1,2,4", "--repeat", "1", "--no-page", "--quiet"});

        Path png = out.resolve("workers-io-bound.png");
        assertThat(png).as("the plot").exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("the plot, read back as an image").isNotNull();
        assertThat(image.getWidth()).as("width of the plot").isEqualTo(900);
        assertThat(Files.size(png)).as("bytes in the plot").isGreaterThan(10_000);
    }

    @Test
    @DisplayName("the page that shows the plot holds its table markers and the image it links")
    void pageHoldsThePlot() {
        String page = DocsTree.read(DocsTree.DOCS.resolve("04-pool-size.md"));
        assertThat(page).as("docs/04-pool-size.md").contains("<!-- measured: workers-io-bound -->", "<!-- end measured -->",
                "images/workers-io-bound.png");
        assertThat(DocsTree.DOCS.resolve("images/workers-io-bound.png")).as("the committed plot").exists();
    }
}
