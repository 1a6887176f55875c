package org.ispadlab.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG bytes of an image: how the kernel shows images, in outputs and in image widgets alike. */
public final class Png {

    private Png() {
    }

    public static byte[] encode(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        return out.toByteArray();
    }
}
