package org.ispadlab.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ispadlab.Scale;
import org.ispadlab.SmokeData;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.eval.ScoresFile;
import org.ispadlab.experiment.FeatureSources;
import org.ispadlab.experiment.UnsupervisedComparison;
import org.ispadlab.model.Backbone;
import org.ispadlab.sim.SimDefects;
import org.ispadlab.train.SupervisedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefectTableTest {

    @TempDir
    static Path dir;
    static DatasetLayout layout;
    static UnsupervisedComparison.Outcome patchcore;
    static List<DefectTable.Image> images;

    @BeforeAll
    static void fitOneMethod() {
        Path root = SmokeData.generate(dir.resolve("sim"));
        layout = DatasetLayout.of(root, Manifest.load());
        var comparison = new UnsupervisedComparison(layout, Modality.ASM, Scale.SMOKE, root, Backbone.RESNET_18, 3,
                dir.resolve("results"));
        patchcore = comparison.run(UnsupervisedComparison.Method.PATCHCORE, FeatureSources.RANDOM,
                UnsupervisedComparison.Settings.forScale(Scale.SMOKE, 3), false, p -> { });
        images = DefectTable.images(layout, Modality.ASM);
    }

    @Test
    void aModelsMissesInTheTableAreTheImagesItsOwnResultsCount() {
        ExploredModel m = ExploredModel.unsupervised("05:patchcore-random", patchcore);
        DefectTable table = new DefectTable(Modality.ASM, images, List.of(m), List.of());
        assertEquals(patchcore.groups(), images.stream().map(DefectTable.Image::group).toList(),
                "the table's rows are in the order the cache keeps its scores");
        Map<String, Integer> honest = new LinkedHashMap<>();
        Map<String, Integer> optimal = new LinkedHashMap<>();
        for (DefectTable.Image i : table.images()) {
            if (i.defective()) {
                honest.merge(i.group(), m.flaggedAtHonest(i.index()) ? 0 : 1, Integer::sum);
                optimal.merge(i.group(), m.flaggedAtOptimal(i.index()) ? 0 : 1, Integer::sum);
            }
        }
        assertEquals(patchcore.validationThreshold().falseNegativesByGroup(), honest);
        assertEquals(patchcore.optimalF1().falseNegativesByGroup(), optimal);
        long falseAlarms = table.images().stream().filter(i -> !i.defective() && m.flaggedAtHonest(i.index())).count();
        assertEquals(patchcore.validationThreshold().fp(), falseAlarms);
    }

    @Test
    void aClassifiersScoresJoinTheSameImagesAsItsTestSet() {
        try (SupervisedData data = new SupervisedData(layout, Modality.ASM)) {
            List<String> names = data.test().names();
            assertEquals(names.size(), images.size());
            for (int k = 0; k < names.size(); k++) {
                assertTrue(images.get(k).id().endsWith("/" + names.get(k)), images.get(k).id() + " vs " + names.get(k));
                assertEquals(data.test().groups().get(k), images.get(k).group());
            }
        }
    }

    @Test
    void everyDefectCarriesItsSimulatedClassAndMaskFigures() {
        var classes = SimDefects.testClasses(layout, Modality.ASM, org.ispadlab.data.DefectGroup.AREA);
        for (DefectTable.Image i : images) {
            if (i.group().equals("area")) {
                assertEquals(classes.get(i.id().substring("area/".length())), i.defectClass());
            }
            if (i.defective()) {
                assertTrue(i.areaPx() > 0 && i.areaPct() > 0 && i.areaPct() <= 100, i.toString());
                assertTrue(i.centroidX() >= 0 && i.centroidX() <= 1, i.toString());
            } else {
                assertEquals("good", i.defectClass());
            }
        }
    }

    @Test
    void theCsvReadsBackIntoLabEvalAndKeepsEveryColumn(@TempDir Path out) throws Exception {
        ExploredModel m = ExploredModel.unsupervised("05:patchcore-random", patchcore);
        float[] other = new float[images.size()];
        for (int k = 0; k < other.length; k++) {
            other[k] = k % 7 / 7f;
        }
        ExploredModel c = ExploredModel.classifier("04:none", "none", "04", other, 0.3, null, Backbone.RESNET_18, 1);
        DefectTable table = new DefectTable(Modality.ASM, images, List.of(m, c), List.of());
        Path file = out.resolve("defects.csv");
        table.writeCsv(file);
        for (ExploredModel model : List.of(m, c)) {
            ScoresFile read = ScoresFile.read(file, model.name());
            float[] back = new float[read.scores().length];
            for (int k = 0; k < back.length; k++) {
                back[k] = (float) read.scores()[k];
            }
            assertArrayEquals(model.scores(), back, "the scores of " + model.name() + " round-trip exactly");
            for (int k = 0; k < images.size(); k++) {
                assertEquals(images.get(k).defective(), read.defective()[k]);
            }
        }
        try (Reader r = Files.newBufferedReader(file)) {
            List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)
                    .getRecords();
            assertEquals(images.size(), rows.size());
            for (int k = 0; k < rows.size(); k++) {
                CSVRecord row = rows.get(k);
                assertEquals(images.get(k).id(), row.get("id"));
                assertEquals(images.get(k).defectClass(), row.get("class"));
                assertEquals(c.scores()[k] >= 0.5 ? "1" : "0", row.get("04:none flagged@honest"));
                assertEquals(c.scores()[k] >= 0.3 ? "1" : "0", row.get("04:none flagged@F1"));
            }
        }
        var e = assertThrows(org.ispadlab.data.DataFormatException.class, () -> ScoresFile.read(file, "05:glass"));
        assertTrue(e.getMessage().contains("05:glass") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aModelScoredOnOtherDataIsRefused() {
        ExploredModel shortOne = ExploredModel.classifier("04:none", "none", "04", new float[3], 0.5, null,
                Backbone.RESNET_18, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DefectTable(Modality.ASM, images, List.of(shortOne), List.of()));
        assertTrue(e.getMessage().contains("04:none") && e.getMessage().contains("3 test images"), e.getMessage());
    }

    @Test
    void theUnsupervisedCacheKeepsTheHardestMapsPerGroup() {
        for (String g : List.of("good", "points", "area")) {
            long kept = patchcore.hardest().stream().filter(x -> x.group().equals(g)).count();
            long inGroup = images.stream().filter(i -> i.group().equals(g)).count();
            assertEquals(Math.min(UnsupervisedComparison.HARDEST_PER_GROUP, inGroup), kept, g);
        }
        double lowestDefect = patchcore.hardest().stream().filter(x -> x.group().equals("area"))
                .mapToDouble(x -> patchcore.scores()[x.index()]).max().orElseThrow();
        long below = images.stream().filter(i -> i.group().equals("area"))
                .filter(i -> patchcore.scores()[i.index()] < lowestDefect).count();
        assertTrue(below < UnsupervisedComparison.HARDEST_PER_GROUP, "the kept area defects are the lowest-scored");
    }
}
