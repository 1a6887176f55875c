package org.ispadlab.synth;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.ispadlab.data.DefectSynthesizer;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;

/**
 * The paper's model-free defect synthesis (Haselmann and Gruber, 2017) in its four steps: (1) a binary
 * skeleton from a random walk with momentum, (2) a random texture, (3) the patch modified with that texture,
 * bright or dark, soft-edged, clipped, per channel, (4) a visibility check on the sum of squared residuals,
 * which rejects and redraws invisible defects. Same seed, same defect.
 */
public final class RandomWalkSynthesizer implements DefectSynthesizer {

    /** Everything one attempt produced, for notebooks that show the algorithm step by step. */
    public record Trace(Image8 original, Skeleton.Shape skeleton, float[] texture, float[] alpha, Image8 modified,
                        Image8 mask, double ssr, double threshold, boolean accepted, Map<String, Object> parameters) {

        /** Step 1 as an image: the skeleton's pixels. */
        public Image8 skeletonImage() {
            return skeleton.image();
        }

        /** Step 2 as an image: the texture where the defect will be. */
        public Image8 textureImage() {
            Image8 img = Image8.blank(skeleton.size(), skeleton.size(), 1);
            for (int i = 0; i < texture.length; i++) {
                img.pixels()[i] = (byte) Math.round(255 * texture[i]);
            }
            return img;
        }

        /** Step 4's residual |modified - original|, amplified x4 to be visible. */
        public Image8 residualImage() {
            Image8 img = Image8.blank(original.width(), original.height(), 1);
            int c = original.channels();
            for (int i = 0; i < img.pixels().length; i++) {
                int d = 0;
                for (int k = 0; k < c; k++) {
                    d = Math.max(d, Math.abs(modified.pixels()[i * c + k] - original.pixels()[i * c + k]));
                }
                img.pixels()[i] = (byte) Math.min(255, 4 * d);
            }
            return img;
        }
    }

    private final Map<Modality, SynthParams> params;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    /** The presets of {@link SynthParams#of}. */
    public RandomWalkSynthesizer() {
        this(new EnumMap<>(Modality.class));
    }

    private RandomWalkSynthesizer(Map<Modality, SynthParams> overrides) {
        this.params = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            params.put(m, overrides.getOrDefault(m, SynthParams.of(m)));
        }
    }

    /** The presets of {@link SynthParams#of}, each calibrated as {@code calibration} says for its modality. */
    public static RandomWalkSynthesizer calibrated(Map<Modality, SynthCalibration> calibration) {
        Map<Modality, SynthParams> p = new EnumMap<>(Modality.class);
        calibration.forEach((m, c) -> p.put(m, SynthParams.of(m).calibrated(c)));
        return new RandomWalkSynthesizer(p);
    }

    /** A synthesizer using {@code p} for modality {@code m} and the presets elsewhere. */
    public RandomWalkSynthesizer with(Modality m, SynthParams p) {
        Map<Modality, SynthParams> copy = new EnumMap<>(params);
        copy.put(m, p);
        return new RandomWalkSynthesizer(copy);
    }

    public SynthParams params(Modality m) {
        return params.get(m);
    }

    @Override
    public Optional<Synthetic> synthesize(Image8 faultFree, Modality m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SynthParams p = params.get(m);
        for (int attempt = 0; attempt < p.maxAttempts(); attempt++) {
            Trace t = attempt(faultFree, p, r);
            if (t.accepted()) {
                return Optional.of(new Synthetic(t.modified(), t.mask(), t.parameters()));
            }
        }
        return Optional.empty();
    }

    /** Share of attempts that passed the visibility check so far (step 4's report). */
    public double acceptanceRate() {
        long n = attempts.get();
        return n == 0 ? Double.NaN : (double) accepted.get() / n;
    }

    public long attempts() {
        return attempts.get();
    }

    /**
     * Step 4 against its threshold: the percentage of first attempts that would pass each threshold, given
     * the sums of squared residuals {@code ssr} of many attempts.
     */
    public static double[] acceptanceCurve(double[] ssr, double[] thresholds) {
        double[] percent = new double[thresholds.length];
        for (int i = 0; i < thresholds.length; i++) {
            int passed = 0;
            for (double s : ssr) {
                passed += s >= thresholds[i] ? 1 : 0;
            }
            percent[i] = 100.0 * passed / Math.max(1, ssr.length);
        }
        return percent;
    }

    /** One attempt, with every intermediate result: the algorithm laid open. */
    public Trace trace(Image8 faultFree, Modality m, long seed) {
        return attempt(faultFree, params.get(m), new SplittableRandom(seed));
    }

    private Trace attempt(Image8 patch, SynthParams p, SplittableRandom r) {
        int size = Math.min(patch.width(), patch.height());
        double scale = size / 256.0;
        boolean punctate = r.nextDouble() < p.punctateShare();
        WalkParams walk = punctate
                ? new WalkParams(3 + r.nextInt(8), p.stepLength() * scale, 2.0, 0.2, p.punctateThickness() * scale * range(r, 0.6, 1.2))
                : new WalkParams((int) Math.max(2, Math.round(p.filamentSteps() * range(r, 0.5, 1.5))), p.stepLength() * scale,
                        p.turningNoise(), p.momentum(), Math.max(0.8, p.filamentThickness() * scale * range(r, 0.7, 1.3)));
        double margin = 0.15 * size;
        Skeleton.Shape shape = Skeleton.walk(patch.width(), walk, range(r, margin, size - margin), range(r, margin, size - margin), r);
        float[] texture = new float[patch.width() * patch.height()];
        float[] alpha = new float[texture.length];
        boolean bright = r.nextDouble() < p.brightShare();
        double amplitude = p.amplitude() * range(r, p.amplitudeFloor(), 1.0);
        double[] tint = new double[patch.channels()];
        for (int c = 0; c < tint.length; c++) {
            tint[c] = tint.length == 1 ? 1 : 1 + 0.15 * Skeleton.gaussian(r);
        }
        Image8 modified = patch.copy();
        Image8 mask = Image8.blank(patch.width(), patch.height(), 1);
        double ssr = 0;
        if (!shape.empty()) {
            int pad = (int) Math.ceil(p.edgeSoftness()) + 1;
            int x0 = Math.max(0, shape.x0() - pad);
            int y0 = Math.max(0, shape.y0() - pad);
            int x1 = Math.min(patch.width() - 1, shape.x1() + pad);
            int y1 = Math.min(patch.height() - 1, shape.y1() + pad);
            int bw = x1 - x0 + 1;
            int bh = y1 - y0 + 1;
            float[] local = Texture.random(bw, bh, Math.max(1.5, p.textureScale() * scale), p.grain(), r);
            float[] soft = softEdges(shape.coverage(), patch.width(), x0, y0, bw, bh, p.edgeSoftness());
            ssr = modify(patch, modified, mask, soft, local, x0, y0, bw, bh, (bright ? 1 : -1) * amplitude, tint);
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    texture[(y0 + y) * patch.width() + x0 + x] = local[y * bw + x];
                    alpha[(y0 + y) * patch.width() + x0 + x] = soft[y * bw + x];
                }
            }
        }
        double threshold = p.visibilityThreshold() * scale;
        boolean visible = ssr >= threshold && mask.countNonZero() > 0;
        attempts.incrementAndGet();
        if (visible) {
            accepted.incrementAndGet();
        }
        Map<String, Object> drawn = new LinkedHashMap<>();
        drawn.put("morphology", punctate ? "punctate" : "filamentous");
        drawn.put("polarity", bright ? "bright" : "dark");
        drawn.put("steps", walk.steps());
        drawn.put("momentum", walk.momentum());
        drawn.put("thickness", walk.thickness());
        drawn.put("amplitude", amplitude);
        drawn.put("ssr", ssr);
        return new Trace(patch, shape, texture, alpha, modified, mask, ssr, threshold, visible, drawn);
    }

    /** Box blur of the skeleton's coverage over the defect's box: the soft edge. */
    private static float[] softEdges(float[] coverage, int width, int x0, int y0, int bw, int bh, double radius) {
        float[] box = new float[bw * bh];
        for (int y = 0; y < bh; y++) {
            System.arraycopy(coverage, (y0 + y) * width + x0, box, y * bw, bw);
        }
        int r = (int) Math.round(radius);
        if (r <= 0) {
            return box;
        }
        float[] tmp = new float[box.length];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                float s = 0;
                int n = 0;
                for (int k = Math.max(0, x - r); k <= Math.min(bw - 1, x + r); k++) {
                    s += box[y * bw + k];
                    n++;
                }
                tmp[y * bw + x] = s / n;
            }
        }
        float[] out = new float[box.length];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                float s = 0;
                int n = 0;
                for (int k = Math.max(0, y - r); k <= Math.min(bh - 1, y + r); k++) {
                    s += tmp[k * bw + x];
                    n++;
                }
                // keep the core fully covered; soften only the rim
                out[y * bw + x] = Math.max(box[y * bw + x], s / n);
            }
        }
        return out;
    }

    /** Step 3: adds the textured defect, per channel, clipped; marks changed pixels; returns the SSR. */
    private static double modify(Image8 original, Image8 modified, Image8 mask, float[] alpha, float[] texture,
                                 int x0, int y0, int bw, int bh, double signedAmplitude, double[] tint) {
        int c = original.channels();
        int w = original.width();
        byte[] src = original.pixels();
        byte[] dst = modified.pixels();
        double ssr = 0;
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                float a = alpha[y * bw + x];
                if (a <= 0) {
                    continue;
                }
                double delta = signedAmplitude * a * (0.5 + 0.5 * texture[y * bw + x]);
                int p = (y0 + y) * w + x0 + x;
                boolean changed = false;
                for (int k = 0; k < c; k++) {
                    int before = src[p * c + k] & 0xff;
                    int after = (int) Math.max(0, Math.min(255, Math.round(before + delta * tint[k])));
                    if (after != before) {
                        dst[p * c + k] = (byte) after;
                        ssr += (double) (after - before) * (after - before);
                        changed = true;
                    }
                }
                if (changed) {
                    mask.pixels()[p] = (byte) 255;
                }
            }
        }
        return ssr;
    }

    private static double range(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
