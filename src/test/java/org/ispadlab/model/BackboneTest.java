package org.ispadlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackboneTest {

    /** torchvision's parameter counts with num_classes=2 (sum of p.numel() over model.parameters()). */
    private static final Map<Backbone, Long> TORCHVISION = Map.of(
            Backbone.RESNET_18, 11_177_538L,
            Backbone.RESNET_50, 23_512_130L,
            Backbone.EFFICIENTNET_B0, 4_010_110L,
            Backbone.EFFICIENTNET_B4, 17_552_202L,
            Backbone.CONVNEXT_TINY, 27_821_666L,
            Backbone.WIDE_RESNET_50_2, 66_838_338L);

    /** (C, H, W) after the stem and after each stage for a 64x64 input, as torchvision's features give them. */
    private static final Map<Backbone, int[][]> STAGES = Map.of(
            Backbone.RESNET_18, new int[][] {{64, 16}, {64, 16}, {128, 8}, {256, 4}, {512, 2}},
            Backbone.RESNET_50, new int[][] {{64, 16}, {256, 16}, {512, 8}, {1024, 4}, {2048, 2}},
            Backbone.EFFICIENTNET_B0, new int[][] {{32, 32}, {16, 32}, {24, 16}, {40, 8}, {80, 4}, {112, 4},
                    {192, 2}, {320, 2}, {1280, 2}},
            Backbone.EFFICIENTNET_B4, new int[][] {{48, 32}, {24, 32}, {32, 16}, {56, 8}, {112, 4}, {160, 4},
                    {272, 2}, {448, 2}, {1792, 2}},
            Backbone.CONVNEXT_TINY, new int[][] {{96, 16}, {96, 16}, {192, 8}, {384, 4}, {768, 2}},
            Backbone.WIDE_RESNET_50_2, new int[][] {{64, 16}, {256, 16}, {512, 8}, {1024, 4}, {2048, 2}});

    @ParameterizedTest
    @EnumSource(Backbone.class)
    void parameterCountsMatchTorchvision(Backbone backbone) {
        try (Classifier rgb = Classifier.create(backbone, 3, 64, 1, null)) {
            assertEquals(TORCHVISION.get(backbone), rgb.trainableCount(), backbone.title());
        }
    }

    @ParameterizedTest
    @EnumSource(Backbone.class)
    void everyStageHasTorchvisionsShape(Backbone backbone) {
        SequentialBlock net = backbone.withTaskHead();
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            Shape shape = new Shape(2, 3, 64, 64);
            net.initialize(manager, DataType.FLOAT32, shape);
            List<Shape> seen = new ArrayList<>();
            for (var child : net.getChildren()) {
                shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
                seen.add(shape);
            }
            int[][] want = STAGES.get(backbone);
            for (int i = 0; i < want.length; i++) {
                assertEquals(new Shape(2, want[i][0], want[i][1], want[i][1]), seen.get(i),
                        backbone.title() + " child " + i);
            }
            assertEquals(new Shape(2, 2), seen.get(seen.size() - 1), backbone.title() + " head");
        }
    }

    @ParameterizedTest
    @EnumSource(Backbone.class)
    void forwardAndBackwardReachEveryParameter(Backbone backbone) {
        try (Classifier model = Classifier.create(backbone, 1, 64, 3, null);
             NDManager batch = model.manager().newSubManager()) {
            float[] pixels = new float[4 * 64 * 64];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.37);
            }
            NDArray x = model.input(batch, pixels, 4);
            NDArray labels = batch.create(new float[] {0, 1, 0, 1});
            Engine.getInstance().setRandomSeed(11); // dropout and stochastic depth masks
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(x, true);
                assertEquals(new Shape(4, 2), logits.getShape());
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(
                        new ai.djl.ndarray.NDList(labels), new ai.djl.ndarray.NDList(logits));
                assertTrue(Float.isFinite(loss.getFloat()), backbone.title() + " loss " + loss.getFloat());
                gc.backward(loss);
            }
            for (Parameter p : model.trainable()) {
                NDArray g = p.getArray().getGradient();
                assertTrue(g.isInfinite().logicalOr(g.isNaN()).none().getBoolean(), p.getName() + " gradient finite");
                assertTrue(g.abs().sum().getFloat() > 0, backbone.title() + ": no gradient reaches " + p.getName());
                g.close();
            }
        }
    }

    @Test
    void parsesThePapersNames() {
        assertEquals(Backbone.EFFICIENTNET_B4, Backbone.parse("EfficientNet-B4"));
        assertEquals(Backbone.CONVNEXT_TINY, Backbone.parse("convnext_tiny"));
        assertEquals(Backbone.RESNET_50, Backbone.parse("ResNet50"));
        assertEquals(Backbone.WIDE_RESNET_50_2, Backbone.parse("wide_resnet50_2"));
        assertEquals(Backbone.WIDE_RESNET_50_2, Backbone.parse("Wide-ResNet-50-2"));
    }

    @Test
    void wideResNetHasTorchvisionsImageNetSize() {
        SequentialBlock net = Backbone.WIDE_RESNET_50_2.build(1000, 0f);
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertEquals(68_883_240L, Classifier.count(Classifier.trainable(net)), "torchvision's wide_resnet50_2()");
        }
    }
}
