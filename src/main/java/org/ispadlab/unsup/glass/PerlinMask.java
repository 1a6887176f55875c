package org.ispadlab.unsup.glass;

import java.util.SplittableRandom;

/**
 * GLASS's and DRAEM's anomaly-shape masks: 2-D Perlin noise (improved-Perlin fade, random unit gradients on a
 * lattice of {@code 2^k} cells per axis, k in 0..5 drawn per axis), rotated by an angle in [-90, 90] degrees and
 * thresholded at 0.5 of its range; with probability 1/3 each, one mask, the union of two or the intersection of two.
 * The noise is evaluated at rotated coordinates, so the rotation costs nothing and leaves no empty corners.
 */
final class PerlinMask {

    private PerlinMask() {
    }

    /** A {@code side x side} mask (row-major, true = anomalous); may be empty, the caller redraws. */
    static boolean[] draw(int side, SplittableRandom r) {
        boolean[] a = single(side, r);
        int kind = r.nextInt(3);
        if (kind == 0) {
            return a;
        }
        boolean[] b = single(side, r);
        for (int i = 0; i < a.length; i++) {
            a[i] = kind == 1 ? a[i] || b[i] : a[i] && b[i];
        }
        return a;
    }

    private static boolean[] single(int side, SplittableRandom r) {
        int cellsX = 1 << r.nextInt(6);
        int cellsY = 1 << r.nextInt(6);
        double angle = Math.toRadians(-90 + 180 * r.nextDouble());
        // gradients on a lattice large enough for the rotated square (its diagonal), one cell of margin
        int n = (int) Math.ceil(Math.sqrt(2) * Math.max(cellsX, cellsY)) + 3;
        double[] gx = new double[n * n];
        double[] gy = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            double t = 2 * Math.PI * r.nextDouble();
            gx[i] = Math.cos(t);
            gy[i] = Math.sin(t);
        }
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] noise = new double[side * side];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                // centred, rotated, in lattice units; shifted into the lattice
                double u = (x + 0.5) / side - 0.5;
                double v = (y + 0.5) / side - 0.5;
                double px = (cos * u - sin * v) * cellsX + n / 2.0;
                double py = (sin * u + cos * v) * cellsY + n / 2.0;
                double value = perlin(px, py, gx, gy, n);
                noise[y * side + x] = value;
                lo = Math.min(lo, value);
                hi = Math.max(hi, value);
            }
        }
        boolean[] mask = new boolean[side * side];
        double threshold = lo + 0.5 * (hi - lo);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = noise[i] > threshold;
        }
        return mask;
    }

    private static double perlin(double x, double y, double[] gx, double[] gy, int n) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double n00 = dot(gx, gy, n, x0, y0, fx, fy);
        double n10 = dot(gx, gy, n, x0 + 1, y0, fx - 1, fy);
        double n01 = dot(gx, gy, n, x0, y0 + 1, fx, fy - 1);
        double n11 = dot(gx, gy, n, x0 + 1, y0 + 1, fx - 1, fy - 1);
        double u = fade(fx);
        double v = fade(fy);
        return (n00 * (1 - u) + n10 * u) * (1 - v) + (n01 * (1 - u) + n11 * u) * v;
    }

    private static double dot(double[] gx, double[] gy, int n, int i, int j, double dx, double dy) {
        int k = Math.floorMod(j, n) * n + Math.floorMod(i, n);
        return gx[k] * dx + gy[k] * dy;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }
}
