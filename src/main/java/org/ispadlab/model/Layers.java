package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The pieces the backbones share: the task head, convolutions, and what DJL lacks as such (SiLU, residual sums,
 * gating, LayerNorm2d, stochastic depth, LayerScale).
 */
final class Layers {

    private Layers() {
    }

    /**
     * The task's head (Sec. 4.2): dropout, then a linear layer with the task's outputs in place of ImageNet's.
     * Always a backbone's last block, which is how {@link TorchvisionInit} tells it from the body.
     */
    static Block head(int outputs, float dropout) {
        return new SequentialBlock().add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(outputs).build());
    }

    /** A square convolution without bias (a batch norm follows it). */
    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return conv(filters, kernel, stride, padding, 1, false);
    }

    /** A square convolution; a 1x1 one without padding or groups is a {@link PointwiseConv2d}. */
    static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        Conv2d.Builder b = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optGroups(groups)
                .optBias(bias);
        return kernel == 1 && padding == 0 && groups == 1 ? new PointwiseConv2d(b) : b.build();
    }

    /** x * sigmoid(x), torchvision's nn.SiLU (DJL's swish adds a multiplication by beta). */
    static Block silu() {
        return LambdaBlock.singleton(x -> x.mul(Activation.sigmoid(x)), "SiLU");
    }

    /**
     * main(x) + shortcut(x), out of place: DJL's batch norm returns an alias view, and an in-place sum on a view
     * makes autograd hand the shortcut a contiguous (NCHW) gradient, which every layer behind it then converts
     * back to channels-last (measured: max-pool backward alone 0.36 s of a 1.1 s ResNet-18 step at 256 px).
     */
    static Block sum(Block main, Block shortcut) {
        return new ParallelBlock(list -> new NDList(
                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())), List.of(main, shortcut));
    }

    /** x * gate(x), the gate broadcast over what it does not cover (squeeze-and-excitation). */
    static Block gated(Block gate) {
        return new ParallelBlock(list -> new NDList(
                list.get(0).singletonOrThrow().mul(list.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), gate));
    }

    /** The mean over height and width, kept as (N, C, 1, 1). */
    static Block spatialMean() {
        // one adaptive pooling kernel: the engine's mean takes a single axis
        return LambdaBlock.singleton(
                x -> Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1), "spatialMean");
    }

    /**
     * torchvision's LayerNorm2d: layer norm over the channels of an (N, C, H, W) map. The activations are
     * channels-last in memory, so the NHWC view it normalises is contiguous and the permutes cost nothing.
     */
    static Block layerNorm2d() {
        return new SequentialBlock().add(toChannelsLast()).add(layerNormLast(4)).add(toChannelsFirst());
    }

    /** Layer norm over the last axis of a rank-{@code rank} input, eps 1e-6 as in ConvNeXt. */
    static LayerNorm layerNormLast(int rank) {
        return LayerNorm.builder().axis(rank - 1).optEpsilon(1e-6f).build();
    }

    static Block toChannelsLast() {
        return LambdaBlock.singleton(x -> x.transpose(0, 2, 3, 1), "toNHWC");
    }

    static Block toChannelsFirst() {
        return LambdaBlock.singleton(x -> x.transpose(0, 3, 1, 2), "toNCHW");
    }

    /**
     * Stochastic depth in torchvision's "row" mode (Huang et al. 2016): while training, each sample's residual
     * branch is dropped with probability p and the kept ones scaled by 1/(1-p); the identity at inference.
     * The mask comes from the engine's generator, which the trainer seeds every step.
     */
    static final class StochasticDepth extends AbstractBlock {
        private final float p;

        StochasticDepth(float p) {
            if (p < 0 || p >= 1) {
                throw new IllegalArgumentException("stochastic depth probability must be in [0, 1), got " + p);
            }
            this.p = p;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            if (!training || p == 0) {
                return inputs;
            }
            NDArray x = inputs.singletonOrThrow();
            Shape rows = new Shape(x.getShape().get(0), 1, 1, 1);
            NDArray keep = x.getManager().randomUniform(0f, 1f, rows).gte(p).toType(DataType.FLOAT32, false)
                    .divi(1 - p);
            return new NDList(x.mul(keep));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return inputs;
        }
    }

    /** ConvNeXt's learnable per-channel scale of the residual branch, started small (Touvron et al. 2021). */
    static final class LayerScale extends AbstractBlock {
        private final Parameter scale;

        LayerScale(int channels, float initial) {
            scale = addParameter(Parameter.builder().setName("layerScale").setType(Parameter.Type.OTHER)
                    .optInitializer(new ConstantInitializer(initial)).optShape(new Shape(channels, 1, 1)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return new NDList(x.mul(ps.getValue(scale, x.getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return inputs;
        }
    }
}
