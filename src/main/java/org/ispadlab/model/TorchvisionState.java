package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab network's parameters under the names torchvision's {@code state_dict()} gives them (e.g.
 * {@code layer1.0.conv1.weight}, {@code features.3.0.block.1.0.weight}), so weights go in and out of PyTorch by
 * name. The lab's blocks follow torchvision's module order, so each family needs only where its modules sit;
 * a block whose parameters do not fit that list is a topology slip and fails loudly.
 *
 * @param parameters every parameter by torchvision's name, in the network's order; the arrays are the live
 *                   ones (batch-norm running statistics included)
 * @param head       the module name of the task's linear head ({@code fc}, {@code classifier.1}, ...)
 * @param firstConv  the name of the first convolution's weight, the one tensor whose shape follows the input
 *                   channels
 */
public record TorchvisionState(Map<String, Parameter> parameters, String head, String firstConv) {

    /** The names of {@code model}'s parameters. */
    public static TorchvisionState of(Classifier model) {
        return of(model.backbone(), model.block());
    }

    /** The names alone, from a network that is built but not initialised (its parameters have no arrays yet). */
    public static TorchvisionState of(Backbone backbone) {
        return of(backbone, backbone.withTaskHead());
    }

    /** The names of {@code net}'s parameters; names need no initialised network, only shapes do. */
    static TorchvisionState of(Backbone backbone, SequentialBlock net) {
        Namer n = new Namer();
        List<Block> c = children(net);
        String head;
        switch (backbone.family()) {
            case RESNET -> {
                n.name(c.get(0), "conv1", "bn1");
                for (int s = 1; s <= 4; s++) {
                    List<Block> units = children(c.get(s));
                    for (int u = 0; u < units.size(); u++) {
                        List<Block> branches = children(children(units.get(u)).get(0)); // relu(main + shortcut)
                        String unit = "layer" + s + "." + u + ".";
                        int convs = leaves(branches.get(0)).size() / 2;
                        List<String> main = new ArrayList<>();
                        for (int i = 1; i <= convs; i++) {
                            main.add(unit + "conv" + i);
                            main.add(unit + "bn" + i);
                        }
                        n.name(branches.get(0), main.toArray(String[]::new));
                        n.name(branches.get(1), leaves(branches.get(1)).isEmpty() ? new String[0]
                                : new String[] {unit + "downsample.0", unit + "downsample.1"});
                    }
                }
                head = "fc";
            }
            case EFFICIENTNET -> {
                n.name(c.get(0), "features.0.0", "features.0.1");
                for (int s = 1; s <= 7; s++) {
                    List<Block> units = children(c.get(s));
                    for (int b = 0; b < units.size(); b++) {
                        String p = "features." + s + "." + b + ".block.";
                        boolean expands = leaves(units.get(b)).size() == 8; // 1x1 expansion first, unless x1
                        int dw = expands ? 1 : 0;
                        List<String> names = new ArrayList<>();
                        if (expands) {
                            names.addAll(List.of(p + "0.0", p + "0.1"));
                        }
                        names.addAll(List.of(p + dw + ".0", p + dw + ".1", p + (dw + 1) + ".fc1",
                                p + (dw + 1) + ".fc2", p + (dw + 2) + ".0", p + (dw + 2) + ".1"));
                        n.name(units.get(b), names.toArray(String[]::new));
                    }
                }
                n.name(c.get(8), "features.8.0", "features.8.1");
                head = "classifier.1";
            }
            case CONVNEXT -> {
                n.name(c.get(0), "features.0.0", "features.0.1");
                for (int s = 0; s < 4; s++) {
                    List<Block> parts = children(c.get(s + 1));
                    int first = 0;
                    if (s > 0) { // the downsampling: layer norm, then the 2x2 strided convolution
                        n.name(parts.get(0), "features." + 2 * s + ".0");
                        n.name(parts.get(1), "features." + 2 * s + ".1");
                        first = 2;
                    }
                    for (int b = first; b < parts.size(); b++) {
                        String p = "features." + (2 * s + 1) + "." + (b - first) + ".";
                        n.name(parts.get(b), p + "block.0", p + "block.2", p + "block.3", p + "block.5",
                                p + "layer_scale");
                    }
                }
                n.name(c.get(6), "classifier.0");
                head = "classifier.2";
            }
            default -> throw new IllegalStateException("no torchvision names for " + backbone);
        }
        n.name(c.get(c.size() - 1), head);
        Map<String, Parameter> all = n.names;
        int total = net.getParameters().size();
        if (all.size() != total) {
            throw new IllegalStateException(backbone.title() + ": " + all.size() + " of " + total
                    + " parameters named; the network's blocks no longer follow torchvision's modules");
        }
        String firstConv = backbone.family() == Backbone.Family.RESNET ? "conv1.weight" : "features.0.0.weight";
        return new TorchvisionState(Collections.unmodifiableMap(all), head, firstConv);
    }

    /** A parameter's live array. */
    public NDArray array(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p.getArray();
    }

    /** True for the task head's weight and bias: fresh in an ImageNet file, which has 1000 outputs. */
    public boolean isHead(String name) {
        return name.equals(head + ".weight") || name.equals(head + ".bias");
    }

    /** Gives the parameter-holding blocks of a part of the network torchvision's module names, in order. */
    private static final class Namer {
        final Map<String, Parameter> names = new LinkedHashMap<>();

        void name(Block part, String... modules) {
            List<Block> leaves = leaves(part);
            if (leaves.size() != modules.length) {
                throw new IllegalStateException("expected " + modules.length + " layers with parameters "
                        + List.of(modules) + ", found " + leaves.size() + ": the network's blocks no longer "
                        + "follow torchvision's modules");
            }
            for (int i = 0; i < modules.length; i++) {
                Block leaf = leaves.get(i);
                for (Pair<String, Parameter> p : leaf.getDirectParameters()) {
                    String name = modules[i] + suffix(p.getKey());
                    if (names.put(name, p.getValue()) != null) {
                        throw new IllegalStateException("two parameters named " + name);
                    }
                }
            }
        }

        /** DJL's parameter names to PyTorch's; LayerScale's one parameter is the module's name itself. */
        private static String suffix(String djl) {
            return switch (djl) {
                case "weight", "gamma" -> ".weight";
                case "bias", "beta" -> ".bias";
                case "runningMean" -> ".running_mean";
                case "runningVar" -> ".running_var";
                case "layerScale" -> "";
                default -> throw new IllegalStateException("no PyTorch name for DJL parameter " + djl);
            };
        }
    }

    private static List<Block> children(Block b) {
        List<Block> out = new ArrayList<>();
        b.getChildren().forEach(p -> out.add(p.getValue()));
        return out;
    }

    /** The blocks that hold parameters themselves, depth first, in the order the network runs them. */
    private static List<Block> leaves(Block b) {
        List<Block> out = new ArrayList<>();
        if (!b.getDirectParameters().isEmpty()) {
            out.add(b);
            return out;
        }
        for (Block child : children(b)) {
            out.addAll(leaves(child));
        }
        return out;
    }
}
