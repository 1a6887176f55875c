package org.ispadlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the PNG splits of a dataset and checks them on the way: every file a PNG with the modality's
 * channels and one size per split, every test defect paired with its mask by file stem, no split empty.
 * Only PNG headers are read here; pixels load when a patch is used.
 */
public final class PatchFolders {

    private final DatasetLayout layout;

    public PatchFolders(DatasetLayout layout) {
        this.layout = layout;
    }

    public List<LabeledPatch> trainGood(Modality m) {
        return good(layout.trainGood(m), m);
    }

    public List<LabeledPatch> testGood(Modality m) {
        return good(layout.testGood(m), m);
    }

    public List<LabeledPatch> extraGood(Modality m) {
        return good(layout.extraGood(m), m);
    }

    /** Test defects of a group with their masks; a missing or mis-sized mask is an error. */
    public List<LabeledPatch> testDefects(Modality m, DefectGroup g) {
        List<LabeledPatch> out = new ArrayList<>();
        Png.Header size = null;
        for (Path image : pngs(layout.testDefects(m, g))) {
            Png.Header h = checked(image, m, size);
            size = h;
            String stem = stemOf(image);
            Path mask = layout.mask(m, g, stem);
            if (!Files.isRegularFile(mask)) {
                throw new DataFormatException(mask, "the mask of " + image.getFileName(), "no such file");
            }
            Png.Header mh = Png.header(mask);
            if (mh.channels() != 1 || mh.width() != h.width() || mh.height() != h.height()) {
                throw new DataFormatException(mask, "a single-channel " + h.width() + "x" + h.height() + " mask",
                        mh.width() + "x" + mh.height() + " with " + mh.channels() + " channels");
            }
            out.add(new LabeledPatch(image, mask, g));
        }
        return out;
    }

    /** Real training defects: weakly labelled, no masks. */
    /** The whole test split in the order every experiment scores it: fault-free, then each defect group. */
    public List<LabeledPatch> test(Modality m) {
        List<LabeledPatch> all = new java.util.ArrayList<>(testGood(m));
        for (DefectGroup g : DefectGroup.values()) {
            all.addAll(testDefects(m, g));
        }
        return all;
    }

    public List<LabeledPatch> realDefects(Modality m, DefectGroup g) {
        List<LabeledPatch> out = new ArrayList<>();
        Png.Header size = null;
        for (Path image : pngs(layout.realDefects(m, g))) {
            size = checked(image, m, size);
            out.add(new LabeledPatch(image, null, g));
        }
        return out;
    }

    private List<LabeledPatch> good(Path dir, Modality m) {
        List<LabeledPatch> out = new ArrayList<>();
        Png.Header size = null;
        for (Path image : pngs(dir)) {
            size = checked(image, m, size);
            out.add(new LabeledPatch(image, null, null));
        }
        return out;
    }

    private static Png.Header checked(Path image, Modality m, Png.Header first) {
        Png.Header h = Png.header(image);
        if (h.channels() != m.channels()) {
            throw new DataFormatException(image, m.id() + " patches with " + m.channels() + " channel(s)",
                    h.channels() + " channel(s)");
        }
        if (first != null && (h.width() != first.width() || h.height() != first.height())) {
            throw new DataFormatException(image, first.width() + "x" + first.height() + " like the rest of its folder",
                    h.width() + "x" + h.height());
        }
        return h;
    }

    /** The PNGs of a folder in name order; an empty or missing folder is an error. */
    static List<Path> pngs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "a folder of PNG patches", "no such folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
            if (list.isEmpty()) {
                throw new DataFormatException(dir, "at least one .png patch", "none");
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static String stemOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".png".length());
    }
}
