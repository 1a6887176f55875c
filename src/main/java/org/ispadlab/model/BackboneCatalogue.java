package org.ispadlab.model;

import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Every backbone the lab can build: its size, its inputs and whether pretrained weights are at hand. */
public final class BackboneCatalogue {

    private BackboneCatalogue() {
    }

    public static Table table() {
        StringColumn name = StringColumn.create("backbone");
        StringColumn torchvision = StringColumn.create("torchvision");
        LongColumn rgb = LongColumn.create("parameters, 3 channels");
        LongColumn grey = LongColumn.create("parameters, 1 channel");
        StringColumn inputs = StringColumn.create("input channels");
        StringColumn weights = StringColumn.create("pretrained weights");
        for (Backbone b : Backbone.values()) {
            name.append(b.title());
            torchvision.append(b.torchvisionName());
            rgb.append(b.trainableParameters(3));
            grey.append(b.trainableParameters(1));
            inputs.append("1 or 3");
            weights.append(found(b, 1) + "; " + found(b, 3));
        }
        return Table.create("Backbones (2-way head)", name, torchvision, rgb, grey, inputs, weights);
    }

    private static String found(Backbone b, int channels) {
        return PretrainedWeights.find(b, channels).map(p -> channels + " ch: " + p)
                .orElse(channels + " ch: none (random init)");
    }
}
