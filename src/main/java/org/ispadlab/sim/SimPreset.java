package org.ispadlab.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ispadlab.Scale;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.Split;
import org.ispadlab.synth.RandomWalkSynthesizer;
import org.ispadlab.synth.SynthCalibration;

/**
 * ISP-AD-sim at one scale ({@code data-manifest/sim-presets.json}): Table 7's counts times {@code factor}, at
 * least {@code minCount} (and at least {@code minCounts} for the splits it names); patches of {@code patchSize}
 * px, real training defects twice that; and the scale's difficulty.
 *
 * @param overlookedDefectRate share of noisy fault-free supervised patches carrying a defect (paper: 2-5 %)
 * @param pointContrast        multiplies the contrast of every point-group process defect (1: the paper's, weak)
 * @param areaContrast         multiplies how strongly an area defect changes the print (1: the paper's)
 * @param synthesis            per modality, how much more visible the random-walk defects are drawn
 * @param visibility           what the preset's data measures ({@link SimDefects#visibility}): "modality/kind"
 *                             to {median area px, median contrast ratio, median novelty ratio}; empty where not
 *                             documented
 */
public record SimPreset(Scale scale, double factor, int minCount, int patchSize, long seed,
                        double overlookedDefectRate, double pointContrast, double areaContrast,
                        Map<Split, Integer> minCounts, Map<Modality, SynthCalibration> synthesis,
                        Map<String, double[]> visibility) {

    /** Largest contrast multiplier the generator accepts: beyond it grey levels saturate. */
    public static final double MAX_CONTRAST = 10;

    public SimPreset {
        if (overlookedDefectRate < 0 || overlookedDefectRate > 0.5) {
            throw new IllegalArgumentException("overlooked_defect_rate must lie in [0, 0.5], got " + overlookedDefectRate);
        }
        if (patchSize < 32 || patchSize % 16 != 0) {
            throw new IllegalArgumentException("patch_size must be a multiple of 16, at least 32; got " + patchSize);
        }
        if (!(pointContrast > 0 && pointContrast <= MAX_CONTRAST) || !(areaContrast > 0 && areaContrast <= MAX_CONTRAST)) {
            throw new IllegalArgumentException("point_contrast and area_contrast must lie in (0, " + MAX_CONTRAST
                    + "]; got " + pointContrast + ", " + areaContrast);
        }
        minCounts = Map.copyOf(minCounts);
        Map<Modality, SynthCalibration> s = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            s.put(m, synthesis.getOrDefault(m, SynthCalibration.PAPER));
        }
        synthesis = Map.copyOf(s);
        visibility = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(visibility));
    }

    public static SimPreset of(Scale scale) {
        try (InputStream in = SimPreset.class.getResourceAsStream("/org/ispadlab/manifest/sim-presets.json")) {
            if (in == null) {
                throw new IllegalStateException("the library jar lacks sim-presets.json; rebuild with environment/lab");
            }
            JsonObject p = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject().getAsJsonObject(scale.label());
            Map<Split, Integer> minCounts = new LinkedHashMap<>();
            if (p.has("min_counts")) {
                for (Map.Entry<String, JsonElement> e : p.getAsJsonObject("min_counts").entrySet()) {
                    minCounts.put(Split.ofKey(e.getKey()), e.getValue().getAsInt());
                }
            }
            Map<Modality, SynthCalibration> synthesis = synthesis(p);
            Map<String, double[]> visibility = new LinkedHashMap<>();
            if (p.has("visibility")) {
                for (Map.Entry<String, JsonElement> m : p.getAsJsonObject("visibility").entrySet()) {
                    for (Map.Entry<String, JsonElement> k : m.getValue().getAsJsonObject().entrySet()) {
                        JsonObject v = k.getValue().getAsJsonObject();
                        visibility.put(m.getKey() + "/" + k.getKey(), new double[] {v.get("area_px").getAsDouble(),
                                v.get("contrast_ratio").getAsDouble(), v.has("novelty_ratio")
                                ? v.get("novelty_ratio").getAsDouble() : Double.NaN});
                    }
                }
            }
            return new SimPreset(scale, p.get("factor").getAsDouble(), p.get("min_count").getAsInt(),
                    p.get("patch_size").getAsInt(), p.get("seed").getAsLong(),
                    p.get("overlooked_defect_rate").getAsDouble(), p.get("point_contrast").getAsDouble(),
                    p.get("area_contrast").getAsDouble(), minCounts, synthesis, visibility);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sim-presets.json", e);
        }
    }

    /** The "synthesis" block of a preset or of a dataset's metadata, per modality (empty when absent). */
    static Map<Modality, SynthCalibration> synthesis(JsonObject holder) {
        Map<Modality, SynthCalibration> out = new EnumMap<>(Modality.class);
        if (holder.has("synthesis")) {
            for (Map.Entry<String, JsonElement> e : holder.getAsJsonObject("synthesis").entrySet()) {
                JsonObject c = e.getValue().getAsJsonObject();
                out.put(Modality.of(e.getKey()), new SynthCalibration(c.get("amplitude").getAsDouble(),
                        c.get("thickness").getAsDouble(), c.get("visibility").getAsDouble(),
                        c.get("amplitude_floor").getAsDouble()));
            }
        }
        return out;
    }

    public SimPreset withSeed(long newSeed) {
        return new SimPreset(scale, factor, minCount, patchSize, newSeed, overlookedDefectRate, pointContrast,
                areaContrast, minCounts, synthesis, visibility);
    }

    /** Table 7's counts times {@code newFactor}, at least {@code newMinCount} per split (and the preset's own minima). */
    public SimPreset withSize(double newFactor, int newMinCount) {
        if (!(newFactor > 0) || newMinCount < 1) {
            throw new IllegalArgumentException("factor must be > 0 and min_count >= 1; got " + newFactor + ", "
                    + newMinCount);
        }
        return new SimPreset(scale, newFactor, newMinCount, patchSize, seed, overlookedDefectRate, pointContrast,
                areaContrast, minCounts, synthesis, visibility);
    }

    /**
     * The difficulty dial: {@code scale}'s counts and patch size with its difficulty moved toward the paper's, every
     * difficulty parameter (process-defect point and area contrast; the synthesis' amplitude, thickness, visibility
     * threshold and amplitude floor) geometrically from the {@code paper} preset's value at 0 to {@code scale}'s own at
     * 1: {@code paper^(1-v) * own^v}. Level 1 is the scale's preset itself; below it the documented visibility is
     * dropped (measure it with {@code lab data visibility}).
     */
    public static SimPreset atVisibility(Scale scale, double level) {
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("visibility must lie in [0, 1] (0: the paper's difficulty, 1: the "
                    + scale.label() + " preset's), got " + level);
        }
        if (scale == Scale.PAPER) {
            throw new IllegalArgumentException("the dial moves a smaller scale toward the paper's difficulty; the "
                    + "paper scale is there already");
        }
        SimPreset own = of(scale);
        if (level == 1) {
            return own;
        }
        SimPreset paper = of(Scale.PAPER);
        Map<Modality, SynthCalibration> synthesis = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            SynthCalibration a = paper.synthesis().get(m);
            SynthCalibration b = own.synthesis().get(m);
            synthesis.put(m, new SynthCalibration(between(a.amplitude(), b.amplitude(), level),
                    between(a.thickness(), b.thickness(), level), between(a.visibility(), b.visibility(), level),
                    between(a.amplitudeFloor(), b.amplitudeFloor(), level)));
        }
        return new SimPreset(scale, own.factor, own.minCount, own.patchSize, own.seed, own.overlookedDefectRate,
                between(paper.pointContrast, own.pointContrast, level), between(paper.areaContrast, own.areaContrast,
                level), own.minCounts, synthesis, Map.of());
    }

    /** {@code a^(1-v) * b^v}: exactly {@code a} at 0 (pow(x, 1) is x, pow(x, 0) is 1) and {@code b} at 1. */
    static double between(double a, double b, double v) {
        return Math.pow(a, 1 - v) * Math.pow(b, v);
    }

    /** Every process defect's contrast, point and area group alike, multiplied by {@code contrast}. */
    public SimPreset withDefectContrast(double contrast) {
        return new SimPreset(scale, factor, minCount, patchSize, seed, overlookedDefectRate, pointContrast * contrast,
                areaContrast * contrast, minCounts, synthesis, Map.of());
    }

    /** How many patches the sim writes for a split: the paper's count scaled, never below the minima. */
    public int count(Manifest manifest, Modality m, Split split) {
        int floor = Math.max(minCount, minCounts.getOrDefault(split, 0));
        return Math.max(floor, (int) Math.round(manifest.count(m, split) * factor));
    }

    /** Side of the real training defects: 512 is to 256 as this is to the patch size. */
    public int realDefectSize() {
        return patchSize * 2;
    }

    /** The random-walk synthesis with this scale's calibration. */
    public RandomWalkSynthesizer synthesizer() {
        return RandomWalkSynthesizer.calibrated(synthesis);
    }
}
