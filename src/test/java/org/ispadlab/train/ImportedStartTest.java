package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ispadlab.experiment.BackboneAblation;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.SmokeData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.weights.WeightsExport;
import org.ispadlab.weights.WeightsImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code lab weights import} of a torchvision-named file, notebook 04 says so in its setup cell, trains
 * every row from those weights (no synthetic-only pretraining), and keeps those results apart from the ones of
 * random initialisation. The tests' weights folder is their own ({@code ISPAD_WEIGHTS_DIR} set by the build).
 */
class ImportedStartTest {

    @Test
    void importedWeightsAreTheStartAndTheirResultsAreKeptApart(@TempDir Path tmp) throws Exception {
        DatasetLayout layout = DatasetLayout.of(SmokeData.generate(tmp.resolve("sim")), Manifest.load());
        Path torchvisionFile = tmp.resolve("resnet18-torchvision-names.safetensors");
        try (Classifier m = Classifier.create(Backbone.RESNET_18, 3, 64, 21, null)) {
            WeightsExport.write(m, torchvisionFile, null);
        }
        Path results = tmp.resolve("results/fraction-scaling");
        Path weights = PretrainedWeights.dir();
        assertTrue(weights.toString().contains("test-weights"), "the tests' own folder, not the user's: " + weights);
        try {
            WeightsImport.run(torchvisionFile, null, List.of(1, 3), weights);
            try (FractionScaling experiment = new FractionScaling(layout, Modality.ASM, TrainConfig.forScale(Scale.SMOKE),
                    InjectionSampler.DEFAULT_P, results)) {
                assertTrue(experiment.describe().contains("every row trains from the start weights"),
                        experiment.describe());
                assertTrue(experiment.describe().contains("(imported from " + torchvisionFile.toAbsolutePath()),
                        experiment.describe());
                assertFalse(experiment.pretrained());
                experiment.run(experiment.rows().get(0), false, new TrainListener() { });
            }
            String tag = "imported-" + PretrainedWeights.sha256(PretrainedWeights.file(Backbone.RESNET_18, 1))
                    .substring(0, 12);
            assertTrue(anyOutcomeUnder(results.resolve("ASM").resolve(tag)), "results under " + tag);
            assertFalse(Files.exists(results.resolve("pretraining")), "no synthetic-only pretraining");
        } finally {
            SafeFiles.deleteTree(weights);
        }
        try (FractionScaling experiment = new FractionScaling(layout, Modality.ASM, TrainConfig.forScale(Scale.SMOKE),
                InjectionSampler.DEFAULT_P, results)) {
            assertTrue(experiment.describe().contains("no pretrained weights: random initialisation"),
                    experiment.describe());
        }
    }

    private static boolean anyOutcomeUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("outcome.json"));
        }
    }
}
