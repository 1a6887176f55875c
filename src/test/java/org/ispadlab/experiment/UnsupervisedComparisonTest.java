package org.ispadlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ispadlab.Scale;
import org.ispadlab.SmokeData;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Backbone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class UnsupervisedComparisonTest {

    @Test
    void evaluatesBothThresholdsCropsAsmAndReloadsItsCachedResultEqual(@TempDir Path dir) throws Exception {
        Path root = SmokeData.generate(dir.resolve("sim"));
        DatasetLayout layout = DatasetLayout.of(root, Manifest.load());
        Path results = dir.resolve("results");
        var comparison = new UnsupervisedComparison(layout, Modality.ASM, Scale.SMOKE, root, Backbone.RESNET_18, 3,
                results);
        assertTrue(comparison.borderCrop() >= 6, "ASM's masked borders are cropped");
        var settings = UnsupervisedComparison.Settings.forScale(Scale.SMOKE, 3);
        double[] progress = {0};
        var first = comparison.run(UnsupervisedComparison.Method.PATCHCORE, FeatureSources.RANDOM, settings, false,
                p -> progress[0] = p);
        assertEquals(1.0, progress[0]);
        int tests = comparison.test().size();
        assertEquals(tests, first.scores().length);
        assertEquals(tests, first.groups().size());
        long defective = comparison.test().stream().filter(p -> p.defective()).count();
        var honest = first.validationThreshold();
        assertEquals(defective, honest.tp() + honest.fn());
        assertEquals(tests - defective, honest.tn() + honest.fp());
        assertEquals(honest.fn(), honest.falseNegativesByGroup().values().stream().mapToInt(i -> i).sum());
        assertTrue(first.optimalF1().mcc() >= honest.mcc() - 1e-12 || first.optimalF1().recall() > 0,
                "the F1-optimal threshold is chosen on the test set itself");
        for (double v : new double[] {first.imageAuroc(), first.pixelAuroc(), first.pro()}) {
            assertTrue(v >= 0 && v <= 1, "a metric out of range: " + v);
        }
        assertEquals(comparison.borderCrop(), first.borderCrop());
        assertEquals("good", first.hardestGood().group());
        assertTrue(first.examples().stream().allMatch(e -> !e.group().equals("good")));
        assertTrue(first.defectPixelShare() > 0 && first.defectPixelShare() < 0.5);
        assertTrue(first.examples().stream().allMatch(e -> e.map().length == first.side() * first.side()));
        assertTrue(first.description().contains("random initialisation"), first.description());

        Path cached = Files.walk(results).filter(p -> p.getFileName().toString().equals("outcome.json")).findFirst()
                .orElseThrow();
        assertTrue(cached.toString().contains("ASM"), cached.toString());
        progress[0] = 0;
        var again = comparison.run(UnsupervisedComparison.Method.PATCHCORE, FeatureSources.RANDOM, settings, false,
                p -> progress[0] = p);
        assertEquals(0.0, progress[0], "a cached result is shown, not fitted again");
        assertArrayEquals(first.scores(), again.scores());
        assertEquals(first.optimalF1(), again.optimalF1());
        assertEquals(first.validationThreshold(), again.validationThreshold());
        assertEquals(first.pro(), again.pro());
        assertArrayEquals(first.examples().get(0).map(), again.examples().get(0).map());
        // a result of other settings in the same folder (the defaults of an older version) is fitted again
        String mine = settings.of(UnsupervisedComparison.Method.PATCHCORE);
        assertEquals(mine, again.settings());
        Files.writeString(cached, Files.readString(cached).replace(mine, "coreset 0.5, seed 3"));
        comparison.run(UnsupervisedComparison.Method.PATCHCORE, FeatureSources.RANDOM, settings, false,
                p -> progress[0] = p);
        assertEquals(1.0, progress[0], "a result of other settings is not shown as this one");
        assertTrue(Files.readString(cached).contains(mine), "and it is replaced");

        // Efficient-AD's stand-in for ImageNet: the other modalities' fault-free patches, never ASM's own
        var generic = comparison.genericImages(3);
        var folders = new org.ispadlab.data.PatchFolders(layout);
        int others = folders.extraGood(Modality.LSM_1).size() + folders.extraGood(Modality.LSM_2).size();
        assertEquals(Math.min(others, 2 * UnsupervisedComparison.GENERIC_PER_MODALITY), generic.size());
        var asm = folders.extraGood(Modality.ASM).stream().map(p -> p.load()).toList();
        assertTrue(generic.stream().noneMatch(asm::contains), "no ASM patch among the generic images");
        assertEquals(generic, comparison.genericImages(3), "same seed, same images");
        assertEquals(UnsupervisedComparison.Method.EFFICIENT_AD, UnsupervisedComparison.Method.parse("Efficient-AD"));
        assertEquals(UnsupervisedComparison.Method.EFFICIENT_AD, UnsupervisedComparison.Method.parse("efficientad"));
        assertEquals(UnsupervisedComparison.Method.U_FLOW, UnsupervisedComparison.Method.parse("U-Flow"));
        assertEquals(UnsupervisedComparison.Method.U_FLOW, UnsupervisedComparison.Method.parse("uflow"));
        assertEquals(UnsupervisedComparison.Method.DDAD, UnsupervisedComparison.Method.parse("DDAD"));

        Table t = UnsupervisedComparison.table(Modality.ASM, List.of(first));
        assertEquals(1 + 4, t.rowCount(), "our row and the paper's four methods");
        assertEquals("paper: GLASS", t.stringColumn("method").get(3));
        float[] perfect = new float[tests];
        boolean[] d = first.defective();
        for (int i = 0; i < tests; i++) {
            perfect[i] = d[i] ? 1 : 0;
        }
        Table f4 = UnsupervisedComparison.fprAtRecall(List.of(first), Map.of("oracle", perfect), 0.9);
        assertEquals(0.0, f4.doubleColumn(2).get(0), "a perfect model flags no good image at recall 90 %");
    }
}
