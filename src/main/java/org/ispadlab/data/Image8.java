package org.ispadlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * An 8-bit image, interleaved channels (1 grey or 3 RGB), row-major: the one image type of the library.
 * Pixels are a plain array so readers, the simulator and training share them without copies.
 */
public record Image8(int width, int height, int channels, byte[] pixels) {

    public Image8 {
        if (width <= 0 || height <= 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("an image needs width, height > 0 and 1 or 3 channels; got "
                    + width + "x" + height + "x" + channels);
        }
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException("expected " + width * height * channels + " bytes for "
                    + width + "x" + height + "x" + channels + ", got " + pixels.length);
        }
    }

    public static Image8 blank(int width, int height, int channels) {
        return new Image8(width, height, channels, new byte[width * height * channels]);
    }

    /** The value 0..255 at (x, y) of channel c. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    /** Sets (x, y, c) to v, clipped to 0..255. */
    public void set(int x, int y, int c, int v) {
        pixels[(y * width + x) * channels + c] = (byte) Math.max(0, Math.min(255, v));
    }

    public Image8 copy() {
        return new Image8(width, height, channels, pixels.clone());
    }

    /** The centred square of side {@code size}. */
    public Image8 centreCrop(int size) {
        if (size > width || size > height) {
            throw new IllegalArgumentException("cannot crop " + size + " px from " + width + "x" + height);
        }
        int x0 = (width - size) / 2;
        int y0 = (height - size) / 2;
        Image8 out = blank(size, size, channels);
        for (int y = 0; y < size; y++) {
            System.arraycopy(pixels, ((y0 + y) * width + x0) * channels, out.pixels, y * size * channels, size * channels);
        }
        return out;
    }

    /**
     * This image in the centre of a {@code size} square, the border filled by mirroring it (edge pixels not
     * repeated), so a rotation of up to 45 degrees leaves no empty corners.
     */
    public Image8 mirrorPad(int size) {
        if (size < width || size < height || size > 3 * Math.min(width, height)) {
            throw new IllegalArgumentException("cannot mirror-pad " + width + "x" + height + " to " + size
                    + " (at least the image, at most three times it)");
        }
        int x0 = (size - width) / 2;
        int y0 = (size - height) / 2;
        Image8 out = blank(size, size, channels);
        for (int y = 0; y < size; y++) {
            int sy = mirror(y - y0, height);
            for (int x = 0; x < size; x++) {
                int sx = mirror(x - x0, width);
                System.arraycopy(pixels, (sy * width + sx) * channels, out.pixels, (y * size + x) * channels, channels);
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        if (i < 0) {
            return Math.min(n - 1, -i);
        }
        return i >= n ? Math.max(0, 2 * n - 2 - i) : i;
    }

    /** Single channel: the image itself if grey, else its luminance (ITU-R BT.601 weights). */
    public Image8 grey() {
        if (channels == 1) {
            return this;
        }
        Image8 out = blank(width, height, 1);
        for (int i = 0, j = 0; i < out.pixels.length; i++, j += 3) {
            int r = pixels[j] & 0xff;
            int g = pixels[j + 1] & 0xff;
            int b = pixels[j + 2] & 0xff;
            out.pixels[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
        }
        return out;
    }

    /** Mean over pixels and channels. */
    public double mean() {
        long sum = 0;
        for (byte b : pixels) {
            sum += b & 0xff;
        }
        return (double) sum / pixels.length;
    }

    /** Number of non-zero pixels of a single-channel image (a mask's area). */
    public int countNonZero() {
        int n = 0;
        for (byte b : pixels) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    /** For display: TYPE_BYTE_GRAY or TYPE_3BYTE_BGR sharing no memory with this image. */
    public BufferedImage toBufferedImage() {
        if (channels == 1) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            System.arraycopy(pixels, 0, dst, 0, pixels.length);
            return img;
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i += 3) {
            dst[i] = pixels[i + 2];
            dst[i + 1] = pixels[i + 1];
            dst[i + 2] = pixels[i];
        }
        return img;
    }

    /** Grey images stay grey; everything else becomes RGB (alpha dropped). */
    public static Image8 of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            return new Image8(w, h, 1, Arrays.copyOf(src, w * h));
        }
        if (img.getRaster().getNumBands() == 1) {
            Image8 out = blank(w, h, 1);
            int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            int shift = Math.max(0, img.getSampleModel().getSampleSize(0) - 8);
            for (int i = 0; i < samples.length; i++) {
                out.pixels[i] = (byte) (samples[i] >> shift);
            }
            return out;
        }
        Image8 out = blank(w, h, 3);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                out.pixels[i] = (byte) (row[x] >> 16);
                out.pixels[i + 1] = (byte) (row[x] >> 8);
                out.pixels[i + 2] = (byte) row[x];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image8 other && width == other.width && height == other.height
                && channels == other.channels && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Image8[" + width + "x" + height + "x" + channels + "]";
    }
}
