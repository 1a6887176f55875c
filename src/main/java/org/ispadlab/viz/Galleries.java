package org.ispadlab.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
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
    public static BufferedImage patches(List<Image8> images, List<String> captions, int columns, int side) {
        List<Images.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            tiles.add(Images.Tile.of(images.get(i), i < captions.size() ? captions.get(i) : ""));
        }
        return Images.grid(tiles, columns, side);
    }
}
