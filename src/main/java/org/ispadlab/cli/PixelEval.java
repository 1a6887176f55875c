package org.ispadlab.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.ispadlab.data.AnomalyMapFiles;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.Borders;
import org.ispadlab.eval.PixelMetrics;
import org.ispadlab.unsup.Scores;

/** {@code lab eval --maps --masks}: pixel AUROC and PRO of any tool's maps, and the image AUROC of their maxima. */
final class PixelEval {

    private PixelEval() {
    }

    static void run(Path maps, Path masks, int crop) {
        long t0 = System.nanoTime();
        List<AnomalyMapFiles.Entry> entries = AnomalyMapFiles.match(maps, masks);
        PixelMetrics metrics = new PixelMetrics();
        float[] imageScores = new float[entries.size()];
        boolean[] defective = new boolean[entries.size()];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < entries.size(); i++) {
                AnomalyMapFiles.Entry e = entries.get(i);
                AnomalyMapFiles.Grid g = AnomalyMapFiles.readMap(e.map(), manager);
                boolean[] mask = e.mask() == null ? null : AnomalyMapFiles.readMask(e.mask(), g.width(), g.height());
                float[] map = crop == 0 ? g.values() : Borders.crop(g.values(), g.width(), g.height(), crop);
                mask = crop == 0 ? mask : Borders.crop(mask, g.width(), g.height(), crop);
                metrics.add(e.map().toString(), map, mask, g.width() - 2 * crop, g.height() - 2 * crop);
                imageScores[i] = Scores.maximum(map);
                defective[i] = any(mask);
            }
        }
        long t1 = System.nanoTime();
        PixelMetrics.Result r = metrics.compute();
        double seconds = (System.nanoTime() - t1) / 1e9;
        int bad = 0;
        for (boolean d : defective) {
            bad += d ? 1 : 0;
        }
        System.out.printf("%s: %d maps, %d with a defect, %d defect regions%s%n", maps, entries.size(), bad,
                r.regions(), crop == 0 ? "" : ", " + crop + " px border cropped");
        System.out.printf("pixel AUROC %.4f  (%d pixels, %d defective)%n", r.auroc(), r.pixels(), r.defectPixels());
        System.out.printf("PRO %.4f  (per-region overlap up to FPR %.1f, normalised)%n", r.pro(),
                PixelMetrics.PRO_FPR_LIMIT);
        if (bad > 0 && bad < entries.size()) {
            System.out.printf("image AUROC %.4f  (the maximum of each map as its image score)%n",
                    BinaryMetrics.of(imageScores, defective).auroc());
        }
        System.out.printf("(read in %.2f s, evaluated in %.2f s)%n", (t1 - t0) / 1e9, seconds);
    }

    private static boolean any(boolean[] v) {
        if (v != null) {
            for (boolean b : v) {
                if (b) {
                    return true;
                }
            }
        }
        return false;
    }
}
