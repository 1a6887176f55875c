package org.ispadlab.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * ConvNeXt (Liu et al. 2022) with torchvision's topology: a 4x4 patchify stem, four stages of blocks (depthwise
 * 7x7, layer norm, an inverted MLP with GELU, LayerScale from 1e-6, stochastic depth rising linearly to 0.1),
 * stages joined by layer norm and a 2x2 strided convolution; the head normalises the pooled features first.
 */
public final class ConvNeXt {

    private static final float STOCHASTIC_DEPTH = 0.1f;

    private ConvNeXt() {
    }

    /** ConvNeXt-Tiny: depths [3, 3, 9, 3], widths [96, 192, 384, 768]; 27,821,666 parameters for 3 in, 2 out. */
    public static SequentialBlock tiny(int outputs, float dropout) {
        return build(new int[] {3, 3, 9, 3}, new int[] {96, 192, 384, 768}, outputs, dropout);
    }

    /**
     * Children: stem, the four stages (each after the first opens with its downsampling), pooling, the head's
     * layer norm, head (see {@link Backbone#build}).
     */
    private static SequentialBlock build(int[] depths, int[] widths, int outputs, float dropout) {
        SequentialBlock net = new SequentialBlock().add(new SequentialBlock()
                .add(Layers.conv(widths[0], 4, 4, 0, 1, true)).add(Layers.layerNorm2d()));
        int total = 0;
        for (int d : depths) {
            total += d;
        }
        int id = 0;
        for (int s = 0; s < depths.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            if (s > 0) {
                stage.add(Layers.layerNorm2d()).add(Layers.conv(widths[s], 2, 2, 0, 1, true));
            }
            for (int b = 0; b < depths[s]; b++) {
                stage.add(block(widths[s], STOCHASTIC_DEPTH * id++ / (total - 1)));
            }
            net.add(stage);
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Layers.layerNormLast(2)).add(Layers.head(outputs, dropout));
    }

    /** x + dropPath(scale * MLP(LN(dwconv7x7(x)))), the MLP on the channels-last view. */
    private static Block block(int width, float dropPath) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.conv(width, 7, 1, 3, width, true))
                .add(Layers.toChannelsLast()).add(Layers.layerNormLast(4))
                .add(Linear.builder().setUnits(4L * width).build()).add(Activation.geluBlock())
                .add(Linear.builder().setUnits(width).build())
                .add(Layers.toChannelsFirst())
                .add(new Layers.LayerScale(width, 1e-6f)).add(new Layers.StochasticDepth(dropPath));
        return Layers.sum(main, Blocks.identityBlock());
    }
}
