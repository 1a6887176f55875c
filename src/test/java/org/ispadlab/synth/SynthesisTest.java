package org.ispadlab.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.data.DefectSynthesizer;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.sim.PatchFactory;
import org.junit.jupiter.api.Test;

class SynthesisTest {

    private static final Image8 LSM1 = new PatchFactory(Modality.LSM_1, 128, 1).faultFree(128, 11);
    private static final Image8 ASM = new PatchFactory(Modality.ASM, 128, 1).faultFree(128, 12);

    @Test
    void sameSeedSameDefectOtherSeedOtherDefect() {
        RandomWalkSynthesizer s = new RandomWalkSynthesizer();
        DefectSynthesizer.Synthetic a = s.synthesize(LSM1, Modality.LSM_1, 42).orElseThrow();
        DefectSynthesizer.Synthetic b = new RandomWalkSynthesizer().synthesize(LSM1, Modality.LSM_1, 42).orElseThrow();
        assertEquals(a.image(), b.image());
        assertEquals(a.mask(), b.mask());
        assertEquals(a.parameters(), b.parameters());
        assertNotEquals(a.mask(), s.synthesize(LSM1, Modality.LSM_1, 43).orElseThrow().mask());
    }

    @Test
    void theMaskIsExactlyThePixelsTheDefectChanged() {
        RandomWalkSynthesizer s = new RandomWalkSynthesizer();
        for (Modality m : Modality.values()) {
            Image8 patch = m == Modality.ASM ? ASM : m == Modality.LSM_1 ? LSM1 : new PatchFactory(m, 128, 1).faultFree(128, 13);
            for (long seed = 0; seed < 20; seed++) {
                var d = s.synthesize(patch, m, seed);
                if (d.isEmpty()) {
                    continue;
                }
                int c = patch.channels();
                for (int i = 0; i < 128 * 128; i++) {
                    boolean changed = false;
                    for (int k = 0; k < c; k++) {
                        changed |= d.get().image().pixels()[i * c + k] != patch.pixels()[i * c + k];
                    }
                    assertEquals(changed, d.get().mask().pixels()[i] != 0, m + " seed " + seed + " pixel " + i);
                }
                assertTrue(d.get().mask().countNonZero() > 0);
            }
        }
    }

    @Test
    void anInvisibleDefectIsRejectedAndCounted() {
        SynthParams faint = SynthParams.of(Modality.ASM).withAmplitude(0.6);
        RandomWalkSynthesizer s = new RandomWalkSynthesizer().with(Modality.ASM, faint);
        assertTrue(s.synthesize(ASM, Modality.ASM, 5).isEmpty(), "a defect below the visibility threshold is redrawn, then given up");
        assertEquals(faint.maxAttempts(), s.attempts());
        assertEquals(0.0, s.acceptanceRate());
        RandomWalkSynthesizer.Trace t = s.trace(ASM, Modality.ASM, 5);
        assertFalse(t.accepted());
        assertTrue(t.ssr() < t.threshold(), t.ssr() + " < " + t.threshold());
    }

    @Test
    void theVisibilityThresholdDecidesAcceptance() {
        RandomWalkSynthesizer s = new RandomWalkSynthesizer();
        RandomWalkSynthesizer.Trace t = s.trace(LSM1, Modality.LSM_1, 3);
        assertTrue(t.ssr() > 0);
        RandomWalkSynthesizer strict = s.with(Modality.LSM_1, SynthParams.of(Modality.LSM_1).withVisibilityThreshold(t.ssr() / t.threshold()
                * SynthParams.of(Modality.LSM_1).visibilityThreshold() * 1.01));
        assertFalse(strict.trace(LSM1, Modality.LSM_1, 3).accepted());
        assertEquals(t.ssr(), strict.trace(LSM1, Modality.LSM_1, 3).ssr(), "the threshold changes the verdict, not the defect");
    }

    @Test
    void momentumMakesFilamentsStraighter() {
        double smooth = 0;
        double rough = 0;
        for (int seed = 0; seed < 30; seed++) {
            smooth += extent(Skeleton.walk(256, new WalkParams(80, 1.2, 1.5, 0.95, 1.5), 128, 128, new SplittableRandom(seed)));
            rough += extent(Skeleton.walk(256, new WalkParams(80, 1.2, 1.5, 0.0, 1.5), 128, 128, new SplittableRandom(seed)));
        }
        assertTrue(smooth > 1.5 * rough, "with momentum the walk travels further: " + smooth + " vs " + rough);
    }

    private static double extent(Skeleton.Shape s) {
        return Math.hypot(s.x1() - s.x0(), s.y1() - s.y0());
    }

    @Test
    void theBalancedStreamIsHalfDefectiveDeterministicAndPrefetched() {
        List<Image8> sources = List.of(new PatchFactory(Modality.LSM_2, 64, 1).faultFree(128, 1).grey(),
                new PatchFactory(Modality.LSM_2, 64, 1).faultFree(128, 2).grey());
        BalancedStream stream = new BalancedStream(sources::get, 2, Modality.LSM_2, new RandomWalkSynthesizer(),
                Augmenter.table8(0.9), 64, 9, 0.5);
        int defective = 0;
        for (int i = 0; i < 400; i++) {
            BalancedStream.Sample s = stream.get(i);
            assertEquals(64, s.image().width());
            assertEquals(s.defective(), s.mask().countNonZero() > 0);
            defective += s.defective() ? 1 : 0;
        }
        assertEquals(200, defective, 30, "about half: binomial(400, 0.5) stays within +-30 with probability > 0.997");
        try (var batches = stream.batches(16, 2, 4)) {
            for (int b = 0; b < 3; b++) {
                List<BalancedStream.Sample> batch = batches.next();
                for (int k = 0; k < 16; k++) {
                    BalancedStream.Sample again = stream.get(b * 16L + k);
                    assertEquals(again.image(), batch.get(k).image());
                    assertEquals(again.defective(), batch.get(k).defective());
                }
            }
        }
    }
}
