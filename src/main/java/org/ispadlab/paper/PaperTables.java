package org.ispadlab.paper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The paper's published tables, as shipped with the library, so every notebook can put the paper's
 * numbers beside its own.
 */
public enum PaperTables {
    /** Table 2: backbone ablation, MCC and inference speed. */
    BACKBONE_ABLATION("table2_backbone_ablation"),
    /** Tables 3 and 4 (and the LSM-2 text): MCC against the number of real defects injected. */
    FRACTION_SCALING("table3_4_fraction_scaling"),
    /** Tables 5 to 7: the unsupervised methods. */
    UNSUPERVISED("table5_7_unsupervised"),
    /** Table 7: the dataset's splits and their sizes. */
    SPLITS("table7_splits"),
    /** Table 8: augmentation ranges per modality. */
    AUGMENTATION("table8_augmentation");

    private final String resource;

    PaperTables(String resource) {
        this.resource = resource;
    }

    /** A fresh copy of the table; notebooks may filter or add columns freely. */
    public Table load() {
        String path = "/org/ispadlab/paper/" + resource + ".csv";
        try (InputStream in = PaperTables.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the library jar lacks " + path + "; rebuild it with environment/lab");
            }
            return Table.read().usingOptions(CsvReadOptions.builder(in).tableName(resource).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
