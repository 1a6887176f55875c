package org.ispadlab.data;

import java.nio.file.Path;

/**
 * One patch file of a split: fault-free ({@code group == null}) or defective, with its mask where the split
 * has masks (test sets) and none where labels are weak (real training defects).
 */
public record LabeledPatch(Path image, Path mask, DefectGroup group) {

    public boolean defective() {
        return group != null;
    }

    public String stem() {
        String name = image.getFileName().toString();
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }

    public Image8 load() {
        return Png.read(image);
    }

    /** The mask, or an all-zero one for a fault-free patch; an error for a weakly labelled defect. */
    public Image8 loadMask() {
        if (mask != null) {
            return Png.read(mask);
        }
        if (group != null) {
            throw new IllegalStateException(image + " is weakly labelled: it has no pixel mask");
        }
        Png.Header h = Png.header(image);
        return Image8.blank(h.width(), h.height(), 1);
    }
}
