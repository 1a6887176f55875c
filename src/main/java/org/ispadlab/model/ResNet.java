package org.ispadlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * ResNets with torchvision's exact topology (He et al. 2016; torchvision's v1.5 puts the stride on the 3x3
 * convolution), built from DJL blocks. DJL's model zoo {@code ResNetV1} builds bottleneck units for
 * ResNet-18 on large images, a narrower network (0.9M parameters instead of 11.2M), hence this class.
 * The ImageNet head is replaced by dropout and a linear layer with the task's outputs, as in Sec. 4.2.
 */
public final class ResNet {

    private ResNet() {
    }

    /** ResNet-18: basic units [2, 2, 2, 2], 11,177,538 trainable parameters with 3 inputs and 2 outputs. */
    public static SequentialBlock resnet18(int outputs, float dropout) {
        return build(new int[] {2, 2, 2, 2}, false, 1, outputs, dropout);
    }

    /** ResNet-50: bottleneck units [3, 4, 6, 3]. */
    public static SequentialBlock resnet50(int outputs, float dropout) {
        return build(new int[] {3, 4, 6, 3}, true, 1, outputs, dropout);
    }

    /**
     * Wide-ResNet-50-2 (Zagoruyko and Komodakis 2016, torchvision's {@code wide_resnet50_2}): ResNet-50 with
     * bottlenecks twice as wide inside (width_per_group 128), outputs unchanged; 68,883,240 parameters with
     * ImageNet's 1000-way head.
     */
    public static SequentialBlock wideResnet50x2(int outputs, float dropout) {
        return build(new int[] {3, 4, 6, 3}, true, 2, outputs, dropout);
    }

    /**
     * Children: stem, the four stages, pooling, head (see {@link Backbone#build}). {@code widen} multiplies a
     * bottleneck's inner width.
     */
    private static SequentialBlock build(int[] units, boolean bottleneck, int widen, int outputs, float dropout) {
        SequentialBlock net = new SequentialBlock().add(new SequentialBlock()
                .add(Layers.conv(64, 7, 2, 3))
                .add(new BatchNorm2d())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1))));
        int expansion = bottleneck ? 4 : 1;
        int inChannels = 64;
        for (int s = 0; s < units.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            int width = 64 << s;
            for (int u = 0; u < units[s]; u++) {
                int stride = s > 0 && u == 0 ? 2 : 1;
                boolean project = stride != 1 || inChannels != width * expansion;
                stage.add(bottleneck ? bottleneckUnit(width, width * widen, stride, project)
                        : basicUnit(width, stride, project));
                inChannels = width * expansion;
            }
            net.add(stage);
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Layers.head(outputs, dropout));
    }

    private static Block basicUnit(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.conv(width, 3, stride, 1)).add(new BatchNorm2d()).add(Activation.reluBlock())
                .add(Layers.conv(width, 3, 1, 1)).add(new BatchNorm2d());
        return residual(main, width, stride, project);
    }

    private static Block bottleneckUnit(int width, int inner, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.conv(inner, 1, 1, 0)).add(new BatchNorm2d()).add(Activation.reluBlock())
                .add(Layers.conv(inner, 3, stride, 1)).add(new BatchNorm2d()).add(Activation.reluBlock())
                .add(Layers.conv(width * 4, 1, 1, 0)).add(new BatchNorm2d());
        return residual(main, width * 4, stride, project);
    }

    /** relu(main(x) + shortcut(x)); the shortcut projects with a strided 1x1 convolution when shapes change. */
    private static Block residual(SequentialBlock main, int outChannels, int stride, boolean project) {
        Block shortcut = project
                ? new SequentialBlock().add(Layers.conv(outChannels, 1, stride, 0)).add(new BatchNorm2d())
                : Blocks.identityBlock();
        return new SequentialBlock().add(Layers.sum(main, shortcut)).add(Activation.reluBlock());
    }
}
