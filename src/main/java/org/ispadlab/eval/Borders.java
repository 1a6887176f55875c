package org.ispadlab.eval;

/**
 * Cuts a border off a row-major map or mask. ASM's patches have masked borders that no method can score (the
 * paper, Sec. 3.2.5, recommends leaving them out of the evaluation).
 */
public final class Borders {

    private Borders() {
    }

    public static float[] crop(float[] values, int width, int height, int border) {
        check(values.length, width, height, border);
        return (float[]) copyInner(values, new float[inner(width, height, border)], width, height, border);
    }

    public static boolean[] crop(boolean[] values, int width, int height, int border) {
        if (values == null) {
            return null;
        }
        check(values.length, width, height, border);
        return (boolean[]) copyInner(values, new boolean[inner(width, height, border)], width, height, border);
    }

    private static int inner(int width, int height, int border) {
        return (width - 2 * border) * (height - 2 * border);
    }

    /** Row by row, for any primitive array type (System.arraycopy takes them all). */
    private static Object copyInner(Object src, Object dst, int width, int height, int border) {
        int w = width - 2 * border;
        for (int y = 0; y < height - 2 * border; y++) {
            System.arraycopy(src, (y + border) * width + border, dst, y * w, w);
        }
        return dst;
    }

    private static void check(int length, int width, int height, int border) {
        if (length != width * height) {
            throw new IllegalArgumentException(length + " values, expected " + width + "x" + height);
        }
        if (border < 0 || 2 * border >= Math.min(width, height)) {
            throw new IllegalArgumentException("a border of " + border + " px leaves nothing of " + width + "x"
                    + height);
        }
    }
}
