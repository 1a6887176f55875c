package org.ispadlab.unsup.patchcore;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * PatchCore's greedy coreset (k-center greedy, as anomalib's {@code KCenterGreedy}): from a random start, again
 * and again take the feature farthest from everything taken so far, so the coreset covers the feature space with
 * a fraction of the bank. Distances are measured on a Gaussian random projection to {@code projection}
 * dimensions (Johnson-Lindenstrauss: distances kept, each step far cheaper), as anomalib does with a sparse one.
 * The start point itself is not taken, as in anomalib.
 */
public final class Coreset {

    private Coreset() {
    }

    /**
     * Indices of {@code count} rows of {@code features} ({@code n x dim}, row-major), in the order chosen.
     * Deterministic: the seed picks the projection and the start.
     */
    public static int[] select(NDManager manager, float[] features, int n, int dim, int count, int projection,
                               long seed) {
        if (count < 1 || count > n) {
            throw new IllegalArgumentException("a coreset of " + count + " from " + n + " features");
        }
        Random rnd = new Random(seed);
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(features, new Shape(n, dim));
            if (projection > 0 && projection < dim) {
                float[] r = new float[dim * projection];
                double scale = 1 / Math.sqrt(projection);
                for (int i = 0; i < r.length; i++) {
                    r[i] = (float) (rnd.nextGaussian() * scale);
                }
                x = x.matMul(m.create(r, new Shape(dim, projection)));
            }
            int start = rnd.nextInt(n);
            NDArray minDistance = distanceTo(x, start);
            int[] chosen = new int[count];
            for (int k = 0; k < count; k++) {
                int next;
                try (NDArray arg = minDistance.argMax()) {
                    next = (int) arg.getLong();
                }
                chosen[k] = next;
                NDArray d = distanceTo(x, next);
                NDArray updated = minDistance.minimum(d);
                minDistance.close();
                d.close();
                minDistance = updated;
            }
            return chosen;
        }
    }

    private static NDArray distanceTo(NDArray x, int row) {
        // every intermediate closed at once: 5,000 steps over a 50,000-row bank must not pile up
        try (NDArray centre = x.get(row); NDArray diff = x.sub(centre); NDArray squares = diff.square()) {
            return squares.sum(new int[] {1});
        }
    }
}
