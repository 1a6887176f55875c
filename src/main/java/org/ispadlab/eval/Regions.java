package org.ispadlab.eval;

/**
 * The connected defect regions of a ground-truth mask, 8-connected as the MVTec AD evaluation labels them
 * ({@code scipy.ndimage.label} with a 3x3 structure of ones): PRO averages the overlap per region, so two
 * touching strokes are one defect and two separate specks are two.
 */
public record Regions(int width, int height, int[] labels, int[] sizes) {

    /** Region count; region {@code r} (1-based) has {@code sizes[r - 1]} pixels. */
    public int count() {
        return sizes.length;
    }

    /**
     * Labels {@code mask} (row-major, {@code width x height}, true = defective): {@code labels[i]} is 0 for a
     * fault-free pixel, else its region's number from 1, numbered in scan order. A null mask has no region.
     */
    public static Regions of(boolean[] mask, int width, int height) {
        int n = width * height;
        int[] labels = new int[n];
        if (mask == null) {
            return new Regions(width, height, labels, new int[0]);
        }
        if (mask.length != n) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + width + "x" + height);
        }
        int[] stack = new int[n];
        int[] sizes = new int[16];
        int count = 0;
        for (int start = 0; start < n; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            int label = ++count;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int x = p % width;
                int y = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int q = yy * width + xx;
                        if (xx >= 0 && xx < width && mask[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (count > sizes.length) {
                sizes = java.util.Arrays.copyOf(sizes, sizes.length * 2);
            }
            sizes[label - 1] = size;
        }
        return new Regions(width, height, labels, java.util.Arrays.copyOf(sizes, count));
    }
}
