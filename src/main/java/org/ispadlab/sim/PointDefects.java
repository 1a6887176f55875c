package org.ispadlab.sim;

import java.util.SplittableRandom;
import org.ispadlab.data.Modality;

/**
 * Paints the point-group process defects into a rendered field: thin curved fibres, pinholes, dots and
 * inclusions, scratches and mechanical deformations. Sizes are in pixels of a 256 px patch times
 * {@code scale}; contrast is weak by default and multiplied by {@code contrast}.
 */
final class PointDefects {

    private PointDefects() {
    }

    static void paint(Field f, DefectClass cls, Modality m, SplittableRandom r, double scale, double contrast,
                      double cx, double cy) {
        switch (cls) {
            case FIBRE -> fibre(f, m, r, scale, contrast, cx, cy);
            case PINHOLE -> pinhole(f, m, r, scale, contrast, cx, cy);
            case DOT -> dot(f, r, scale, contrast, cx, cy);
            case SCRATCH -> scratch(f, r, scale, contrast, cx, cy);
            case DEFORMATION -> deformation(f, r, scale, contrast, cx, cy);
            default -> throw new IllegalArgumentException(cls + " is not a point defect");
        }
    }

    /** A thin curved fibre: a quadratic Bezier about 40-110 px long, 1-2 px wide. */
    private static void fibre(Field f, Modality m, SplittableRandom r, double scale, double contrast, double cx, double cy) {
        double length = Rng.range(r, 40, 110) * scale;
        double a = Rng.range(r, 0, Math.PI);
        double bend = Rng.range(r, -0.5, 0.5) * length;
        double x0 = cx - Math.cos(a) * length / 2;
        double y0 = cy - Math.sin(a) * length / 2;
        double x2 = cx + Math.cos(a) * length / 2;
        double y2 = cy + Math.sin(a) * length / 2;
        double x1 = cx - Math.sin(a) * bend;
        double y1 = cy + Math.cos(a) * bend;
        float[] alpha = new float[f.size * f.size];
        double width = Rng.range(r, 0.7, 1.3) * Math.max(0.6, scale * 1.5);
        int steps = (int) Math.ceil(length * 2);
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps;
            double px = (1 - t) * (1 - t) * x0 + 2 * (1 - t) * t * x1 + t * t * x2;
            double py = (1 - t) * (1 - t) * y0 + 2 * (1 - t) * t * y1 + t * t * y2;
            stamp(alpha, f.size, px, py, width);
        }
        // dark-field: fibres scatter (bright); transmission: they absorb (dark); bright-field: slightly dark
        double delta = switch (m) {
            case LSM_1 -> Rng.range(r, 30, 55);
            case LSM_2 -> -Rng.range(r, 35, 60);
            case ASM -> -Rng.range(r, 18, 30);
        };
        add(f, alpha, delta * contrast);
    }

    /**
     * A pinhole: a few pixels where ink is missing. In reflected or scattered light a small bright spot; in
     * transmission (LSM-2) the light passes unhindered where the print held it back, so the hole lies in the print
     * and shines through it with a glow of a few pixels around it (the sensor blooms where direct light meets it).
     * It lies where the ink around it is deepest within reach (the middle of a cell rather than its rim), so its glow
     * falls on ink and not beside the bare foil's gaps, which are as bright. A hole lets through at most the light
     * itself: contrast beyond that (a preset more visible than the paper's) widens the hole instead, its area
     * growing with the contrast left over.
     */
    private static void pinhole(Field f, Modality m, SplittableRandom r, double scale, double contrast, double cx, double cy) {
        float[] alpha = new float[f.size * f.size];
        double radius = Rng.range(r, 1.2, 2.5) * Math.max(0.7, scale * 1.5);
        if (m == Modality.LSM_2) {
            double sigma = GLOW * Math.max(radius, 1.5);
            int[] inked = deepestInk(f, cx, cy, sigma);
            if (inked == null) {
                return; // no print within reach: left invisible, the caller draws another place
            }
            double transmitted = 0.7 * contrast;
            stamp(alpha, f.size, inked[0], inked[1], radius * Math.sqrt(Math.max(1, transmitted)));
            glow(alpha, f.size, inked[0], inked[1], sigma);
            double light = Math.min(1, transmitted);
            for (int i = 0; i < alpha.length; i++) {
                for (int c = 0; c < f.channels; c++) {
                    int k = i * f.channels + c;
                    f.v[k] += (float) (alpha[i] * light * (250 - f.v[k]));
                }
            }
        } else {
            stamp(alpha, f.size, cx, cy, radius);
            add(f, alpha, Rng.range(r, 45, 70) * contrast);
        }
    }

    /** The glow's reach (Gaussian sigma) in units of the hole's radius (at least 1.5 px). */
    private static final double GLOW = 1.5;

    /** Max-accumulates a Gaussian halo of {@code sigma} into an alpha map. */
    private static void glow(float[] alpha, int size, double px, double py, double sigma) {
        int reach = (int) Math.ceil(3 * sigma);
        for (int y = (int) py - reach; y <= (int) py + reach; y++) {
            for (int x = (int) px - reach; x <= (int) px + reach; x++) {
                if (x >= 0 && y >= 0 && x < size && y < size) {
                    float g = (float) Math.exp(-((x - px) * (x - px) + (y - py) * (y - py)) / (2 * sigma * sigma));
                    alpha[y * size + x] = Math.max(alpha[y * size + x], g);
                }
            }
        }
    }

    /**
     * How far a pinhole may move to reach the print: half the longest period a plate draws (30 px) and one more, so
     * the middle of a cell is always within reach.
     */
    private static final int INK_REACH = 16;

    /**
     * The pixel within {@link #INK_REACH} of (cx, cy) whose surroundings the print darkens most: the least mean
     * brightness under a Gaussian of {@code sigma} (the glow's reach) centred on it, ties to the nearest. It must itself
     * be well inked: below 80 % of the patch's brightest pixel (the bare foil in transmitted light), so not the soft
     * edge of a line; null if no pixel within reach is.
     */
    private static int[] deepestInk(Field f, double cx, double cy, double sigma) {
        float[] grey = new float[f.size * f.size];
        float foil = 0;
        for (int i = 0; i < grey.length; i++) {
            for (int c = 0; c < f.channels; c++) {
                grey[i] += f.v[i * f.channels + c] / f.channels;
            }
            foil = Math.max(foil, grey[i]);
        }
        int[] best = null;
        double bestDarkness = Double.MAX_VALUE;
        double bestDistance = Double.MAX_VALUE;
        for (int y = (int) cy - INK_REACH; y <= (int) cy + INK_REACH; y++) {
            for (int x = (int) cx - INK_REACH; x <= (int) cx + INK_REACH; x++) {
                if (x < 0 || y < 0 || x >= f.size || y >= f.size || grey[y * f.size + x] >= 0.8 * foil) {
                    continue;
                }
                double around = surroundings(grey, f.size, x, y, sigma);
                double d = Math.hypot(x - cx, y - cy);
                if (around < bestDarkness || around == bestDarkness && d < bestDistance) {
                    best = new int[] {x, y};
                    bestDarkness = around;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    /** Gaussian-weighted mean of {@code grey} around (px, py) over the pixels inside the patch. */
    private static double surroundings(float[] grey, int size, int px, int py, double sigma) {
        int reach = (int) Math.ceil(3 * sigma);
        double sum = 0;
        double weight = 0;
        for (int y = Math.max(0, py - reach); y <= Math.min(size - 1, py + reach); y++) {
            for (int x = Math.max(0, px - reach); x <= Math.min(size - 1, px + reach); x++) {
                double g = Math.exp(-((x - px) * (x - px) + (y - py) * (y - py)) / (2 * sigma * sigma));
                sum += g * grey[y * size + x];
                weight += g;
            }
        }
        return sum / weight;
    }

    /** A dot or inclusion: a small dark blob. */
    private static void dot(Field f, SplittableRandom r, double scale, double contrast, double cx, double cy) {
        float[] alpha = new float[f.size * f.size];
        stamp(alpha, f.size, cx, cy, Rng.range(r, 2, 4.5) * Math.max(0.7, scale * 1.3));
        double darken = Math.min(0.9, Rng.range(r, 0.25, 0.4) * contrast);
        for (int i = 0; i < alpha.length; i++) {
            for (int c = 0; c < f.channels; c++) {
                f.v[i * f.channels + c] *= (float) (1 - darken * alpha[i]);
            }
        }
    }

    /** A scratch in the top layer: long, straight, one pixel wide. */
    private static void scratch(Field f, SplittableRandom r, double scale, double contrast, double cx, double cy) {
        double length = Rng.range(r, 50, 140) * scale;
        double a = Rng.range(r, 0, Math.PI);
        float[] alpha = new float[f.size * f.size];
        int steps = (int) Math.ceil(length * 2);
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps - 0.5;
            stamp(alpha, f.size, cx + Math.cos(a) * length * t, cy + Math.sin(a) * length * t, 0.8);
        }
        add(f, alpha, (r.nextBoolean() ? 1 : -1) * Rng.range(r, 22, 35) * contrast);
    }

    /** A mechanical deformation: a small dent that tilts the reflection, bright on one side, dark on the other. */
    private static void deformation(Field f, SplittableRandom r, double scale, double contrast, double cx, double cy) {
        double radius = Rng.range(r, 3, 7) * Math.max(0.6, scale * 1.4);
        double a = Rng.range(r, 0, 2 * Math.PI);
        double amplitude = Rng.range(r, 35, 55) * contrast;
        int reach = (int) Math.ceil(radius * 3);
        for (int y = (int) cy - reach; y <= (int) cy + reach; y++) {
            for (int x = (int) cx - reach; x <= (int) cx + reach; x++) {
                if (x < 0 || y < 0 || x >= f.size || y >= f.size) {
                    continue;
                }
                double dx = x - cx;
                double dy = y - cy;
                double g = Math.exp(-(dx * dx + dy * dy) / (2 * radius * radius));
                double along = (dx * Math.cos(a) + dy * Math.sin(a)) / radius;
                for (int c = 0; c < f.channels; c++) {
                    f.v[f.index(x, y, c)] += (float) (amplitude * along * g);
                }
            }
        }
    }

    /** Max-accumulates a soft disc of radius {@code radius} into an alpha map. */
    private static void stamp(float[] alpha, int size, double px, double py, double radius) {
        int reach = (int) Math.ceil(radius + 1.5);
        for (int y = (int) Math.floor(py) - reach; y <= (int) Math.ceil(py) + reach; y++) {
            for (int x = (int) Math.floor(px) - reach; x <= (int) Math.ceil(px) + reach; x++) {
                if (x < 0 || y < 0 || x >= size || y >= size) {
                    continue;
                }
                double d = Math.hypot(x - px, y - py);
                float a = (float) Math.max(0, Math.min(1, radius - d + 0.5));
                int i = y * size + x;
                if (a > alpha[i]) {
                    alpha[i] = a;
                }
            }
        }
    }

    private static void add(Field f, float[] alpha, double delta) {
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] > 0) {
                for (int c = 0; c < f.channels; c++) {
                    f.v[i * f.channels + c] += (float) (alpha[i] * delta);
                }
            }
        }
    }
}
