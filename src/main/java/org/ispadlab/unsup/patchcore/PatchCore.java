package org.ispadlab.unsup.patchcore;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import org.ispadlab.data.Image8;
import org.ispadlab.unsup.AnomalyDetector;
import org.ispadlab.unsup.FeatureExtractor;
import org.ispadlab.unsup.Grids;
import org.ispadlab.unsup.Scores;

/**
 * PatchCore (Roth et al., CVPR 2022), as anomalib implements it: a memory bank of the fault-free images' patch
 * features ({@link FeatureExtractor}: layer2+layer3, 3x3 aggregation), cut to a greedy coreset ({@link Coreset},
 * 10 % by default as anomalib, 1 % an option); a test patch scores its distance to the nearest bank feature
 * (exact k-NN, blocked matrix products {@code |x|^2 - 2 x y^T + |y|^2}); the map is the patch scores resized to
 * the image and blurred (sigma 4 at 256 px); the image score is the highest patch score reweighted by how
 * isolated its nearest neighbour is among its {@code neighbours} nearest bank features (the paper's Eq. 7:
 * {@code (1 - softmax(distances to the support)[0]) * s*}).
 */
public final class PatchCore implements AnomalyDetector {

    /** anomalib's defaults: coreset 10 %, 9 neighbours for the reweighting; a 128-d projection for the coreset. */
    public record Settings(double coresetRatio, int projection, int neighbours, long seed) {
        public Settings {
            if (!(coresetRatio > 0 && coresetRatio <= 1) || neighbours < 1) {
                throw new IllegalArgumentException("coreset ratio in (0, 1] and neighbours >= 1, got " + coresetRatio
                        + ", " + neighbours);
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(0.1, 128, 9, seed);
        }

        public Settings withCoresetRatio(double ratio) {
            return new Settings(ratio, projection, neighbours, seed);
        }
    }

    private static final int BATCH = 32;

    private final FeatureExtractor features;
    private final Settings settings;
    private final NDManager manager;
    private NDArray bank;
    private NDArray bankSquares;
    private int bankSize;
    private int dim;

    public PatchCore(FeatureExtractor features, Settings settings) {
        this.features = features;
        this.settings = settings;
        this.manager = features.backbone().manager().newSubManager();
    }

    @Override
    public String describe() {
        return String.format("PatchCore: %s; coreset %.0f %% (k-center greedy on a %d-d projection), %d neighbours "
                + "for the image score%s", features.describe(), 100 * settings.coresetRatio(), settings.projection(),
                settings.neighbours(), bank == null ? "" : "; memory bank " + bankSize + " x " + dim);
    }

    @Override
    public void fit(List<Image8> faultFree, DoubleConsumer progress) {
        FeatureExtractor.Features f = features.extract(faultFree, BATCH);
        progress.accept(0.3);
        dim = f.dim();
        int n = f.perImage().size() * f.positions();
        float[] all = new float[n * dim];
        for (int i = 0; i < f.perImage().size(); i++) {
            System.arraycopy(f.perImage().get(i), 0, all, i * f.positions() * dim, f.positions() * dim);
        }
        int count = Math.max(1, (int) Math.round(n * settings.coresetRatio()));
        int[] chosen = settings.coresetRatio() >= 1 ? java.util.stream.IntStream.range(0, n).toArray()
                : Coreset.select(manager, all, n, dim, count, settings.projection(), settings.seed());
        float[] rows = new float[chosen.length * dim];
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(all, chosen[k] * dim, rows, k * dim, dim);
        }
        if (bank != null) {
            bank.close();
            bankSquares.close();
        }
        bank = manager.create(rows, new Shape(chosen.length, dim));
        bankSquares = bank.square().sum(new int[] {1});
        bankSize = chosen.length;
        progress.accept(1.0);
    }

    @Override
    public Scores score(List<Image8> images) {
        if (bank == null) {
            throw new IllegalStateException("PatchCore is not fitted: call fit on fault-free images first");
        }
        int side = images.get(0).width();
        float[] imageScores = new float[images.size()];
        List<float[]> maps = new ArrayList<>();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
            FeatureExtractor.Features f = features.extract(chunk, BATCH);
            for (int i = 0; i < chunk.size(); i++) {
                float[] patch = f.perImage().get(i);
                float[] grid = new float[f.positions()];
                imageScores[from + i] = scoreImage(patch, f.positions(), grid);
                maps.add(Grids.toImageMap(grid, f.gridH(), f.gridW(), side));
            }
        }
        return new Scores(imageScores, maps, side);
    }

    /** Fills {@code grid} with each patch's nearest-neighbour distance; returns the reweighted image score. */
    private float scoreImage(float[] patches, int positions, float[] grid) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(patches, new Shape(positions, dim));
            NDArray d2 = squaredDistances(x, bank, bankSquares);
            NDArray nearest = d2.argMin(1);
            float[] best = d2.min(new int[] {1}).sqrt().toFloatArray();
            System.arraycopy(best, 0, grid, 0, positions);
            int star = 0;
            for (int p = 1; p < positions; p++) {
                star = best[p] > best[star] ? p : star;
            }
            float sStar = best[star];
            long nn = nearest.getLong(star);
            int k = Math.min(settings.neighbours(), bankSize);
            NDArray nnFeature = bank.get(nn).reshape(1, dim);
            NDArray toBank = squaredDistances(nnFeature, bank, bankSquares).reshape(bankSize);
            NDArray support = toBank.neg().topK(k, 0).get(1);
            NDArray supportFeatures = bank.get(support);
            NDArray xs = x.get(star).reshape(1, dim);
            NDArray dist = supportFeatures.sub(xs).square().sum(new int[] {1}).sqrt();
            float weight = 1 - dist.softmax(0).getFloat(0);
            return weight * sStar;
        }
    }

    /** {@code |x|^2 - 2 x y^T + |y|^2}, clamped at 0 (rounding can dip below). */
    static NDArray squaredDistances(NDArray x, NDArray y, NDArray ySquares) {
        NDArray xs = x.square().sum(new int[] {1}, true);
        return xs.sub(x.matMul(y.transpose()).mul(2)).add(ySquares.reshape(1, -1)).maximum(0);
    }

    @Override
    public void close() {
        manager.close();
        features.close();
    }
}
