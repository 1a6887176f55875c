package org.ispadlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.synth.SynthCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The difficulty dial: its ends are the presets, and what it draws grows more visible as it turns up. */
class DifficultyDialTest {

    private static final Manifest MANIFEST = Manifest.load();

    @Test
    void atOneTheDialIsTheWorkshopPresetAndAtZeroThePapersDifficulty() {
        SimPreset workshop = SimPreset.of(Scale.WORKSHOP);
        SimPreset paper = SimPreset.of(Scale.PAPER);
        SimPreset one = SimPreset.atVisibility(Scale.WORKSHOP, 1);
        assertEquals(workshop.toString().replaceAll("visibility=\\{.*", ""), one.toString().replaceAll("visibility=\\{.*", ""));
        assertEquals(workshop.visibility().keySet(), one.visibility().keySet());
        workshop.visibility().forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, one.visibility().get(k)), k));
        SimPreset zero = SimPreset.atVisibility(Scale.WORKSHOP, 0);
        assertEquals(paper.pointContrast(), zero.pointContrast(), 0.0);
        assertEquals(paper.areaContrast(), zero.areaContrast(), 0.0);
        for (Modality m : Modality.values()) {
            assertEquals(paper.synthesis().get(m), zero.synthesis().get(m), m + "'s synthesis at 0");
            assertEquals(SynthCalibration.PAPER, zero.synthesis().get(m));
        }
        // the laptop's counts and patch size stay the workshop's
        assertEquals(workshop.factor(), zero.factor(), 0.0);
        assertEquals(workshop.patchSize(), zero.patchSize());
        assertEquals(workshop.minCounts(), zero.minCounts());
        assertEquals(workshop.seed(), zero.seed());
    }

    @Test
    void inBetweenEveryParameterMovesGeometrically() {
        SimPreset half = SimPreset.atVisibility(Scale.WORKSHOP, 0.5);
        assertEquals(Math.sqrt(1 * 4.0), half.pointContrast(), 1e-12);
        assertEquals(Math.sqrt(1 * 2.0), half.areaContrast(), 1e-12);
        SynthCalibration c = half.synthesis().get(Modality.LSM_1);
        assertEquals(Math.sqrt(2.5), c.amplitude(), 1e-12);
        assertEquals(Math.sqrt(6.0), c.thickness(), 1e-12);
        assertEquals(Math.sqrt(8.0), c.visibility(), 1e-12);
        assertEquals(Math.sqrt(0.2 * 0.6), c.amplitudeFloor(), 1e-12);
        for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SimPreset.atVisibility(Scale.WORKSHOP, bad));
            assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SimPreset.atVisibility(Scale.PAPER, 0.5));
    }

    @Test
    void theMeasuredContrastRatioRisesWithTheLevel(@TempDir Path tmp) {
        double[] levels = {0, 0.5, 1};
        Map<String, double[]> ratios = new LinkedHashMap<>();
        for (int i = 0; i < levels.length; i++) {
            SimPreset dial = SimPreset.atVisibility(Scale.WORKSHOP, levels[i]);
            // the dial's difficulty on a small sample: 40 patches a split, no documented minima
            SimPreset small = new SimPreset(Scale.WORKSHOP, 0.0005, 40, dial.patchSize(), dial.seed(),
                    dial.overlookedDefectRate(), dial.pointContrast(), dial.areaContrast(), Map.of(), dial.synthesis(),
                    Map.of());
            Path root = new SimGenerator(small, MANIFEST, 2, line -> { }, LabData.paperStream(small))
                    .generate(tmp.resolve("level-" + i), false).root();
            Table t = SimDefects.visibility(DatasetLayout.of(root, MANIFEST), MANIFEST, 40);
            for (int r = 0; r < t.rowCount(); r++) {
                String key = t.stringColumn("modality").get(r) + "/" + t.stringColumn("kind").get(r);
                ratios.computeIfAbsent(key, k -> new double[levels.length])[i] = t.doubleColumn("contrast_ratio").get(r);
            }
        }
        assertEquals(9, ratios.size(), ratios.keySet().toString());
        // every kind whose visibility is a contrast rises with the level (measured: LSM-1 synthetic 0.46, 0.82, 1.92)
        List<String> structural = List.of("LSM-1/area", "LSM-2/area");
        ratios.forEach((key, r) -> assertTrue(structural.contains(key) || r[0] <= r[1] && r[1] <= r[2],
                key + ": contrast ratio at 0, 0.5, 1 = " + java.util.Arrays.toString(r)));
        assertTrue(ratios.get("LSM-1/synthetic")[2] > 2 * ratios.get("LSM-1/synthetic")[0],
                java.util.Arrays.toString(ratios.get("LSM-1/synthetic")));
        // the two structural ones hardly move, which the contrast ratio cannot tell anyway: LSM-1's disturbed grid
        // (0.20, 0.17, 0.17) and LSM-2's misregistered layer, whose shift reaches its cap of half a period at
        // 1.4x the paper's contrast (0.47, 0.36, 0.36): the paper's misalignment is as plain as the workshop's
        for (String key : structural) {
            double[] r = ratios.get(key);
            assertTrue(Math.abs(r[0] - r[2]) < 0.35 * r[2], key + ": " + java.util.Arrays.toString(r));
        }
        assertEquals(ratios.get("LSM-2/area")[1], ratios.get("LSM-2/area")[2], 1e-12);
    }

    @Test
    void theDialsDataSitsBesideTheScalesOwn() {
        Path own = LabData.simRoot(Scale.WORKSHOP);
        assertEquals(own, LabData.simRoot(Scale.WORKSHOP, 1));
        assertEquals(own.resolveSibling("workshop-visibility-0.50"), LabData.simRoot(Scale.WORKSHOP, 0.5));
        assertEquals(List.of(own.getParent()), List.of(LabData.simRoot(Scale.WORKSHOP, 0).getParent()));
    }
}
