package org.ispadlab.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Any HDF5 file's layout as text: groups, datasets with shape, type, storage and filters, attributes.
 * {@code environment/lab data inspect FILE} prints it, so the keys of a downloaded file can be mapped in the
 * manifest.
 */
public final class Hdf5Tree {

    private Hdf5Tree() {
    }

    public static String describe(Path file) {
        try (HdfFile hdf = Hdf5Files.open(file, "an HDF5 file")) {
            StringBuilder out = new StringBuilder(file.getFileName() + "\n");
            attributes(hdf.getAttributes(), "  ", out);
            group(hdf, "  ", out);
            return out.toString();
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException(file, "an HDF5 file", "unreadable content (" + e.getMessage() + ")");
        }
    }

    private static void group(Group group, String indent, StringBuilder out) {
        for (Node node : group.getChildren().values()) {
            if (node instanceof Group g) {
                out.append(indent).append(g.getName()).append("/\n");
                attributes(g.getAttributes(), indent + "  ", out);
                group(g, indent + "  ", out);
            } else if (node instanceof Dataset d) {
                out.append(indent).append(d.getName()).append("  ").append(Arrays.toString(d.getDimensions()))
                        .append(' ').append(typeName(d)).append("  ").append(d.getDataLayout().name().toLowerCase());
                if (d instanceof ChunkedDataset c) {
                    out.append(" chunks ").append(Arrays.toString(c.getChunkDimensions()));
                }
                if (!d.getFilters().isEmpty()) {
                    out.append("  filters ").append(d.getFilters().stream().map(f -> f.getName()).collect(Collectors.joining(", ")));
                }
                out.append('\n');
                attributes(d.getAttributes(), indent + "  ", out);
            }
        }
    }

    /** int8/uint8/float32... as numpy names them; other types by jHDF's class name. */
    private static String typeName(Dataset d) {
        int bits = d.getDataType().getSize() * 8;
        if (d.getDataType() instanceof FixedPoint f) {
            return (f.isSigned() ? "int" : "uint") + bits;
        }
        if (d.getDataType() instanceof FloatingPoint) {
            return "float" + bits;
        }
        return d.getDataType().getClass().getSimpleName() + " (" + bits + " bits)";
    }

    private static void attributes(Map<String, Attribute> attributes, String indent, StringBuilder out) {
        attributes.forEach((name, a) -> {
            Object value = a.getData();
            String text = value != null && value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
            out.append(indent).append('@').append(name).append(" = ").append(text).append('\n');
        });
    }
}
