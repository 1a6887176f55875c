package org.ispadlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The classification backbones of the paper's ablation (Table 2), and Wide-ResNet-50-2, the feature backbone of
 * the unsupervised methods (Sec. 4.3); each with a 2-way head behind dropout.
 */
public enum Backbone {
    RESNET_18("ResNet-18", "resnet18", Family.RESNET, ResNet::resnet18),
    RESNET_50("ResNet-50", "resnet50", Family.RESNET, ResNet::resnet50),
    EFFICIENTNET_B0("EfficientNet-B0", "efficientnet_b0", Family.EFFICIENTNET, EfficientNet::b0),
    EFFICIENTNET_B4("EfficientNet-B4", "efficientnet_b4", Family.EFFICIENTNET, EfficientNet::b4),
    CONVNEXT_TINY("ConvNeXt-Tiny", "convnext_tiny", Family.CONVNEXT, ConvNeXt::tiny),
    WIDE_RESNET_50_2("Wide-ResNet-50-2", "wide_resnet50_2", Family.RESNET, ResNet::wideResnet50x2);

    /** The five backbones of the paper's ablation (Sec. 5.2.1, Table 2), in its order. */
    public static final List<Backbone> ABLATION = List.of(RESNET_18, RESNET_50, EFFICIENTNET_B0, EFFICIENTNET_B4,
            CONVNEXT_TINY);

    /** Architectures that share a topology, and so torchvision's naming and initialisation. */
    enum Family {
        /** Stem, layer1..layer4, pooling, head. */
        RESNET(TorchvisionInit.Scheme.KAIMING_FAN_OUT, List.of("layer1", "layer2", "layer3", "layer4")),
        /** Stem, features.1..features.7, the 1x1 expansion, pooling, head. */
        EFFICIENTNET(TorchvisionInit.Scheme.KAIMING_FAN_OUT, List.of("features.1", "features.2", "features.3",
                "features.4", "features.5", "features.6", "features.7")),
        /** Stem, four stages (features.1, .3, .5, .7, each after the first behind its downsampling), head. */
        CONVNEXT(TorchvisionInit.Scheme.TRUNCATED_NORMAL, List.of("features.1", "features.3", "features.5",
                "features.7"));

        final TorchvisionInit.Scheme init;
        final List<String> stages;

        Family(TorchvisionInit.Scheme init, List<String> stages) {
            this.init = init;
            this.stages = stages;
        }
    }

    private final String title;
    private final String torchvisionName;
    private final Family family;
    private final BiFunction<Integer, Float, SequentialBlock> architecture;

    Backbone(String title, String torchvisionName, Family family,
             BiFunction<Integer, Float, SequentialBlock> architecture) {
        this.title = title;
        this.torchvisionName = torchvisionName;
        this.family = family;
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
        return family.init;
    }

    Family family() {
        return family;
    }

    /**
     * torchvision's names of the stages {@link Classifier#stageFeatures} returns, e.g. layer1..layer4 for a
     * ResNet: the network's children after the stem, one per stage.
     */
    public List<String> stageNames() {
        return family.stages;
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
        return torchvisionName;
    }

    /** Parses "resnet18", "ResNet-18", "resnet_18", "wide_resnet50_2" alike. */
    public static Backbone parse(String name) {
        String key = name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        for (Backbone b : values()) {
            if (b.title.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT).equals(key)
                    || b.torchvisionName.replace("_", "").equals(key)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backbone '" + name + "': expected one of "
                + Arrays.stream(values()).map(Backbone::title).collect(Collectors.joining(", ")));
    }
}
