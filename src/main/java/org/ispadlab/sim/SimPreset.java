package org.ispadlab.sim;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.ispadlab.Scale;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.Split;

/**
 * ISP-AD-sim's size at one scale ({@code data-manifest/sim-presets.json}): Table 7's counts times
 * {@code factor}, at least {@code minCount}; patches of {@code patchSize} px, real training defects twice that.
 *
 * @param overlookedDefectRate share of noisy fault-free supervised patches carrying a defect (paper: 2-5 %)
 * @param defectContrast       multiplies every process defect's contrast (1 = the default, weak)
 */
public record SimPreset(Scale scale, double factor, int minCount, int patchSize, long seed,
                        double overlookedDefectRate, double defectContrast) {

    public SimPreset {
        if (overlookedDefectRate < 0 || overlookedDefectRate > 0.5) {
            throw new IllegalArgumentException("overlooked_defect_rate must lie in [0, 0.5], got " + overlookedDefectRate);
        }
        if (patchSize < 32 || patchSize % 16 != 0) {
            throw new IllegalArgumentException("patch_size must be a multiple of 16, at least 32; got " + patchSize);
        }
    }

    public static SimPreset of(Scale scale) {
        try (InputStream in = SimPreset.class.getResourceAsStream("/org/ispadlab/manifest/sim-presets.json")) {
            if (in == null) {
                throw new IllegalStateException("the library jar lacks sim-presets.json; rebuild with environment/lab");
            }
            JsonObject p = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject().getAsJsonObject(scale.label());
            return new SimPreset(scale, p.get("factor").getAsDouble(), p.get("min_count").getAsInt(),
                    p.get("patch_size").getAsInt(), p.get("seed").getAsLong(),
                    p.get("overlooked_defect_rate").getAsDouble(), p.get("defect_contrast").getAsDouble());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sim-presets.json", e);
        }
    }

    public SimPreset withSeed(long newSeed) {
        return new SimPreset(scale, factor, minCount, patchSize, newSeed, overlookedDefectRate, defectContrast);
    }

    /** Table 7's counts times {@code newFactor}, at least {@code newMinCount} per split. */
    public SimPreset withSize(double newFactor, int newMinCount) {
        if (newFactor <= 0 || newMinCount < 1) {
            throw new IllegalArgumentException("factor must be > 0 and min_count >= 1; got " + newFactor + ", "
                    + newMinCount);
        }
        return new SimPreset(scale, newFactor, newMinCount, patchSize, seed, overlookedDefectRate, defectContrast);
    }

    public SimPreset withDefectContrast(double contrast) {
        return new SimPreset(scale, factor, minCount, patchSize, seed, overlookedDefectRate, contrast);
    }

    /** How many patches the sim writes for a split: the paper's count scaled, never below the minimum. */
    public int count(Manifest manifest, Modality m, Split split) {
        return Math.max(minCount, (int) Math.round(manifest.count(m, split) * factor));
    }

    /** Side of the real training defects: 512 is to 256 as this is to the patch size. */
    public int realDefectSize() {
        return patchSize * 2;
    }
}
