package org.ispadlab.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;

/** The paper's figure layouts, filled with patches from the data at hand. */
public final class Galleries {

    private Galleries() {
    }

    /** Figs. 1-2: for each defect, the patch, its ground-truth mask and the overlay, side by side. */
    public static BufferedImage defects(List<LabeledPatch> patches, int count, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        for (LabeledPatch p : patches.subList(0, Math.min(count, patches.size()))) {
            Image8 image = p.load();
            Image8 mask = p.loadMask();
            tiles.add(Images.Tile.of(image, p.stem() + " " + p.group().folder()));
            tiles.add(Images.Tile.of(mask, "GT"));
            tiles.add(Images.Tile.of(Images.overlay(image, mask), "overlay"));
        }
        return Images.grid(tiles, 3, side);
    }

    /** A row-major grid of patches with a caption each. */
    /**
     * The four steps of one synthesis (notebook 02): the fault-free patch, the walk's skeleton, the texture, the
     * modified patch, the residual and the mask, each {@code side} px, with a caption line per tile.
     */
    public static BufferedImage synthesisSteps(Image8 patch, org.ispadlab.synth.RandomWalkSynthesizer.Trace t, int side) {
        return patches(List.of(patch, t.skeletonImage(), t.textureImage(), t.modified(), t.residualImage(), t.mask()),
                List.of("fault-free", "1 skeleton", "2 texture", "3 modified", "4 residual x4",
                        t.accepted() ? "mask (accepted)" : "rejected: invisible"), 6, side);
    }

    public static BufferedImage patches(List<Image8> images, List<String> captions, int columns, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            tiles.add(Images.Tile.of(images.get(i), i < captions.size() ? captions.get(i) : ""));
        }
        return Images.grid(tiles, columns, side);
    }

    /**
     * One grid of each row's hardest fault-free image (its highest-scored good patch) beside that row's anomaly map,
     * three rows side by side; each map on its own colour range.
     */
    public static BufferedImage hardestGood(List<String> labels, List<LabeledPatch> patches, List<float[]> maps, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            Image8 image = patches.get(i).load();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float v : maps.get(i)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            tiles.add(Images.Tile.of(image, labels.get(i)));
            tiles.add(Images.Tile.of(Images.heatOverlay(image, maps.get(i), lo, hi), patches.get(i).stem() + " map"));
        }
        return Images.grid(tiles, 6, side);
    }

    /**
     * Figs. 4-5: one row per patch, its ground truth over it, then each method's map over it ({@code maps}: a label
     * and one map per patch, in order). Each method's maps share one colour scale, from their lowest to their highest
     * value, so a row shows where a method looks and the rows show how sure it is.
     */
    public static BufferedImage anomalyMaps(List<LabeledPatch> patches, Map<String, List<float[]>> maps, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        Map<String, double[]> ranges = new LinkedHashMap<>();
        maps.forEach((label, list) -> {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float[] m : list) {
                for (float v : m) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            ranges.put(label, new double[] {lo, hi});
        });
        for (int i = 0; i < patches.size(); i++) {
            LabeledPatch p = patches.get(i);
            Image8 image = p.load();
            String group = p.group() == null ? "good" : p.group().folder();
            tiles.add(Images.Tile.of(p.defective() ? Images.overlay(image, p.loadMask()) : image, p.stem() + " " + group));
            for (var e : maps.entrySet()) {
                double[] r = ranges.get(e.getKey());
                tiles.add(Images.Tile.of(Images.heatOverlay(image, e.getValue().get(i), r[0], r[1]), e.getKey()));
            }
        }
        return Images.grid(tiles, 1 + maps.size(), side);
    }

    /** One tile of {@link #cases}: the image, its mask (null: fault-free), a map over it (null: none) and a caption. */
    public record Case(Image8 image, Image8 mask, float[] map, String caption) {
    }

    /**
     * The explorer's galleries: each case's map over its image, each map on its own colour range, with the mask's
     * outline in red on top; an image without a map is shown as it is.
     */
    public static BufferedImage cases(List<Case> cases, int columns, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        for (Case c : cases) {
            Image8 base = c.image();
            if (c.map() != null) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (float v : c.map()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                base = Images.heatOverlay(base, c.map(), lo, hi);
            }
            tiles.add(new Images.Tile(Images.outline(base, c.mask()).toBufferedImage(), c.caption()));
        }
        return Images.grid(tiles, columns, side);
    }
}
