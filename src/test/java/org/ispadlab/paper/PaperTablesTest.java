package org.ispadlab.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PaperTablesTest {

    @Test
    void everyPaperTableLoadsWithItsPublishedShape() {
        Table splits = PaperTables.SPLITS.load();
        assertEquals(3, splits.rowCount());
        assertEquals(3678, splits.where(splits.stringColumn("modality").isEqualTo("LSM-1"))
                .intColumn("train_unsupervised_good").get(0));
        Table ablation = PaperTables.BACKBONE_ABLATION.load();
        assertEquals(25, ablation.rowCount());
        assertEquals(6309, ablation.intColumn("throughput_patches_per_s").get(0));
        for (PaperTables t : PaperTables.values()) {
            assertEquals(true, t.load().rowCount() > 0, t.name());
        }
    }
}
