package org.ispadlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The classification backbones of the paper's ablation (Table 2), each with a 2-way head behind dropout. */
public enum Backbone {
    RESNET_18("ResNet-18", TorchvisionInit.Scheme.KAIMING_FAN_OUT, ResNet::resnet18),
    RESNET_50("ResNet-50", TorchvisionInit.Scheme.KAIMING_FAN_OUT, ResNet::resnet50),
    EFFICIENTNET_B0("EfficientNet-B0", TorchvisionInit.Scheme.KAIMING_FAN_OUT, EfficientNet::b0),
    EFFICIENTNET_B4("EfficientNet-B4", TorchvisionInit.Scheme.KAIMING_FAN_OUT, EfficientNet::b4),
    CONVNEXT_TINY("ConvNeXt-Tiny", TorchvisionInit.Scheme.TRUNCATED_NORMAL, ConvNeXt::tiny);

    private final String title;
    private final TorchvisionInit.Scheme init;
    private final BiFunction<Integer, Float, SequentialBlock> architecture;

    Backbone(String title, TorchvisionInit.Scheme init, BiFunction<Integer, Float, SequentialBlock> architecture) {
        this.title = title;
        this.init = init;
        this.architecture = architecture;
    }

    /**
     * The network with a head of {@code outputs} behind dropout, parameters not yet created. Its children are
     * the stem, one block per stage, then pooling and the head last.
     */
    SequentialBlock build(int outputs, float dropout) {
        return architecture.apply(outputs, dropout);
    }

    /** The network with the task's head: 'good' and 'defective' behind dropout 0.1 (Sec. 4.2). */
    SequentialBlock withTaskHead() {
        return build(Classifier.CLASSES.size(), Classifier.HEAD_DROPOUT);
    }

    /** How torchvision initialises this network. */
    TorchvisionInit.Scheme init() {
        return init;
    }

    /** The name the paper uses, e.g. "ResNet-18". */
    public String title() {
        return title;
    }

    /** Trainable parameters with {@code channels} inputs and the 2-way head (builds the network, no weights drawn). */
    public long trainableParameters(int channels) {
        SequentialBlock net = withTaskHead();
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 64, 64));
            return Classifier.count(Classifier.trainable(net));
        }
    }

    /** torchvision's name for the same architecture, e.g. "efficientnet_b0". */
    public String torchvisionName() {
        return title.toLowerCase(Locale.ROOT).replace("-b", "_b").replace("-tiny", "_tiny").replace("-", "");
    }

    /** Parses "resnet18", "ResNet-18", "resnet_18" alike. */
    public static Backbone parse(String name) {
        String key = name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        for (Backbone b : values()) {
            if (b.title.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT).equals(key)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backbone '" + name + "': expected one of "
                + Arrays.stream(values()).map(Backbone::title).collect(Collectors.joining(", ")));
    }
}
