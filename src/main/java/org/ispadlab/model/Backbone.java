package org.ispadlab.model;

import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The classification backbones of the paper's ablation (Table 2), each with a 2-way head behind dropout. */
public enum Backbone {
    RESNET_18("ResNet-18") {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return ResNet.resnet18(outputs, dropout);
        }
    },
    RESNET_50("ResNet-50") {
        @Override
        SequentialBlock build(int outputs, float dropout) {
            return ResNet.resnet50(outputs, dropout);
        }
    };

    private final String title;

    Backbone(String title) {
        this.title = title;
    }

    abstract SequentialBlock build(int outputs, float dropout);

    /** The name the paper uses, e.g. "ResNet-18". */
    public String title() {
        return title;
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
