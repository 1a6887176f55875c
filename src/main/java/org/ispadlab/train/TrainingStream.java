package org.ispadlab.train;

import org.ispadlab.data.Image8;

/**
 * Where a run's patches come from before real defects are injected, behind one interface so injection,
 * oversampling, checkpoints and exact resume work the same on both: the fixed stream written to HDF5 (the
 * paper's way, {@link FixedStream}) or the lab's endless balanced stream ({@link EndlessStream}), which never
 * shows a sample twice. Entry (epoch, position) is a pure function of the seed: any thread, any order, again
 * after a resume.
 */
public interface TrainingStream {

    /** One patch as stored (not yet preprocessed) and its label (1: defective). */
    record Entry(Image8 image, int label) {
    }

    /** Which stream a run trains on, as a parameter names it. */
    enum Kind {
        /** The supervised HDF5 stream, read in a seeded order per epoch. */
        HDF5,
        /** Fault-free sources, augmented, half of them given a fresh synthetic defect, endlessly. */
        ENDLESS;

        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown training stream '" + name + "': expected hdf5 or endless");
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Patches in one nominal pass: the epoch's length when a run does not fix its steps per epoch. */
    int length();

    /** How many of one pass are defective (synthetic defects), for the notebook's description. */
    int defectiveCount();

    /** The reader of epoch {@code epoch}; epoch-wide work (a permutation) is done once here. */
    Epoch epoch(int epoch);

    /** What decides the stream's content, for the run's checkpoint fingerprint. */
    String fingerprint();

    /** Reads one epoch. */
    interface Epoch {
        /**
         * @param positionInEpoch slot within the epoch (step x batch + k)
         * @param globalPosition  slot within the run (epoch x steps x batch + step x batch + k)
         */
        Entry entry(long positionInEpoch, long globalPosition);
    }
}
