package org.ispadlab.explore;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which defects which kinds of model catch, each model at its honest threshold: missed by every model, caught only
 * by the supervised classifiers, only by the unsupervised methods, or by both kinds.
 */
public final class Agreement {

    /** The defects of each kind of agreement, as indices into the table. */
    public record Sets(List<Integer> missedByAll, List<Integer> onlySupervised, List<Integer> onlyUnsupervised,
                       List<Integer> both) {
    }

    private Agreement() {
    }

    public static Sets of(DefectTable table, List<ExploredModel> models) {
        List<Integer> none = new ArrayList<>();
        List<Integer> sup = new ArrayList<>();
        List<Integer> unsup = new ArrayList<>();
        List<Integer> both = new ArrayList<>();
        for (DefectTable.Image i : table.images()) {
            if (!i.defective()) {
                continue;
            }
            boolean bySupervised = models.stream().anyMatch(m -> m.supervised() && m.flaggedAtHonest(i.index()));
            boolean byUnsupervised = models.stream().anyMatch(m -> !m.supervised() && m.flaggedAtHonest(i.index()));
            (bySupervised ? byUnsupervised ? both : sup : byUnsupervised ? unsup : none).add(i.index());
        }
        return new Sets(none, sup, unsup, both);
    }

    /** The four sets counted per group. */
    public static Table table(DefectTable table, Sets sets, List<ExploredModel> models) {
        StringColumn group = StringColumn.create("defects");
        IntColumn n = IntColumn.create("n");
        IntColumn none = IntColumn.create("missed by all");
        IntColumn sup = IntColumn.create("caught only by supervised");
        IntColumn unsup = IntColumn.create("caught only by unsupervised");
        IntColumn both = IntColumn.create("caught by both kinds");
        for (String g : List.of("points", "area")) {
            group.append(g);
            n.append(table.subset(g, false).size());
            none.append(count(table, sets.missedByAll(), g));
            sup.append(count(table, sets.onlySupervised(), g));
            unsup.append(count(table, sets.onlyUnsupervised(), g));
            both.append(count(table, sets.both(), g));
        }
        long supervised = models.stream().filter(ExploredModel::supervised).count();
        return Table.create(String.format("Who catches what, %s: %d supervised and %d unsupervised models, each at "
                        + "its honest threshold", table.modality(), supervised, models.size() - supervised))
                .addColumns(group, n, none, sup, unsup, both);
    }

    private static int count(DefectTable table, List<Integer> set, String group) {
        return (int) set.stream().filter(i -> table.images().get(i).group().equals(group)).count();
    }
}
