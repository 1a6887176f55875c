package org.ispadlab.train;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import org.ispadlab.data.Image8;

/**
 * A stream of fixed entries (the supervised HDF5 stream, or its fault-free part for oversampling), walked in a
 * seeded permutation per epoch: every entry once per pass, as the paper trained.
 *
 * @param image   entry k of the stream
 * @param entries the stream positions used (all, or the fault-free ones)
 * @param labels  label of each used entry, parallel to {@code entries}
 */
public record FixedStream(IntFunction<Image8> image, int[] entries, int[] labels, long seed) implements TrainingStream {

    public FixedStream {
        if (entries.length == 0 || entries.length != labels.length) {
            throw new IllegalArgumentException("a training stream needs entries with one label each, got "
                    + entries.length + " entries and " + labels.length + " labels");
        }
    }

    @Override
    public int length() {
        return entries.length;
    }

    @Override
    public int defectiveCount() {
        return (int) Arrays.stream(labels).filter(l -> l == 1).count();
    }

    @Override
    public Epoch epoch(int epoch) {
        int[] order = order(epoch);
        return (positionInEpoch, globalPosition) -> {
            int i = order[(int) (positionInEpoch % order.length)];
            return new Entry(image.apply(entries[i]), labels[i]);
        };
    }

    @Override
    public String fingerprint() {
        return "hdf5 entries=" + entries.length + " seed=" + seed;
    }

    /** The seeded permutation of the entries that epoch {@code epoch} walks through. */
    int[] order(int epoch) {
        int[] order = new int[entries.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random r = new Random(seed * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
