package org.ispadlab.data;

import java.nio.file.Path;

/** The manifest's layout resolved against one dataset folder (real ISP-AD or ISP-AD-sim). */
public record DatasetLayout(Path root, Manifest.Layout layout) {

    public static DatasetLayout of(Path root, Manifest manifest) {
        return new DatasetLayout(root, manifest.layout());
    }

    private Path resolve(String template, Modality m, DefectGroup g) {
        String path = template.replace("{modality}", m.id());
        if (g != null) {
            path = path.replace("{group}", g.folder());
        }
        return root.resolve(path);
    }

    public Path unsupervisedRoot(Modality m) {
        return resolve(layout.unsupervisedRoot(), m, null);
    }

    public Path trainGood(Modality m) {
        return unsupervisedRoot(m).resolve(layout.trainGood());
    }

    public Path testGood(Modality m) {
        return unsupervisedRoot(m).resolve(layout.testGood());
    }

    public Path testDefects(Modality m, DefectGroup g) {
        return unsupervisedRoot(m).resolve(layout.testDefect().replace("{group}", g.folder()));
    }

    /** The ground-truth mask of a test image with file stem {@code stem}. */
    public Path mask(Modality m, DefectGroup g, String stem) {
        return unsupervisedRoot(m).resolve(layout.mask().replace("{group}", g.folder()).replace("{stem}", stem));
    }

    public Path stream(Modality m) {
        return resolve(layout.streamFile(), m, null);
    }

    public Path realDefects(Modality m, DefectGroup g) {
        return resolve(layout.realDefects(), m, g);
    }

    public Path extraGood(Modality m) {
        return resolve(layout.extraGood(), m, null);
    }
}
