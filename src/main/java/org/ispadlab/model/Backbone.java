package org.ispadlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The classification backbones of the paper's ablation (Table 2), each with a 2-way head behind dropout. */
public enum Backbone {
    RESNET_18("ResNet-18", TorchvisionInit.Scheme.KAIMING_FAN_OUT) {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return ResNet.resnet18(outputs, dropout);
        }
    },
    RESNET_50("ResNet-50", TorchvisionInit.Scheme.KAIMING_FAN_OUT) {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return ResNet.resnet50(outputs, dropout);
        }
    },
    EFFICIENTNET_B0("EfficientNet-B0", TorchvisionInit.Scheme.KAIMING_FAN_OUT) {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return EfficientNet.b0(outputs, dropout);
        }
    },
    EFFICIENTNET_B4("EfficientNet-B4", TorchvisionInit.Scheme.KAIMING_FAN_OUT) {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return EfficientNet.b4(outputs, dropout);
        }
    },
    CONVNEXT_TINY("ConvNeXt-Tiny", TorchvisionInit.Scheme.TRUNCATED_NORMAL) {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return ConvNeXt.tiny(outputs, dropout);
        }
    };

    private final String title;
    private final TorchvisionInit.Scheme init;

    Backbone(String title, TorchvisionInit.Scheme init) {
        this.title = title;
        this.init = init;
    }

    /**
     * The network with a head of {@code outputs} behind dropout, parameters not yet created. Its children are
     * the stem, one block per stage, then pooling and the head last.
     */
    abstract SequentialBlock build(int outputs, float dropout);

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
        SequentialBlock net = build(Classifier.CLASSES.size(), 0.1f);
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 64, 64));
            return net.getParameters().stream().filter(p -> p.getValue().requiresGradient())
                    .mapToLong(p -> p.getValue().getArray().size()).sum();
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
