package org.ispadlab.kernel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.ispadlab.kernel.display.Html;
import org.ispadlab.kernel.display.Markdown;
import org.junit.jupiter.api.Test;

class RenderersTest {

    private final Renderer renderer = new Renderer();

    RenderersTest() {
        Renderers.registerAll(renderer);
    }

    @Test
    void imagesRenderAsPngThatDecodesToTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(4, 2, 0xff8800);
        DisplayData data = renderer.render(image);
        byte[] png = Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(5, back.getWidth());
        assertEquals(0xff8800, back.getRGB(4, 2) & 0xffffff);
    }

    @Test
    void htmlAndMarkdownKeepTheirText() {
        assertEquals("<b>x</b>", renderer.render(new Html("<b>x</b>")).getData(MIMEType.TEXT_HTML));
        assertEquals("*y*", renderer.render(new Markdown("*y*")).getData(MIMEType.TEXT_MARKDOWN));
    }

    @Test
    void everyValueAlsoHasPlainText() {
        DisplayData data = renderer.render(new Html("<i>z</i>"));
        assertTrue(data.hasDataForType(MIMEType.TEXT_PLAIN));
    }
}
