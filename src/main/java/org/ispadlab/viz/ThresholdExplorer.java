package org.ispadlab.viz;

import static org.ispadlab.kernel.display.Display.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.Confusion;
import org.ispadlab.kernel.widgets.Button;
import org.ispadlab.kernel.widgets.Dropdown;
import org.ispadlab.kernel.widgets.FloatSlider;
import org.ispadlab.kernel.widgets.HBox;
import org.ispadlab.kernel.widgets.Interact;
import org.ispadlab.kernel.widgets.VBox;

/**
 * A threshold slider beside a result (notebooks 04 and 05): pick a model, move the threshold, and see TP/FP/FN/TN,
 * recall, FPR and MCC, the misses by defect group, and the gallery of what is missed and what is falsely flagged at
 * that threshold, updated live. Buttons put the slider on the F1-optimal threshold (the paper's, chosen on the test
 * set) and on the honest one (fixed on held-out fault-free images, where the experiment has one).
 */
public final class ThresholdExplorer {

    /** One model's per-image scores on the test split, with its two thresholds (NaN: the model has none). */
    public record Scores(float[] scores, double f1Threshold, double honestThreshold) {
    }

    private static final int MISSES_SHOWN = 12;
    private static final int FALSE_ALARMS_SHOWN = 6;

    private ThresholdExplorer() {
    }

    /** The controls and the live view, for models by label scored on {@code test} (in its order). */
    public static VBox show(Map<String, Scores> models, List<LabeledPatch> test) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to explore: run the experiment first");
        }
        Map<String, Scores> byLabel = new LinkedHashMap<>(models);
        boolean[] defective = new boolean[test.size()];
        for (int i = 0; i < defective.length; i++) {
            defective[i] = test.get(i).defective();
        }
        byLabel.forEach((label, s) -> {
            if (s.scores().length != test.size()) {
                throw new IllegalArgumentException(label + ": " + s.scores().length + " scores for " + test.size()
                        + " test images; the scores must follow the test split's order");
            }
        });
        String first = byLabel.keySet().iterator().next();
        Dropdown model = new Dropdown("model", List.copyOf(byLabel.keySet()), first);
        double[] range = range(byLabel.get(first).scores());
        FloatSlider threshold = new FloatSlider("threshold", range[0], range[1],
                clamp(byLabel.get(first).f1Threshold(), range)).readoutFormat(".3f");
        model.onChange(label -> {
            double[] r = range(byLabel.get(label).scores());
            threshold.reset(r[0], r[1], clamp(byLabel.get(label).f1Threshold(), r));
        });
        Button f1 = new Button("F1-optimal");
        f1.onClick(() -> threshold.setValue(clamp(byLabel.get(model.value()).f1Threshold(), range(byLabel.get(model.value()).scores()))));
        Button honest = new Button("honest (validation)");
        honest.onClick(() -> {
            Scores s = byLabel.get(model.value());
            if (Double.isFinite(s.honestThreshold())) {
                threshold.setValue(clamp(s.honestThreshold(), range(s.scores())));
            }
        });
        Interact view = Interact.of(() -> draw(model.value(), byLabel.get(model.value()), threshold.value(), test,
                defective), model, threshold);
        return new VBox(new HBox(f1, honest), view);
    }

    private static void draw(String label, Scores s, double t, List<LabeledPatch> test, boolean[] defective) {
        Confusion c = BinaryMetrics.of(s.scores(), defective).at(t).confusion();
        Map<String, Integer> missedByGroup = new LinkedHashMap<>();
        List<Image8> misses = new ArrayList<>();
        List<String> missCaptions = new ArrayList<>();
        List<Image8> alarms = new ArrayList<>();
        List<String> alarmCaptions = new ArrayList<>();
        for (int i = 0; i < defective.length; i++) {
            LabeledPatch p = test.get(i);
            if (defective[i] && s.scores()[i] < t) {
                missedByGroup.merge(p.group().folder(), 1, Integer::sum);
                if (misses.size() < MISSES_SHOWN) {
                    misses.add(Images.overlay(p.load(), p.loadMask()));
                    missCaptions.add(p.group().folder() + " " + p.stem() + String.format(" %.3f", s.scores()[i]));
                }
            } else if (!defective[i] && s.scores()[i] >= t && alarms.size() < FALSE_ALARMS_SHOWN) {
                alarms.add(p.load());
                alarmCaptions.add("good " + p.stem() + String.format(" %.3f", s.scores()[i]));
            }
        }
        // plain text: a report's saved widgets show text in an Output, but no HTML
        System.out.println(String.format("%s at threshold %.3f (F1-optimal %s, honest %s): TP %d, FP %d, FN %d, TN %d;"
                        + " recall %.1f %%, FPR %.1f %%, MCC %.3f; missed by group %s", label, t, fmt(s.f1Threshold()),
                fmt(s.honestThreshold()), c.tp(), c.fp(), c.fn(), c.tn(), 100 * c.recall(), 100 * c.fpr(), c.mcc(),
                missedByGroup.isEmpty() ? "none" : missedByGroup));
        if (!misses.isEmpty()) {
            display(Galleries.patches(misses, missCaptions, 6, 96));
        }
        if (!alarms.isEmpty()) {
            display(Galleries.patches(alarms, alarmCaptions, 6, 96));
        }
    }

    private static String fmt(double threshold) {
        return Double.isFinite(threshold) ? String.format("%.3f", threshold) : "none";
    }

    private static double[] range(float[] scores) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : scores) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max > min ? new double[] {min, max} : new double[] {min, min + 1};
    }

    private static double clamp(double v, double[] range) {
        return Double.isFinite(v) ? Math.max(range[0], Math.min(range[1], v)) : (range[0] + range[1]) / 2;
    }
}
