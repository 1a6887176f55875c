package org.ispadlab;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.sim.SimGenerator;
import org.ispadlab.sim.SimPreset;

/**
 * The dataset a notebook works on: the real ISP-AD when {@code ISPAD_DATA} names it, else ISP-AD-sim at the
 * notebook's scale under {@code ISPAD_SIM_DIR} (the lab sets it to the project's {@code data/isp-ad-sim}),
 * generated on first use.
 */
public final class LabData {

    private LabData() {
    }

    /** True when no real dataset is configured and notebooks run on ISP-AD-sim. */
    public static boolean simulated() {
        String real = System.getenv("ISPAD_DATA");
        return real == null || real.isBlank();
    }

    /** Where ISP-AD-sim of a scale lives (whether generated yet or not). */
    public static Path simRoot(Scale scale) {
        String dir = System.getenv("ISPAD_SIM_DIR");
        Path base = dir == null || dir.isBlank() ? Path.of("data", "isp-ad-sim") : Path.of(dir);
        return base.resolve(scale.label()).toAbsolutePath().normalize();
    }

    /**
     * Where an experiment caches its results at a scale: {@code <data>/<experiment>} under {@code ISPAD_RESULTS_DIR}
     * (the lab sets it to the project's {@code results}), else {@code results} in the working folder; real and
     * simulated data apart, and each version and each set of settings of ISP-AD-sim apart (results on an older or
     * another simulation are not shown as current ones). The experiments of one dataset sit side by side, so they
     * share what they have in common (the synthetic-only pretraining, see {@code Pretraining}). Open the data first
     * ({@link #open}): the folder names the generated dataset.
     */
    public static Path resultsRoot(String experiment, Scale scale) {
        return resultsBase().resolve(datasetId(scale)).resolve(experiment);
    }

    /** Where every dataset's results folder lives: {@code ISPAD_RESULTS_DIR}, else {@code results}. */
    public static Path resultsBase() {
        String dir = System.getenv("ISPAD_RESULTS_DIR");
        return (dir == null || dir.isBlank() ? Path.of("results") : Path.of(dir)).toAbsolutePath().normalize();
    }

    /**
     * The name of a scale's results folder: {@code sim-v<generator>-<scale>-<settings digest>} for ISP-AD-sim,
     * {@code real-<scale>} for the real dataset.
     */
    public static String datasetId(Scale scale) {
        return simulated() ? simDatasetId(simRoot(scale), scale) : "real-" + scale.label();
    }

    private static String simDatasetId(Path root, Scale scale) {
        String id = SimGenerator.identity(root);
        return "sim-v" + SimGenerator.VERSION + "-" + scale.label() + (id.isEmpty() ? "" : "-" + id);
    }

    /**
     * Where the difficulty dial's ISP-AD-sim of {@code scale} at {@code visibility} lives ({@link
     * SimPreset#atVisibility}): level 1 is the scale's own dataset, any other beside it, e.g.
     * {@code workshop-visibility-0.50}.
     */
    public static Path simRoot(Scale scale, double visibility) {
        Path own = simRoot(scale);
        return visibility == 1 ? own : own.resolveSibling(String.format(java.util.Locale.ROOT, "%s-visibility-%.2f",
                scale.label(), visibility));
    }

    /** Where an experiment caches its results on the dial's dataset at {@code visibility} (see {@link #resultsRoot}). */
    public static Path resultsRoot(String experiment, Scale scale, double visibility) {
        return resultsBase().resolve(simDatasetId(simRoot(scale, visibility), scale)).resolve(experiment);
    }

    /** The dial's dataset at {@code visibility}, generated first where it is missing or an older generator made it. */
    public static DatasetLayout openAtVisibility(Scale scale, double visibility, java.util.function.Consumer<String> log) {
        if (visibility == 1) {
            return open(scale);
        }
        SimPreset preset = SimPreset.atVisibility(scale, visibility);
        Path root = simRoot(scale, visibility);
        Manifest manifest = Manifest.load();
        if (SimGenerator.versionOf(root) != SimGenerator.VERSION) {
            log.accept(String.format(java.util.Locale.ROOT, "Generating ISP-AD-sim at visibility %.2f in %s ...",
                    visibility, root));
            SimGenerator.Report r = new SimGenerator(preset, manifest, Runtime.getRuntime().availableProcessors(),
                    line -> { }, paperStream(preset)).generate(root, true);
            log.accept(String.format(java.util.Locale.ROOT, "%d patches in %.1f s", r.patches(), r.seconds()));
        }
        return DatasetLayout.of(root, manifest);
    }

    /**
     * The supervised stream as the paper made it: Table 8 augmentation on 90 % of patches, random-walk defects
     * in half, drawn with the preset's synthesis calibration.
     */
    public static SimGenerator.StreamRecipe paperStream(SimPreset preset) {
        return new SimGenerator.StreamRecipe(Augmenter.table8(0.9), preset.synthesizer());
    }

    /** The dataset's layout; generates ISP-AD-sim first if it is not there yet. */
    public static DatasetLayout open(Scale scale) {
        Manifest manifest = Manifest.load();
        if (!simulated()) {
            Path root = Path.of(System.getenv("ISPAD_DATA"));
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("ISPAD_DATA=" + root + " is not a folder: point it at the "
                        + "downloaded ISP-AD, or unset it to use the simulated ISP-AD-sim");
            }
            return DatasetLayout.of(root, manifest);
        }
        Path root = simRoot(scale);
        int version = SimGenerator.versionOf(root);
        if (version != SimGenerator.VERSION) {
            System.out.println((version == 0 ? "Generating" : "Regenerating (made by generator version " + version
                    + ", this is " + SimGenerator.VERSION + ")") + " ISP-AD-sim (" + scale.label() + ") in " + root + " ...");
            SimPreset preset = SimPreset.of(scale);
            SimGenerator.Report r = new SimGenerator(preset, manifest,
                    Runtime.getRuntime().availableProcessors(), line -> { }, paperStream(preset)).generate(root, true);
            System.out.printf("%d patches in %.1f s%n", r.patches(), r.seconds());
        }
        return DatasetLayout.of(root, manifest);
    }
}
