package org.ispadlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.ispadlab.data.Image8;

/** Image grids with captions, mask overlays and heat maps for notebooks. */
public final class Images {

    private static final int CAPTION = 16;

    private Images() {
    }

    /** A captioned image for {@link #grid}. */
    public record Tile(BufferedImage image, String caption) {
        public static Tile of(Image8 image, String caption) {
            return new Tile(image.toBufferedImage(), caption);
        }
    }

    /** Tiles in rows of {@code columns}, each scaled to {@code side} px, caption underneath. */
    public static BufferedImage grid(List<Tile> tiles, int columns, int side) {
        int rows = (tiles.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (side + 4), Math.max(1, rows) * (side + CAPTION + 4),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < tiles.size(); i++) {
            int x = (i % columns) * (side + 4) + 2;
            int y = (i / columns) * (side + CAPTION + 4) + 2;
            g.drawImage(tiles.get(i).image(), x, y, side, side, null);
            g.setColor(Color.DARK_GRAY);
            g.drawString(fit(g, tiles.get(i).caption(), side), x, y + side + CAPTION - 4);
        }
        g.dispose();
        return out;
    }

    /** The image with the mask's pixels tinted red and the mask's outline drawn, as in the paper's Figs. 1-2. */
    public static Image8 overlay(Image8 image, Image8 mask) {
        Image8 rgb = toRgb(image);
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                if (mask.get(x, y, 0) > 0) {
                    boolean edge = x == 0 || y == 0 || x == rgb.width() - 1 || y == rgb.height() - 1
                            || mask.get(x - 1, y, 0) == 0 || mask.get(x + 1, y, 0) == 0
                            || mask.get(x, y - 1, 0) == 0 || mask.get(x, y + 1, 0) == 0;
                    rgb.set(x, y, 0, edge ? 255 : (rgb.get(x, y, 0) + 255) / 2);
                    rgb.set(x, y, 1, edge ? 40 : rgb.get(x, y, 1) / 2);
                    rgb.set(x, y, 2, edge ? 40 : rgb.get(x, y, 2) / 2);
                }
            }
        }
        return rgb;
    }

    /** The image (made RGB) with only the mask's outline drawn in red: the pixels under it stay visible. */
    public static Image8 outline(Image8 image, Image8 mask) {
        Image8 rgb = toRgb(image);
        if (mask == null) {
            return rgb;
        }
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                if (mask.get(x, y, 0) > 0 && (x == 0 || y == 0 || x == rgb.width() - 1 || y == rgb.height() - 1
                        || mask.get(x - 1, y, 0) == 0 || mask.get(x + 1, y, 0) == 0
                        || mask.get(x, y - 1, 0) == 0 || mask.get(x, y + 1, 0) == 0)) {
                    rgb.set(x, y, 0, 255);
                    rgb.set(x, y, 1, 30);
                    rgb.set(x, y, 2, 30);
                }
            }
        }
        return rgb;
    }

    /** A map of values as a {@code side} px image, dark blue (low) to yellow (high). */
    public static BufferedImage heatmap(double[][] values, int side) {
        BufferedImage small = heatmap(values);
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(small, 0, 0, side, side, null);
        g.dispose();
        return out;
    }

    private static BufferedImage heatmap(double[][] values) {
        int h = values.length;
        int w = values[0].length;
        double max = 1e-12;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, heat(values[y][x] / max));
            }
        }
        return out;
    }

    /** The heat colour of {@code t} in [0, 1] as 0xRRGGBB: dark blue, through green, to yellow. */
    private static int heat(double t) {
        int r = (int) (255 * Math.min(1, Math.max(0, 1.8 * t - 0.5)));
        int g = (int) (255 * Math.min(1, Math.max(0, 1.5 * t - 0.1)));
        int b = (int) (255 * Math.min(1, Math.max(0, 0.6 - 0.6 * t + 0.3 * Math.sin(Math.PI * t))));
        return (r << 16) | (g << 8) | b;
    }

    /**
     * An anomaly map over its image, as the paper's Figs. 4-5: the map (row-major, the image's size) scaled from
     * {@code low} to {@code high}, coloured and blended in the more, the higher it is, so normal areas keep the
     * image visible.
     */
    public static Image8 heatOverlay(Image8 image, float[] map, double low, double high) {
        Image8 rgb = toRgb(image);
        if (map.length != rgb.width() * rgb.height()) {
            throw new IllegalArgumentException("a map of " + map.length + " values over a " + rgb.width() + "x"
                    + rgb.height() + " image");
        }
        double range = Math.max(high - low, 1e-12);
        for (int i = 0; i < map.length; i++) {
            double t = Math.min(1, Math.max(0, (map[i] - low) / range));
            int c = heat(t);
            double a = 0.25 + 0.6 * t;
            for (int ch = 0; ch < 3; ch++) {
                int colour = (c >> (16 - 8 * ch)) & 0xFF;
                int grey = rgb.pixels()[3 * i + ch] & 0xFF;
                rgb.pixels()[3 * i + ch] = (byte) Math.round((1 - a) * grey + a * colour);
            }
        }
        return rgb;
    }

    /** Draws a rectangle outline, e.g. to mark the 256 px crop inside a 512 px real defect. */
    public static BufferedImage outlined(Image8 image, int x, int y, int w, int h) {
        BufferedImage out = toRgb(image).toBufferedImage();
        Graphics2D g = out.createGraphics();
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(Math.max(1, image.width() / 128f)));
        g.drawRect(x, y, w - 1, h - 1);
        g.dispose();
        return out;
    }

    private static Image8 toRgb(Image8 image) {
        if (image.channels() == 3) {
            return image.copy();
        }
        Image8 rgb = Image8.blank(image.width(), image.height(), 3);
        for (int i = 0; i < image.pixels().length; i++) {
            rgb.pixels()[3 * i] = image.pixels()[i];
            rgb.pixels()[3 * i + 1] = image.pixels()[i];
            rgb.pixels()[3 * i + 2] = image.pixels()[i];
        }
        return rgb;
    }

    private static String fit(Graphics2D g, String text, int width) {
        String t = text;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t) > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
