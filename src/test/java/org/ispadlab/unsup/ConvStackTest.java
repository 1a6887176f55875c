package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvStackTest {

    @Test
    void aConvolutionAsAMatrixProductEqualsTheConvolution() {
        try (NDManager m = NDManager.newBaseManager(); ConvStack s = new ConvStack(m, "t")) {
            SplittableRandom r = new SplittableRandom(3);
            int three = s.add(5, 7, 3, 1, 1, r);
            int one = s.add(5, 6, 1, 1, 0, r);
            int strided = s.add(5, 4, 3, 2, 1, r);
            NDArray x = m.randomNormal(0, 1, new Shape(2, 5, 6, 9), DataType.FLOAT32);
            for (int i : new int[] {three, one, strided}) {
                NDArray want = s.apply(i, x);
                NDArray got = s.applyAsProduct(i, x);
                assertEquals(want.getShape(), got.getShape());
                assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 1e-5f);
            }
            assertEquals(7 * 5 * 9 + 7 + 6 * 5 + 6 + 4 * 5 * 9 + 4, s.size());
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        try (NDManager m = NDManager.newBaseManager(); ConvStack a = new ConvStack(m, "a");
             ConvStack b = new ConvStack(m, "b")) {
            a.add(3, 4, 3, 1, 1, new SplittableRandom(9));
            b.add(3, 4, 3, 1, 1, new SplittableRandom(9));
            NDArray x = m.ones(new Shape(1, 3, 4, 4));
            assertArrayEquals(a.apply(0, x).toFloatArray(), b.apply(0, x).toFloatArray());
        }
    }

    @Test
    void aStepWithANonFiniteGradientIsSkippedAndSaidSo() {
        try (NDManager m = NDManager.newBaseManager(); ConvStack s = new ConvStack(m, "t")) {
            int c = s.add(1, 1, 1, 1, 0, new SplittableRandom(2));
            NDArray x = m.create(new float[] {1f, Float.NaN}, new Shape(1, 1, 1, 2));
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
            float[] before = s.apply(c, m.ones(new Shape(1, 1, 1, 1))).toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(s.apply(c, x).sum());
            }
            assertFalse(s.stepIfFinite(sgd));
            assertArrayEquals(before, s.apply(c, m.ones(new Shape(1, 1, 1, 1))).toFloatArray(), "unchanged");
            assertEquals(" (1 skipped: a gradient left the floats)", s.skippedNote());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(s.apply(c, m.ones(new Shape(1, 1, 1, 2))).sum());
            }
            assertTrue(s.stepIfFinite(sgd));
            assertNotEquals(before[0], s.apply(c, m.ones(new Shape(1, 1, 1, 1))).toFloatArray()[0], "stepped");
        }
    }
}
