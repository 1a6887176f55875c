package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.PixelMetrics;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.unsup.FeatureExtractor;
import org.ispadlab.unsup.Scores;
import org.ispadlab.unsup.patchcore.PatchCore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab patchcore}: PatchCore fitted on a modality's unsupervised training split (fault-free only) and
 * evaluated on its test split, image and pixel metrics, one line per modality.
 */
@Command(name = "patchcore", mixinStandardHelpOptions = true,
        description = "PatchCore on the unsupervised splits: image AUROC, pixel AUROC and PRO per modality.")
final class PatchCoreCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper")
    String scale;
    @Option(names = "--data", description = "a dataset folder (default: ISP-AD-sim at the scale, or ISPAD_DATA)")
    Path data;
    @Option(names = "--modality", split = ",", defaultValue = "LSM-1,LSM-2,ASM")
    List<String> modalities;
    @Option(names = "--backbone", defaultValue = "resnet18")
    String backbone;
    @Option(names = "--coreset", defaultValue = "0.1", description = "coreset share of the memory bank, (0, 1]")
    double coreset;
    @Option(names = "--seed", defaultValue = "7", description = "network initialisation, projection and coreset start")
    long seed;
    @Option(names = "--features", defaultValue = "auto", description = "the frozen backbone's weights: imagenet "
            + "(imported with lab weights import), cold-start (notebook 04's row none of the scale, trained on "
            + "fault-free patches and synthetic defects only), random, or auto (the first of these that is there)")
    String features;

    @Override
    public Integer call() {
        Scale s = Flags.parsed("--scale", scale, Scale::parse);
        Backbone b = Backbone.parse(backbone);
        DatasetLayout layout = data != null ? DatasetLayout.of(data, Manifest.load()) : LabData.open(s);
        PatchFolders folders = new PatchFolders(layout);
        for (String name : modalities) {
            Modality m = Flags.parsed("--modality", name, Modality::of);
            List<Image8> train = folders.trainGood(m).stream().map(LabeledPatch::load).toList();
            List<LabeledPatch> test = new ArrayList<>(folders.testGood(m));
            for (DefectGroup g : DefectGroup.values()) {
                test.addAll(folders.testDefects(m, g));
            }
            List<Image8> images = test.stream().map(LabeledPatch::load).toList();
            int side = images.get(0).width();
            long t0 = System.nanoTime();
            var extractor = extractor(b, m, side, s, layout);
            try (PatchCore pc = new PatchCore(extractor, PatchCore.Settings.defaults(seed).withCoresetRatio(coreset))) {
                pc.fit(train, p -> { });
                Scores scores = pc.score(images);
                double seconds = (System.nanoTime() - t0) / 1e9;
                boolean[] defective = new boolean[test.size()];
                PixelMetrics pixels = new PixelMetrics();
                for (int i = 0; i < test.size(); i++) {
                    LabeledPatch p = test.get(i);
                    defective[i] = p.defective();
                    pixels.add(p.image().toString(), scores.maps().get(i), p.defective() ? mask(p) : null, side, side);
                }
                PixelMetrics.Result r = pixels.compute();
                System.out.printf(java.util.Locale.ROOT, "%s: %d fault-free training images, %d test images (%d "
                                + "defective): image AUROC %.4f, pixel AUROC %.4f, PRO %.4f (%.1f s)%n  %s%n", m,
                        train.size(), test.size(), count(defective),
                        BinaryMetrics.of(scores.image(), defective).auroc(), r.auroc(), r.pro(), seconds,
                        pc.describe());
            }
        }
        return 0;
    }

    /** The frozen backbone of the chosen weights, saying which it got. */
    private FeatureExtractor extractor(Backbone b, Modality m, int side, Scale s, DatasetLayout layout) {
        if (!List.of("auto", "imagenet", "cold-start", "random").contains(features)) {
            throw new IllegalArgumentException("--features takes auto, imagenet, cold-start or random, got " + features);
        }
        Path weights = null;
        int channels = m.channels();
        String source = "random initialisation, seed " + seed;
        var imported = PretrainedWeights.find(b, m.channels());
        if (features.equals("imagenet") || features.equals("auto") && imported.isPresent()) {
            weights = imported.orElseThrow(() -> new IllegalArgumentException("no imported weights for " + b.title()
                    + " with " + m.channels() + " channel(s) in " + PretrainedWeights.dir() + ": import them with "
                    + "environment/lab weights import FILE"));
            source = PretrainedWeights.describe(weights);
        } else if (features.equals("cold-start") || features.equals("auto")) {
            TrainConfig config = TrainConfig.forScale(s);
            double pInj = InjectionSampler.forBatch(config.batchSize());
            Path results = FractionScaling.resultsFolder(LabData.resultsRoot("fraction-scaling", s), s, config, pInj,
                    data);
            java.util.Optional<Path> cold;
            int coldChannels;
            try (FractionScaling f = new FractionScaling(layout, m, config, pInj, results)) {
                cold = f.coldStartWeights();
                coldChannels = f.channels();
            }
            if (cold.isEmpty() && features.equals("cold-start")) {
                throw new IllegalArgumentException("no finished cold-start model of " + m + " at " + s.label()
                        + " under " + results + ": train it first with environment/lab train --scale " + s.label()
                        + " --modality " + m + " --rows none");
            }
            if (cold.isPresent()) {
                weights = cold.get();
                channels = coldChannels;
                source = "the cold-start model of notebook 04 (" + weights + ")";
            }
        }
        return new FeatureExtractor(Classifier.create(b, channels, side, seed, weights), List.of(1, 2),
                side < 256 ? 2 : 1, source);
    }

    private static boolean[] mask(LabeledPatch p) {
        Image8 mask = p.loadMask();
        boolean[] out = new boolean[mask.width() * mask.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask.pixels()[i * mask.channels()] != 0;
        }
        return out;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
