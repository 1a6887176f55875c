package org.ispadlab.train;

import org.ispadlab.synth.BalancedStream;

/**
 * The endless balanced stream as a training stream: slot p of the run is entry p of the
 * {@link BalancedStream}, so no sample repeats and a resumed run reads the same entries again. A fixed stream
 * of a few thousand patches is memorised by a network that starts from random weights before it finds a faint
 * defect (every background carries one label); fresh draws leave nothing to memorise but the defect.
 *
 * @param sources how many fault-free source patches the stream draws from
 * @param defectShare share of entries given a synthetic defect (0: the pure fault-free stream of oversampling)
 */
public record EndlessStream(BalancedStream stream, int sources, double defectShare, long seed) implements TrainingStream {

    /** A nominal pass: every source twice, once clean and once defective in expectation. */
    @Override
    public int length() {
        return 2 * sources;
    }

    @Override
    public int defectiveCount() {
        return (int) Math.round(length() * defectShare);
    }

    @Override
    public Epoch epoch(int epoch) {
        return (positionInEpoch, globalPosition) -> {
            BalancedStream.Sample s = stream.get(globalPosition);
            return new Entry(s.image(), s.defective() ? 1 : 0);
        };
    }

    @Override
    public String fingerprint() {
        return "endless sources=" + sources + " defects=" + defectShare + " seed=" + seed;
    }
}
