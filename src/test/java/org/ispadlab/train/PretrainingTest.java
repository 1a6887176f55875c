package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ispadlab.Scale;
import org.ispadlab.SmokeData;
import org.ispadlab.bench.InferenceTiming;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.BackboneAblation;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.model.Backbone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Notebooks 03 and 04 on the same data with the same settings train the synthetic-only pretraining once. */
class PretrainingTest {

    @Test
    void fractionScalingAndTheBackboneAblationShareOnePretraining(@TempDir Path tmp) throws Exception {
        DatasetLayout layout = DatasetLayout.of(SmokeData.generate(tmp.resolve("sim")), Manifest.load());
        TrainConfig config = TrainConfig.forScale(Scale.SMOKE);
        Path results = tmp.resolve("results/sim-smoke");
        List<String> first = new ArrayList<>();
        try (FractionScaling fractions = new FractionScaling(layout, Modality.ASM, config, InjectionSampler.DEFAULT_P,
                results.resolve("fraction-scaling"))) {
            fractions.run(fractions.rows().get(0), false, steps(first));
        }
        List<String> second = new ArrayList<>();
        try (BackboneAblation ablation = new BackboneAblation(layout, Modality.ASM, config, InjectionSampler.DEFAULT_P,
                List.of(Backbone.RESNET_18), List.of(), InferenceTiming.forScale(Scale.SMOKE),
                results.resolve("backbone-ablation"))) {
            ablation.run(Backbone.RESNET_18, ablation.rows().get(2), false, steps(second));
        }
        try (Stream<Path> runs = Files.list(results.resolve("pretraining/ASM"))) {
            assertEquals(1, runs.count(), "one pretraining for both experiments");
        }
        long pretrainingSteps = (long) config.maxEpochs() * config.stepsPerEpoch();
        assertTrue(first.stream().filter(s -> s.contains("pretraining")).count() == pretrainingSteps, first.toString());
        assertTrue(second.stream().noneMatch(s -> s.contains("pretraining")),
                "the second experiment reads the first one's pretraining back: " + second);
        assertTrue(second.stream().anyMatch(s -> s.contains("mixed")), "and fine-tunes its own row: " + second);
    }

    /** Records the run of every step taken. */
    private static TrainListener steps(List<String> out) {
        return new TrainListener() {
            private String run;

            @Override
            public void started(String name, long totalSteps, long stepsDone) {
                run = name;
            }

            @Override
            public void step(long stepsDone, int epoch, float loss, double learningRate) {
                out.add(run);
            }
        };
    }
}
