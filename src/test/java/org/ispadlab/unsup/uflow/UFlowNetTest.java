package org.ispadlab.unsup.uflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UFlowNetTest {

    @Test
    void theLatentsKeepEveryValueAndTheirSplitFollowsTheReference() {
        // ResNet-18 at 128 px: layer1 64@32, layer2 128@16, layer3 256@8
        List<int[]> shapes = List.of(new int[] {64, 32, 32}, new int[] {128, 16, 16}, new int[] {256, 8, 8});
        try (NDManager m = NDManager.newBaseManager();
             UFlowNet net = new UFlowNet(m, shapes, 4, new SplittableRandom(1))) {
            List<NDArray> f = shapes.stream().map(s -> m.randomNormal(new Shape(2, s[0], s[1], s[2]))).toList();
            UFlowNet.Result r = net.forward(f);
            // 256 -> 128 up (32 at 16x16) + 128 out; 32 + 128 = 160 -> 80 up (20 at 32x32) + 80 out; 20 + 64 = 84 out
            assertEquals(new Shape(2, 128, 8, 8), r.z().get(2).getShape());
            assertEquals(new Shape(2, 80, 16, 16), r.z().get(1).getShape());
            assertEquals(new Shape(2, 84, 32, 32), r.z().get(0).getShape());
            long in = 64 * 32 * 32 + 128 * 16 * 16 + 256 * 8 * 8;
            long out = r.z().stream().mapToLong(z -> z.size() / 2).sum();
            assertEquals(in, out, "a flow keeps every value");
            assertEquals(new Shape(2), r.logDet().getShape());
        }
    }

    @Test
    void aFlowStepsLogDeterminantIsItsJacobians() {
        // 4 channels on 1x1: the Jacobian is 4x4; compare log|det| with finite differences of the step
        try (NDManager m = NDManager.newBaseManager()) {
            var params = new org.ispadlab.unsup.ConvStack(m, "t");
            FlowStep step = new FlowStep(params, m, 4, 1, new SplittableRandom(7));
            float[] x0 = {0.3f, -1.2f, 0.8f, 2.0f};
            NDArray[] out = step.forward(m.create(x0, new Shape(1, 4, 1, 1)));
            double[][] jac = new double[4][4];
            float eps = 1e-2f;
            for (int j = 0; j < 4; j++) {
                float[] plus = x0.clone();
                float[] minus = x0.clone();
                plus[j] += eps;
                minus[j] -= eps;
                float[] yp = step.forward(m.create(plus, new Shape(1, 4, 1, 1)))[0].toFloatArray();
                float[] ym = step.forward(m.create(minus, new Shape(1, 4, 1, 1)))[0].toFloatArray();
                for (int i = 0; i < 4; i++) {
                    jac[i][j] = (yp[i] - ym[i]) / (2.0 * eps);
                }
            }
            assertEquals(Math.log(Math.abs(det(jac))), out[1].getFloat(0), 1e-2);
        }
    }

    @Test
    void pixelShuffleIsAReordering() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 32f).reshape(1, 8, 2, 2);
            NDArray y = UFlowNet.pixelShuffle(x);
            assertEquals(new Shape(1, 2, 4, 4), y.getShape());
            float[] sorted = y.toFloatArray().clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(x.toFloatArray(), sorted);
        }
    }

    private static double det(double[][] a) {
        int n = a.length;
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            b[i] = a[i].clone();
        }
        double d = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(b[r][c]) > Math.abs(b[p][c])) {
                    p = r;
                }
            }
            if (p != c) {
                double[] t = b[p];
                b[p] = b[c];
                b[c] = t;
                d = -d;
            }
            d *= b[c][c];
            for (int r = c + 1; r < n; r++) {
                double f = b[r][c] / b[c][c];
                for (int k = c; k < n; k++) {
                    b[r][k] -= f * b[c][k];
                }
            }
        }
        return d;
    }
}
