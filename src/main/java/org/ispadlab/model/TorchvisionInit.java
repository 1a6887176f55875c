package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.SplittableRandom;

/**
 * torchvision's random initialisation, drawn in Java from a seed so the same seed gives the same bytes on every
 * engine and device: convolutions Kaiming-normal (fan-out, ReLU gain), batch norm weight 1 and bias 0, linear
 * layers uniform in +-1/sqrt(fan-in) (PyTorch's nn.Linear default).
 */
final class TorchvisionInit {

    private TorchvisionInit() {
    }

    static void apply(Block block, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        long fanIn = 0; // of the last linear weight: its bias follows it
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray array = param.getArray();
            long[] shape = array.getShape().getShape();
            SplittableRandom r = root.split();
            float[] values = new float[Math.toIntExact(array.size())];
            switch (param.getType()) {
                case WEIGHT -> {
                    if (shape.length == 4) {
                        double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (gaussian(r) * std);
                        }
                    } else {
                        fanIn = shape[shape.length - 1];
                        uniform(values, 1 / Math.sqrt(fanIn), r);
                    }
                }
                case BIAS -> {
                    if (fanIn == 0) {
                        throw new IllegalStateException("bias " + param.getName() + " has no linear weight before it");
                    }
                    uniform(values, 1 / Math.sqrt(fanIn), r);
                }
                case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(values, 1f);
                default -> { } // beta and running mean start at zero
            }
            array.set(values);
        }
    }

    private static void uniform(float[] values, double bound, SplittableRandom r) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
    }

    /** Box-Muller, one value per call: simple and deterministic. */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
