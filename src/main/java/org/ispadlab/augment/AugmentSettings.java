package org.ispadlab.augment;

import org.ispadlab.data.Modality;
import org.ispadlab.paper.PaperTables;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Table 8's augmentation ranges for one modality, read from the paper's table shipped with the library.
 * Brightness and contrast are absent for ASM in the paper, so they stay at 1 there.
 *
 * @param probability share of patches that get the random affine transform (paper: 80-95 %)
 */
public record AugmentSettings(double rotationDeg, double scaleMin, double scaleMax, double shearDeg,
                              boolean verticalFlip, boolean horizontalFlip, double brightnessMin,
                              double brightnessMax, double contrastMin, double contrastMax, double probability) {

    public AugmentSettings {
        if (probability < 0.8 || probability > 0.95) {
            throw new IllegalArgumentException("the augmentation probability must lie in [0.80, 0.95] as in the "
                    + "paper (Sec. 3.2.3); got " + probability);
        }
    }

    /** Table 8 for {@code m}, applied to 90 % of patches. */
    public static AugmentSettings of(Modality m) {
        return of(m, 0.9);
    }

    public static AugmentSettings of(Modality m, double probability) {
        Table t = PaperTables.AUGMENTATION.load();
        for (Row r : t) {
            if (r.getString("modality").equals(m.id())) {
                return new AugmentSettings(orOne(t, r, "rotation_deg"), orOne(t, r, "scale_min"), orOne(t, r, "scale_max"),
                        orOne(t, r, "shear_deg"), r.getString("vertical_flip").equals("yes"),
                        r.getString("horizontal_flip").equals("yes"),
                        orOne(t, r, "brightness_min"), orOne(t, r, "brightness_max"),
                        orOne(t, r, "contrast_min"), orOne(t, r, "contrast_max"), probability);
            }
        }
        throw new IllegalStateException("Table 8 has no row for " + m.id());
    }

    /** A number of the row (the CSV reader may have typed the column as integers), 1 where the paper has none. */
    private static double orOne(Table t, Row r, String column) {
        return t.column(column).isMissing(r.getRowNumber()) ? 1.0 : t.numberColumn(column).getDouble(r.getRowNumber());
    }
}
