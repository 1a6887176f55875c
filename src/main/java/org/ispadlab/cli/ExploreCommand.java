package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.explore.Agreement;
import org.ispadlab.explore.DefectTable;
import org.ispadlab.explore.GroupRecall;
import org.ispadlab.explore.ModelCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code environment/lab explore}: notebook 06's per-defect table from a terminal: every test image of a modality
 * with every model the caches hold, as CSV, and per group the recall of each model; nothing is trained.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Every test image of a modality with every cached model's score and decisions (notebook 06's "
                + "table) as CSV, and recall per defect group; models not cached are named with the command that "
                + "makes them. Nothing is trained.")
final class ExploreCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
    String scale;
    @Option(names = "--modality", defaultValue = "LSM-1", description = "LSM-1, LSM-2 or ASM (default ${DEFAULT-VALUE})")
    String modality;
    @Option(names = "--out", description = "the CSV to write (default: $ISPAD_RESULTS_DIR/<dataset>/explore/<modality>"
            + "-defects.csv)")
    Path out;

    @Override
    public Integer call() {
        Scale s = Flags.parsed("--scale", scale, Scale::parse);
        Modality m = Flags.parsed("--modality", modality, Modality::of);
        long t0 = System.nanoTime();
        DatasetLayout layout = LabData.open(s);
        DefectTable table = DefectTable.of(layout, m, ModelCatalogue.find(layout, m, s));
        Path file = out != null ? out : LabData.resultsRoot("explore", s).resolve(m.id() + "-defects.csv");
        table.writeCsv(file);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(table.inventory().printAll());
        System.out.printf(Locale.ROOT, "%d test images (%d defective, %d classes) x %d cached models written to %s "
                        + "in %.1f s%n", table.images().size(),
                table.images().stream().filter(DefectTable.Image::defective).count(), table.classes().size(),
                table.models().size(), file, seconds);
        if (!table.models().isEmpty()) {
            System.out.println(GroupRecall.table("Recall per defect group, " + m + " at " + s.label(),
                    GroupRecall.cells(table, table.models(), false, org.ispadlab.explore.DefectGroups.SEED)).printAll());
            System.out.println(Agreement.table(table, Agreement.of(table, table.models()), table.models()).printAll());
            System.out.println("evaluate one model: environment/lab eval --scores " + file + " --column "
                    + table.models().get(0).name());
        }
        return 0;
    }
}
