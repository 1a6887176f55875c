package org.ispadlab.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.model.Classifier;
import org.ispadlab.train.EvalSet;

/**
 * F2 seen: the cold-start classifier's features (its last stage, pooled) of fault-free test patches, fresh synthetic
 * defects, and the real point and area defects, projected to 2-D by PCA (Commons Math's SVD) and by t-SNE (Smile
 * 2.6, LGPL-3.0, pure Java; Smile 3 and later are GPL); and for every real defect the distance to its nearest
 * synthetic defect in the full feature space, with how well that distance predicts the model's miss (AUROC).
 */
public final class SyntheticGap {

    /** Dimensions PCA keeps before t-SNE (the usual preprocessing: less noise, faster neighbours). */
    static final int PCA_BEFORE_TSNE = 50;
    static final double PERPLEXITY = 20;
    static final int TSNE_ITERATIONS = 1000;

    /**
     * @param labels     per point: "good", "synthetic", or a real defect's group with "caught" or "missed"
     * @param pca        2-D PCA coordinates per point
     * @param tsne       2-D t-SNE coordinates per point
     * @param explained  the share of variance the two principal components hold
     * @param realIndex  per real defect, its index in the test table
     * @param distance   per real defect, the distance to its nearest synthetic defect
     * @param missed     per real defect, whether the model misses it (at its F1-optimal threshold, the paper's)
     * @param missAuroc  AUROC of distance as a predictor of a miss (0.5: says nothing; NaN: no miss or no hit)
     * @param relative   per real defect, its distance to the nearest synthetic defect over its distance to the
     *                   nearest fault-free test patch: below 1 it looks more like a synthetic defect, above 1 more
     *                   like a fault-free patch (raw distances also grow with how strongly a patch activates)
     * @param relativeMissAuroc AUROC of {@code relative} as a predictor of a miss
     * @param medianGoodToSynthetic the median distance of a fault-free test patch to its nearest synthetic defect
     */
    public record Result(List<String> labels, double[][] pca, double[][] tsne, double explained, int[] realIndex,
                         double[] distance, boolean[] missed, double missAuroc, double[] relative,
                         double relativeMissAuroc, double medianGoodToSynthetic) {

        /** Points by label, {x[], y[]} each, for a scatter chart. */
        public Map<String, double[][]> series(boolean useTsne) {
            double[][] xy = useTsne ? tsne : pca;
            Map<String, double[][]> out = new LinkedHashMap<>();
            for (String label : labels.stream().distinct().toList()) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.get(i).equals(label)) {
                        idx.add(i);
                    }
                }
                double[][] s = new double[2][idx.size()];
                for (int k = 0; k < idx.size(); k++) {
                    s[0][k] = xy[idx.get(k)][0];
                    s[1][k] = xy[idx.get(k)][1];
                }
                out.put(label, s);
            }
            return out;
        }

        /** The relative distance (see {@code relative}) against the miss, {relative[], 0/1[]} per real group. */
        public Map<String, double[][]> distanceByOutcome() {
            Map<String, List<Double>> by = new LinkedHashMap<>();
            int k = 0;
            for (String label : labels) {
                if (!label.equals("good") && !label.equals("synthetic")) {
                    by.computeIfAbsent(label, x -> new ArrayList<>()).add(relative[k++]);
                }
            }
            Map<String, double[][]> out = new LinkedHashMap<>();
            by.forEach((label, d) -> {
                double[][] s = new double[2][d.size()];
                for (int i = 0; i < d.size(); i++) {
                    s[0][i] = d.get(i);
                    s[1][i] = label.endsWith("missed") ? 1 : 0;
                }
                out.put(label, s);
            });
            return out;
        }
    }

    private SyntheticGap() {
    }

    /**
     * @param coldStart the classifier (notebook 04's row none) and its scores
     * @param table     the test images
     * @param inputs    the test images as the classifier sees them, in the table's order
     * @param synthetic fresh synthetic defects and fault-free patches ({@code SupervisedData#heldOutSynthetic})
     */
    public static Result measure(ExploredModel coldStart, DefectTable table, List<Image8> inputs, EvalSet synthetic,
                                 long seed) {
        List<Image8> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> real = new ArrayList<>();
        for (DefectTable.Image i : table.images()) {
            images.add(inputs.get(i.index()));
            if (i.defective()) {
                real.add(i.index());
                labels.add(i.group() + (coldStart.flaggedAtOptimal(i.index()) ? " caught" : " missed"));
            } else {
                labels.add("good");
            }
        }
        int firstSynthetic = images.size();
        for (int k = 0; k < synthetic.size(); k++) {
            if (synthetic.defective()[k]) {
                images.add(synthetic.images().get(k));
                labels.add("synthetic");
            }
        }
        double[][] features;
        try (Classifier model = Classifier.create(coldStart.backbone(), coldStart.channels(), inputs.get(0).width(), 0,
                coldStart.weights())) {
            float[][] f = model.pooledFeatures(images, 32);
            features = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                features[i] = new double[f[i].length];
                for (int d = 0; d < f[i].length; d++) {
                    features[i][d] = f[i][d];
                }
            }
        }
        double[][] synth = java.util.Arrays.copyOfRange(features, firstSynthetic, features.length);
        List<DefectTable.Image> rows = table.images();
        double[][] good = java.util.stream.IntStream.range(0, rows.size()).filter(i -> !rows.get(i).defective())
                .mapToObj(i -> features[i]).toArray(double[][]::new);
        int[] realIndex = real.stream().mapToInt(Integer::intValue).toArray();
        double[] distance = new double[realIndex.length];
        double[] relative = new double[realIndex.length];
        boolean[] missed = new boolean[realIndex.length];
        int r = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).defective()) {
                distance[r] = nearest(features[i], synth);
                relative[r] = distance[r] / Math.max(1e-12, nearest(features[i], good));
                missed[r] = !coldStart.flaggedAtOptimal(i);
                r++;
            }
        }
        double[] goodDistances = java.util.Arrays.stream(good).mapToDouble(x -> nearest(x, synth)).toArray();
        double[][] centred = centre(features);
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(centred, false));
        int keep = Math.min(PCA_BEFORE_TSNE, svd.getV().getColumnDimension());
        RealMatrix projected = new Array2DRowRealMatrix(centred, false).multiply(svd.getV()
                .getSubMatrix(0, svd.getV().getRowDimension() - 1, 0, keep - 1));
        double[] sv = svd.getSingularValues();
        double total = 0;
        for (double s : sv) {
            total += s * s;
        }
        double explained = total > 0 ? (sv[0] * sv[0] + (sv.length > 1 ? sv[1] * sv[1] : 0)) / total : Double.NaN;
        double[][] pca = new double[features.length][2];
        for (int i = 0; i < features.length; i++) {
            pca[i][0] = projected.getEntry(i, 0);
            pca[i][1] = keep > 1 ? projected.getEntry(i, 1) : 0;
        }
        return new Result(List.copyOf(labels), pca, tsne(projected.getData(), seed), explained, realIndex, distance,
                missed, missAuroc(distance, missed), relative, missAuroc(relative, missed), median(goodDistances));
    }

    /** t-SNE with Smile, seeded: Smile draws its start from its own per-thread generator, which it lets one seed. */
    static double[][] tsne(double[][] points, long seed) {
        smile.math.MathEx.setSeed(seed);
        double perplexity = Math.min(PERPLEXITY, (points.length - 1) / 3.0);
        return new smile.manifold.TSNE(points, 2, perplexity, 200, TSNE_ITERATIONS).coordinates;
    }

    static double missAuroc(double[] distance, boolean[] missed) {
        boolean any = false;
        boolean all = true;
        for (boolean m : missed) {
            any |= m;
            all &= m;
        }
        return any && !all ? new BinaryMetrics(distance, missed).auroc() : Double.NaN;
    }

    static double nearest(double[] x, double[][] set) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] s : set) {
            double d = 0;
            for (int k = 0; k < x.length; k++) {
                double e = x[k] - s[k];
                d += e * e;
            }
            best = Math.min(best, d);
        }
        return Math.sqrt(best);
    }

    private static double[][] centre(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                mean[k] += row[k] / x.length;
            }
        }
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                out[i][k] = x[i][k] - mean[k];
            }
        }
        return out;
    }

    private static double median(double[] v) {
        return v.length == 0 ? Double.NaN : org.apache.commons.math3.stat.StatUtils.percentile(v, 50);
    }
}
