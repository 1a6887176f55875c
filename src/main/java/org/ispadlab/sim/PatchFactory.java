package org.ispadlab.sim;

import java.util.Optional;
import java.util.SplittableRandom;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;

/**
 * Renders one patch of a modality: the plate's print through the modality's optics, an optional process
 * defect, blur and sensor noise. The mask marks exactly the pixels the defect changed (more than
 * {@link #MASK_THRESHOLD} grey levels before noise).
 */
public final class PatchFactory {

    /** Grey levels a defect must change a pixel by to count in the mask. */
    static final float MASK_THRESHOLD = 4f;
    private static final int MAX_TRIES = 12;
    /** Share of ASM patches, good and defective alike, with a masked border (paper, Sec. 3.2.5). */
    private static final double MASKED_BORDER_SHARE = 0.5;

    /** A rendered patch; {@code defect} is null for a fault-free one, whose mask is all zero. */
    public record Rendered(Image8 image, Image8 mask, DefectClass defect) {
    }

    private final Modality modality;
    private final ModalityModel model;
    private final double defectScale;
    private final double contrast;
    private final double areaContrast;
    private final int patchSize;

    /**
     * @param patchSize the sim's patch size; defects keep their physical size relative to a 256 px patch
     * @param contrast  multiplies every defect's contrast
     */
    public PatchFactory(Modality modality, int patchSize, double contrast) {
        this(modality, patchSize, contrast, contrast);
    }

    /**
     * @param pointContrast multiplies the point defects' contrast
     * @param areaContrast  multiplies how strongly area defects change the print (stroke amplitude, cell shift
     *                      and thinning, layer shift)
     */
    public PatchFactory(Modality modality, int patchSize, double pointContrast, double areaContrast) {
        this.modality = modality;
        this.model = ModalityModel.of(modality);
        this.defectScale = patchSize / 256.0;
        this.patchSize = patchSize;
        this.contrast = pointContrast;
        this.areaContrast = areaContrast;
    }

    public Modality modality() {
        return modality;
    }

    /** A fault-free patch of side {@code size} from a plate and position drawn from {@code seed}. */
    public Image8 faultFree(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlateStyle style = PlateStyle.draw(r.split(), r.split());
        return good(style, Math.floor(r.nextDouble() * 15 * size), Math.floor(r.nextDouble() * 15 * size), size, r).image();
    }

    /** A patch of side {@code size} with a process defect of class {@code cls}, everything drawn from {@code seed}. */
    public Rendered withDefect(int size, DefectClass cls, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlateStyle style = PlateStyle.draw(r.split(), r.split());
        return defective(style, Math.floor(r.nextDouble() * 15 * size), Math.floor(r.nextDouble() * 15 * size), size, cls, 1, r);
    }

    /** A fault-free patch of side {@code size} cut from the plate at (x0, y0). */
    public Rendered good(PlateStyle style, double x0, double y0, int size, SplittableRandom r) {
        Field f = model.render(style, x0, y0, size, patchSize, null).blurred(style.blur());
        Image8 image = f.toImage(r, style.noise());
        Image8 mask = Image8.blank(size, size, 1);
        if (modality == Modality.ASM && r.nextDouble() < MASKED_BORDER_SHARE) {
            maskBorder(image, mask, r); // fault-free patches have them as often as defective ones: no label cue
        }
        return new Rendered(image, mask, null);
    }

    /**
     * A patch with a defect of class {@code cls}, placed within {@code spread} x 30 % of the side around the
     * centre: 0 centres it (real training defects are labelled so), 1 puts it anywhere but the outer 20 %.
     * Redraws a defect that left no visible trace.
     */
    public Rendered defective(PlateStyle style, double x0, double y0, int size, DefectClass cls, double spread,
                              SplittableRandom r) {
        return visibleDefect(style, x0, y0, size, cls, spread, r).orElseThrow(() -> new IllegalStateException("a "
                + cls.label() + " defect stayed invisible in " + MAX_TRIES + " tries at contrast "
                + (cls.group() == DefectGroup.AREA ? areaContrast : contrast) + "; raise "
                + (cls.group() == DefectGroup.AREA ? "area_contrast" : "point_contrast")));
    }

    /**
     * As {@link #defective}, empty when the defect left no visible trace in every try (a pinhole where the
     * light already passes unhindered, say): the caller may draw another place on the plate.
     */
    public Optional<Rendered> visibleDefect(PlateStyle style, double x0, double y0, int size, DefectClass cls,
                                            double spread, SplittableRandom r) {
        Field clean = model.render(style, x0, y0, size, patchSize, null);
        Field cleanBlurred = clean.blurred(style.blur());
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            double cx = size / 2.0 + spread * Rng.range(r, -0.3, 0.3) * size;
            double cy = size / 2.0 + spread * Rng.range(r, -0.3, 0.3) * size;
            Field defect;
            if (cls.group() == DefectGroup.AREA) {
                defect = model.render(style, x0, y0, size, patchSize, area(cls, cx, cy, r));
            } else {
                defect = clean.copy();
                PointDefects.paint(defect, cls, modality, r, defectScale, contrast, cx, cy);
            }
            Field blurred = defect.blurred(style.blur());
            Image8 mask = cleanBlurred.differenceMask(blurred, MASK_THRESHOLD);
            if (mask.countNonZero() > 0) {
                Image8 image = blurred.toImage(r, style.noise());
                if (modality == Modality.ASM && r.nextDouble() < MASKED_BORDER_SHARE) {
                    maskBorder(image, mask, r);
                }
                return Optional.of(new Rendered(image, mask, cls));
            }
        }
        return Optional.empty();
    }

    /** An area defect around (cx, cy), its extent relative to the patch side whatever the canvas. */
    AreaDefect area(DefectClass cls, double cx, double cy, SplittableRandom r) {
        double s = defectScale;
        int size = patchSize;
        double k = areaContrast;
        return switch (cls) {
            case GRID -> new AreaDefect.Grid(cx, cy, Rng.range(r, 0.18, 0.32) * size, Rng.range(r, 0.12, 0.25) * size,
                    Rng.range(r, 5, 11) * k, Rng.range(r, -6, 6) * k,
                    Math.max(0.15, 1 - (1 - Rng.range(r, 0.5, 0.75)) * k));
            // 0.3-0.45 of the print's period at the paper's contrast (8-12 px): in any direction at least 0.2 of a
            // period along one axis, so the mesh leaves its gap (a margin of at most 0.11 period plus the plate's
            // tolerance) and lies on the cells; more at a larger contrast, up to half a period (the farthest a shift
            // gets from the next registered position)
            case MISALIGNMENT -> new AreaDefect.LayerShift(Math.min(0.5, Rng.range(r, 0.3, 0.45) * k),
                    Rng.range(r, 0, 2 * Math.PI));
            case SQUEEGEE -> new AreaDefect.Squeegee((r.nextBoolean() ? 1 : -1) * Rng.range(r, 0.2, 0.3),
                    Rng.range(r, 4, 9) * Math.max(0.6, s * 1.4), (r.nextBoolean() ? 1 : -1) * Rng.range(r, 9, 14) * k);
            default -> throw new IllegalArgumentException(cls + " is not an area defect");
        };
    }

    /**
     * ASM's manual extraction left black borders of a few px on the left or right (paper, Sec. 3.2.5). The border
     * is placed relative to the patch the canvas is cut to (its centre): a canvas twice the patch side (the stream's
     * sources, real training defects) is black from its edge to the same few px inside that crop, so augmented
     * stream patches show borders as the test patches do, instead of losing them to the centre crop.
     */
    private void maskBorder(Image8 image, Image8 mask, SplittableRandom r) {
        int width = 2 + r.nextInt(5);
        boolean left = r.nextBoolean();
        int reach = Math.max(0, (image.width() - patchSize) / 2) + width;
        for (int y = 0; y < image.height(); y++) {
            for (int i = 0; i < reach; i++) {
                int x = left ? i : image.width() - 1 - i;
                image.set(x, y, 0, 0);
                mask.set(x, y, 0, 0);
            }
        }
    }
}
