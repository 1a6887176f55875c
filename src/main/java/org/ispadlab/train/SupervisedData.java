package org.ispadlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.data.SupervisedStream;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.Confusion;
import org.ispadlab.sim.SimGenerator;
import org.ispadlab.synth.BalancedStream;
import org.ispadlab.synth.Curriculum;
import org.ispadlab.synth.RandomWalkSynthesizer;

/**
 * What every supervised experiment of one modality trains and tests on (Sec. 4.1-4.2): the balanced synthetic
 * stream (the HDF5 file, or the endless stream drawn from the fault-free extra patches with the dataset's own
 * synthesis), the weakly labelled real defects (points and area) that may be injected, the preprocessed test
 * split, which doubles as validation set as in the paper, and a held-out synthetic set (fresh synthetic defects on
 * the unsupervised training patches, which the endless stream never draws from).
 */
public final class SupervisedData implements AutoCloseable {

    private final Modality modality;
    private final SupervisedStream stream;
    private final EvalSet test;
    private final List<LabeledPatch> realDefects;
    private final List<LabeledPatch> testPatches = new ArrayList<>();
    private final int channels;
    private final int size;
    private final DatasetLayout layout;
    private final PatchFolders folders;
    private final RandomWalkSynthesizer synthesizer;
    private List<Image8> sources;
    private EvalSet heldOut;

    public SupervisedData(DatasetLayout data, Modality modality) {
        this.modality = modality;
        this.layout = data;
        this.synthesizer = SimGenerator.synthesizerOf(data.root());
        PatchFolders folders = new PatchFolders(data);
        this.folders = folders;
        this.stream = SupervisedStream.open(data.stream(modality), data.layout());
        Image8 first = stream.image(0);
        this.channels = first.channels();
        this.size = first.width();
        this.test = testSet(folders);
        List<LabeledPatch> real = new ArrayList<>(folders.realDefects(modality, DefectGroup.POINTS));
        real.addAll(folders.realDefects(modality, DefectGroup.AREA));
        real.forEach(LabeledPatch::load); // decoded now: a damaged file fails before training, not after pretraining
        this.realDefects = List.copyOf(real);
    }

    public Modality modality() {
        return modality;
    }

    public SupervisedStream stream() {
        return stream;
    }

    public EvalSet test() {
        return test;
    }

    /** The real defects of both groups, in the dataset's order (shuffle with {@link RealDefectFractions}). */
    public List<LabeledPatch> realDefects() {
        return realDefects;
    }

    /** Up to {@code n} test images as stored, before preprocessing (for timing the whole inference path). */
    public List<Image8> rawTestImages(int n) {
        return testPatches.stream().limit(n).map(LabeledPatch::load).toList();
    }

    public int channels() {
        return channels;
    }

    public int size() {
        return size;
    }

    /**
     * The training stream {@code kind} with {@code defects} injected by {@code sampler}; with {@code faultFreeOnly}
     * the stream's synthetic defects are left out, the pure fault-free stream of oversampling.
     */
    public TrainingSet trainingSet(TrainingStream.Kind kind, List<LabeledPatch> defects, InjectionSampler sampler,
                                   boolean faultFreeOnly, long seed) {
        return trainingSet(kind, defects, sampler, faultFreeOnly, seed, null);
    }

    /**
     * As {@link #trainingSet(TrainingStream.Kind, List, InjectionSampler, boolean, long)}, the endless stream's
     * synthetic defects drawn by {@code curriculum}'s stages instead of the dataset's own synthesis (null: its own).
     */
    public TrainingSet trainingSet(TrainingStream.Kind kind, List<LabeledPatch> defects, InjectionSampler sampler,
                                   boolean faultFreeOnly, long seed, Curriculum curriculum) {
        if (curriculum != null && kind != TrainingStream.Kind.ENDLESS) {
            throw new IllegalArgumentException("a curriculum draws fresh synthetic defects: it needs the endless stream, "
                    + "not " + kind);
        }
        TrainingStream source = kind == TrainingStream.Kind.HDF5 ? fixedStream(faultFreeOnly, seed)
                : endlessStream(faultFreeOnly ? 0 : 0.5, seed, curriculum);
        List<Image8> real = defects.stream().map(p -> channels == 1 ? p.load().grey() : p.load()).toList();
        return new TrainingSet(modality, size, channels, source, real, sampler, Augmenter.table8(0.9));
    }

    /** The HDF5 stream (its fault-free entries only, with {@code faultFreeOnly}), a seeded order per epoch. */
    public FixedStream fixedStream(boolean faultFreeOnly, long seed) {
        int n = stream.size();
        int[] entries = new int[n];
        int[] labels = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int label = stream.label(i);
            if (!faultFreeOnly || label == 0) {
                entries[kept] = i;
                labels[kept++] = label;
            }
        }
        return new FixedStream(stream::image, Arrays.copyOf(entries, kept), Arrays.copyOf(labels, kept), seed);
    }

    /**
     * The endless balanced stream: the fault-free extra patches, augmented with Table 8, {@code defectShare} of
     * them given a fresh synthetic defect of the dataset's own calibration.
     */
    public EndlessStream endlessStream(double defectShare, long seed) {
        return endlessStream(defectShare, seed, null);
    }

    /** The endless balanced stream with {@code curriculum}'s synthetic defects (null: the dataset's own). */
    public EndlessStream endlessStream(double defectShare, long seed, Curriculum curriculum) {
        List<Image8> from = sources();
        BalancedStream balanced = curriculum == null
                ? new BalancedStream(from::get, from.size(), modality, synthesizer, Augmenter.table8(0.9), size, seed,
                        defectShare)
                : new BalancedStream(from::get, from.size(), modality, curriculum::at, Augmenter.table8(0.9), size,
                        seed, defectShare);
        return new EndlessStream(balanced, from.size(), defectShare, seed);
    }

    /** How many fault-free patches the endless stream draws from. */
    public int endlessSources() {
        return sources().size();
    }

    /**
     * {@code n} patches with fresh synthetic defects in half of them, on the unsupervised training patches (never
     * a source of the endless stream) with the dataset's synthesis, preprocessed: what a model learned of the
     * synthetic defects themselves, on backgrounds it has not seen.
     */
    public synchronized EvalSet heldOutSynthetic() {
        if (heldOut == null) {
            List<Image8> backgrounds = folders.trainGood(modality).stream().map(this::padded).toList();
            if (backgrounds.isEmpty()) {
                throw new IllegalStateException(layout.trainGood(modality) + " holds no fault-free patches: the "
                        + "held-out synthetic set is drawn on them");
            }
            BalancedStream draws = new BalancedStream(backgrounds::get, backgrounds.size(), modality, synthesizer,
                    Augmenter.table8(0.9), size, HELD_OUT_SEED, 0.5);
            List<Image8> images = new ArrayList<>();
            boolean[] defective = new boolean[HELD_OUT];
            List<String> groups = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < HELD_OUT; i++) {
                BalancedStream.Sample sample = draws.get(i);
                images.add(Preprocess.apply(sample.image(), modality));
                defective[i] = sample.defective();
                groups.add(sample.defective() ? "synthetic" : "good");
                names.add("held-out[" + i + "]");
            }
            heldOut = new EvalSet(images, defective, groups, names);
        }
        return heldOut;
    }

    private static final int HELD_OUT = 400;
    private static final long HELD_OUT_SEED = 0x5EED_0FF5L;

    private synchronized List<Image8> sources() {
        if (sources == null) {
            List<LabeledPatch> extra = folders.extraGood(modality);
            if (extra.isEmpty()) {
                throw new IllegalStateException(layout.extraGood(modality) + " holds no fault-free patches: the "
                        + "endless stream draws from them (or train on the hdf5 stream)");
            }
            sources = extra.stream().map(this::padded).toList();
        }
        return sources;
    }

    /** A fault-free patch as the stream's channels, mirror-padded so Table 8's rotations leave no empty corners. */
    private Image8 padded(LabeledPatch p) {
        Image8 img = channels == 1 ? p.load().grey() : p.load();
        return img.mirrorPad(2 * img.width()); // 45 degrees at scale 0.9 reach 1.6 x the side
    }

    /** A run's best-epoch test scores at the F1-optimal threshold, false negatives split by defect group. */
    public Evaluation evaluate(String label, TrainResult r) {
        boolean[] defective = test.defective();
        float[] best = r.bestScores();
        if (best == null) {
            throw new IllegalStateException(label + " was stopped before its first epoch ended: no model to "
                    + "evaluate yet");
        }
        BinaryMetrics.Report report = BinaryMetrics.of(best, defective).report();
        Map<String, Integer> fnByGroup = new LinkedHashMap<>();
        for (DefectGroup g : DefectGroup.values()) {
            fnByGroup.put(g.folder(), 0);
        }
        for (int i = 0; i < best.length; i++) {
            if (defective[i] && best[i] < report.threshold()) {
                fnByGroup.merge(test.groups().get(i), 1, Integer::sum);
            }
        }
        Confusion c = report.confusion();
        return new Evaluation(report.threshold(), c.tn(), c.tp(), c.fn(), c.fp(), report.mcc(), c.recall(), c.fpr(),
                report.auroc(), fnByGroup);
    }

    private EvalSet testSet(PatchFolders folders) {
        List<Image8> images = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        testPatches.addAll(folders.testGood(modality));
        for (DefectGroup g : DefectGroup.values()) {
            testPatches.addAll(folders.testDefects(modality, g));
        }
        for (LabeledPatch p : testPatches) {
            Image8 img = p.load();
            if (img.width() != size || img.height() != size) {
                throw new IllegalArgumentException(p.image() + " is " + img.width() + "x" + img.height()
                        + ", the supervised stream's patches are " + size + "x" + size);
            }
            images.add(Preprocess.apply(channels == 1 ? img.grey() : img, modality));
            labels.add(p.defective());
            groups.add(p.group() == null ? "good" : p.group().folder());
            names.add(p.image().getFileName().toString());
        }
        boolean[] defective = new boolean[labels.size()];
        for (int i = 0; i < defective.length; i++) {
            defective[i] = labels.get(i);
        }
        return new EvalSet(images, defective, groups, names);
    }

    @Override
    public void close() {
        stream.close();
    }
}
