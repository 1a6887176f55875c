package org.ispadlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The visibility each preset documents (README, notebook 01) is what its generated data measures. */
class VisibilityTest {

    private static final Manifest MANIFEST = Manifest.load();

    private static Table measure(SimPreset preset, Path out, int synthetic) {
        Path root = new SimGenerator(preset, MANIFEST, 2, line -> { }, LabData.paperStream(preset))
                .generate(out, false).root();
        return SimDefects.visibility(DatasetLayout.of(root, MANIFEST), MANIFEST, synthetic);
    }

    /** Measured medians against the documented ones, within {@code tolerance} (relative). */
    private static void assertDocumented(SimPreset preset, Table measured, double tolerance) {
        assertFalse(preset.visibility().isEmpty(), preset.scale() + " documents no visibility");
        for (int i = 0; i < measured.rowCount(); i++) {
            String key = measured.stringColumn("modality").get(i) + "/" + measured.stringColumn("kind").get(i);
            double[] doc = preset.visibility().get(key);
            assertTrue(doc != null, preset.scale() + " documents no " + key);
            double area = measured.doubleColumn("area_px").get(i);
            double ratio = measured.doubleColumn("contrast_ratio").get(i);
            assertEquals(doc[0], area, tolerance * doc[0], key + " median area");
            assertEquals(doc[1], ratio, tolerance * doc[1], key + " median contrast ratio");
        }
    }

    @Test
    void theWorkshopPresetDocumentsItsOwnData(@TempDir Path tmp) {
        SimPreset workshop = SimPreset.of(Scale.WORKSHOP);
        // the preset itself, seed included: the documented medians are reproduced to rounding
        assertDocumented(workshop, measure(workshop, tmp.resolve("workshop"), 300), 0.01);
    }

    @Test
    void thePaperPresetIsAsFaintAsDocumentedAndFainterThanTheWorkshop(@TempDir Path tmp) {
        SimPreset paper = SimPreset.of(Scale.PAPER);
        // a small sample of the paper's difficulty (its 256 px data is slow to make): medians within a third
        Table measured = measure(paper.withSize(0.0005, 12), tmp.resolve("paper"), 40);
        assertDocumented(paper, measured, 0.35);
        SimPreset workshop = SimPreset.of(Scale.WORKSHOP);
        for (String m : new String[] {"LSM-1", "ASM"}) {
            double w = workshop.visibility().get(m + "/synthetic")[1];
            double p = paper.visibility().get(m + "/synthetic")[1];
            assertTrue(w > 1.25 * p, m + ": workshop synthetic ratio " + w + " against paper " + p);
        }
    }
}
