package org.ispadlab.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * EfficientNet (Tan and Le 2019) with torchvision's topology: a stem, seven stages of inverted-residual (MBConv)
 * blocks with squeeze-and-excitation, SiLU throughout, stochastic depth rising linearly to 0.2 over the
 * blocks, and a 1x1 convolution to 4x the last stage's width before pooling. B4 scales B0's widths by 1.4 and
 * depths by 1.8, rounded as torchvision rounds them.
 */
public final class EfficientNet {

    /** B0's stages: expansion, kernel, stride, input channels, output channels, blocks. */
    private static final int[][] STAGES = {
            {1, 3, 1, 32, 16, 1},
            {6, 3, 2, 16, 24, 2},
            {6, 5, 2, 24, 40, 2},
            {6, 3, 2, 40, 80, 3},
            {6, 5, 1, 80, 112, 3},
            {6, 5, 2, 112, 192, 4},
            {6, 3, 1, 192, 320, 1},
    };
    private static final float STOCHASTIC_DEPTH = 0.2f;

    private EfficientNet() {
    }

    /** EfficientNet-B0: 4,010,110 trainable parameters with 3 inputs and 2 outputs. */
    public static SequentialBlock b0(int outputs, float dropout) {
        return build(1.0, 1.0, outputs, dropout);
    }

    /** EfficientNet-B4: 17,552,202 trainable parameters with 3 inputs and 2 outputs. */
    public static SequentialBlock b4(int outputs, float dropout) {
        return build(1.4, 1.8, outputs, dropout);
    }

    /** Children: stem, the seven stages, the 1x1 expansion, pooling, head (see {@link Backbone#build}). */
    private static SequentialBlock build(double width, double depth, int outputs, float dropout) {
        SequentialBlock net = new SequentialBlock().add(new SequentialBlock()
                .add(Layers.conv(channels(32, width), 3, 2, 1)).add(new BatchNorm2d()).add(Layers.silu()));
        int total = 0;
        for (int[] s : STAGES) {
            total += (int) Math.ceil(s[5] * depth);
        }
        int id = 0;
        for (int[] s : STAGES) {
            int in = channels(s[3], width);
            int out = channels(s[4], width);
            int blocks = (int) Math.ceil(s[5] * depth);
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < blocks; b++) {
                stage.add(mbConv(s[0], s[1], b == 0 ? s[2] : 1, b == 0 ? in : out, out,
                        STOCHASTIC_DEPTH * id++ / total));
            }
            net.add(stage);
        }
        int last = 4 * channels(STAGES[STAGES.length - 1][4], width);
        return net.add(new SequentialBlock()
                        .add(Layers.conv(last, 1, 1, 0)).add(new BatchNorm2d()).add(Layers.silu()))
                .add(Pool.globalAvgPool2dBlock()).add(Layers.head(outputs, dropout));
    }

    /**
     * Inverted residual: 1x1 expansion, depthwise k x k, squeeze-and-excitation on a quarter of the input
     * width, linear 1x1 projection; a residual sum (behind stochastic depth) where the shape is kept.
     */
    private static Block mbConv(int expansion, int kernel, int stride, int in, int out, float dropPath) {
        int expanded = divisibleBy8(in * expansion);
        SequentialBlock main = new SequentialBlock();
        if (expanded != in) {
            main.add(Layers.conv(expanded, 1, 1, 0)).add(new BatchNorm2d()).add(Layers.silu());
        }
        main.add(Layers.conv(expanded, kernel, stride, (kernel - 1) / 2, expanded, false))
                .add(new BatchNorm2d()).add(Layers.silu())
                .add(Layers.gated(new SequentialBlock().add(Layers.spatialMean())
                        .add(Layers.conv(Math.max(1, in / 4), 1, 1, 0, 1, true)).add(Layers.silu())
                        .add(Layers.conv(expanded, 1, 1, 0, 1, true)).add(Activation.sigmoidBlock())))
                .add(Layers.conv(out, 1, 1, 0)).add(new BatchNorm2d());
        if (stride != 1 || in != out) {
            return main;
        }
        return Layers.sum(main.add(new Layers.StochasticDepth(dropPath)), Blocks.identityBlock());
    }

    private static int channels(int base, double width) {
        return divisibleBy8(base * width);
    }

    /** torchvision's _make_divisible(v, 8): the nearest multiple of 8, at least 8, never 10 % below v. */
    private static int divisibleBy8(double v) {
        int rounded = Math.max(8, (int) (v + 4) / 8 * 8);
        return rounded < 0.9 * v ? rounded + 8 : rounded;
    }
}
