package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * torchvision's random initialisation, drawn in Java from a seed so the same seed gives the same bytes on every
 * engine and device. Batch and layer norms start at weight 1, bias 0; the task head (the network's last block)
 * as a fresh nn.Linear, uniform in +-1/sqrt(fan-in); the body as its torchvision model does it.
 */
final class TorchvisionInit {

    /** How a torchvision model initialises its body. */
    enum Scheme {
        /** ResNet, EfficientNet: convolutions Kaiming-normal (fan-out, ReLU gain), their biases zero. */
        KAIMING_FAN_OUT,
        /** ConvNeXt: convolution and linear weights truncated normal with std 0.02, biases zero. */
        TRUNCATED_NORMAL
    }

    private TorchvisionInit() {
    }

    /** Parameters of type OTHER (e.g. LayerScale) keep the value their block initialised them with. */
    static void apply(SequentialBlock net, Scheme scheme, long seed) {
        apply(net, scheme, seed, false);
    }

    /**
     * With {@code headOnly}, only the task head is drawn (the same values as a full initialisation with the seed
     * gives it): the body's weights are about to be replaced by imported ones, and drawing them in Java would
     * take longer than the whole import.
     */
    static void apply(SequentialBlock net, Scheme scheme, long seed, boolean headOnly) {
        Block headBlock = net.getChildren().get(net.getChildren().size() - 1).getValue();
        Set<Parameter> head = Collections.newSetFromMap(new IdentityHashMap<>());
        headBlock.getParameters().forEach(p -> head.add(p.getValue()));
        SplittableRandom root = new SplittableRandom(seed);
        double headBound = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter param = p.getValue();
            SplittableRandom r = root.split();
            if (headOnly && !head.contains(param)) {
                continue;
            }
            NDArray array = param.getArray();
            long[] shape = array.getShape().getShape();
            float[] values = new float[Math.toIntExact(array.size())];
            switch (param.getType()) {
                case WEIGHT -> {
                    if (head.contains(param)) {
                        headBound = 1 / Math.sqrt(shape[shape.length - 1]);
                        uniform(values, headBound, r);
                    } else if (scheme == Scheme.TRUNCATED_NORMAL) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) truncatedGaussian(r, 0.02);
                        }
                    } else if (shape.length == 4) {
                        double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (gaussian(r) * std);
                        }
                    } else {
                        throw new IllegalStateException("no torchvision rule for the linear layer " + param.getName()
                                + " in a " + scheme + " body");
                    }
                }
                case BIAS -> {
                    if (head.contains(param)) {
                        uniform(values, headBound, r);
                    }
                }
                case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
                case OTHER -> {
                    continue;
                }
                default -> { } // beta and running mean start at zero
            }
            InPlace.write(array, values);
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

    /** nn.init.trunc_normal_(std=std): redrawn outside torch's default bounds of +-2 (absolute). */
    private static double truncatedGaussian(SplittableRandom r, double std) {
        double v;
        do {
            v = gaussian(r) * std;
        } while (Math.abs(v) > 2);
        return v;
    }
}
