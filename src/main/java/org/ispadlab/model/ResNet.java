package org.ispadlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

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
        return build(new int[] {2, 2, 2, 2}, false, outputs, dropout);
    }

    /** ResNet-50: bottleneck units [3, 4, 6, 3]. */
    public static SequentialBlock resnet50(int outputs, float dropout) {
        return build(new int[] {3, 4, 6, 3}, true, outputs, dropout);
    }

    private static SequentialBlock build(int[] units, boolean bottleneck, int outputs, float dropout) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 7, 2, 3))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int expansion = bottleneck ? 4 : 1;
        int inChannels = 64;
        for (int stage = 0; stage < units.length; stage++) {
            int width = 64 << stage;
            for (int u = 0; u < units[stage]; u++) {
                int stride = stage > 0 && u == 0 ? 2 : 1;
                boolean project = stride != 1 || inChannels != width * expansion;
                net.add(bottleneck ? bottleneckUnit(width, stride, project) : basicUnit(width, stride, project));
                inChannels = width * expansion;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Dropout.builder().optRate(dropout).build())
                .add(Linear.builder().setUnits(outputs).build());
    }

    private static Block basicUnit(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(width, 3, stride, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, 1, 1)).add(BatchNorm.builder().build());
        return residual(main, width, stride, project);
    }

    private static Block bottleneckUnit(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(width, 1, 1, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, stride, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width * 4, 1, 1, 0)).add(BatchNorm.builder().build());
        return residual(main, width * 4, stride, project);
    }

    /** relu(main(x) + shortcut(x)); the shortcut projects with a strided 1x1 convolution when shapes change. */
    private static Block residual(SequentialBlock main, int outChannels, int stride, boolean project) {
        Block shortcut = project
                ? new SequentialBlock().add(conv(outChannels, 1, stride, 0)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(
                        list.get(0).singletonOrThrow().addi(list.get(1).singletonOrThrow())), List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    }
}
