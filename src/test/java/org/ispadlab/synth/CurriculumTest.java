package org.ispadlab.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ispadlab.Scale;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.sim.PatchFactory;
import org.ispadlab.sim.SimPreset;
import org.junit.jupiter.api.Test;

/** A curriculum's stages cover the run in order, and the stream draws each position's defect with its stage. */
class CurriculumTest {

    @Test
    void equalStagesInOrderTheLastHoldingOn() {
        RandomWalkSynthesizer a = new RandomWalkSynthesizer();
        RandomWalkSynthesizer b = new RandomWalkSynthesizer();
        RandomWalkSynthesizer c = new RandomWalkSynthesizer();
        Curriculum curriculum = new Curriculum(List.of(a, b, c), 30, "three stages");
        assertSame(a, curriculum.at(0));
        assertSame(a, curriculum.at(9));
        assertSame(b, curriculum.at(10));
        assertSame(c, curriculum.at(29));
        assertSame(c, curriculum.at(1_000), "past the end the last stage holds");
        assertThrows(IllegalArgumentException.class, () -> new Curriculum(List.of(), 10, "none"));
        assertThrows(IllegalArgumentException.class, () -> new Curriculum(List.of(a, b, c), 2, "too short"));
    }

    @Test
    void theStreamDrawsEachPositionWithItsStage() {
        List<Image8> sources = List.of(new PatchFactory(Modality.LSM_1, 64, 1).faultFree(128, 1).grey());
        RandomWalkSynthesizer easy = SimPreset.atVisibility(Scale.WORKSHOP, 1).synthesizer();
        RandomWalkSynthesizer hard = SimPreset.atVisibility(Scale.WORKSHOP, 0).synthesizer();
        Curriculum curriculum = new Curriculum(List.of(easy, hard), 200, "easy, then hard");
        BalancedStream staged = new BalancedStream(sources::get, 1, Modality.LSM_1, curriculum::at,
                Augmenter.table8(0.9), 64, 3, 1.0);
        BalancedStream allEasy = new BalancedStream(sources::get, 1, Modality.LSM_1, easy, Augmenter.table8(0.9), 64, 3, 1.0);
        BalancedStream allHard = new BalancedStream(sources::get, 1, Modality.LSM_1, hard, Augmenter.table8(0.9), 64, 3, 1.0);
        for (long i : new long[] {0, 57, 99}) {
            assertEquals(allEasy.get(i).image(), staged.get(i).image(), "position " + i + " is in the easy stage");
        }
        for (long i : new long[] {100, 150, 199}) {
            assertEquals(allHard.get(i).image(), staged.get(i).image(), "position " + i + " is in the hard stage");
            assertNotEquals(allEasy.get(i).image(), staged.get(i).image(), "and not drawn as an easy one");
        }
    }
}
