package org.ispadlab.unsup;

import java.util.List;
import java.util.function.DoubleConsumer;
import org.ispadlab.data.Image8;

/**
 * An unsupervised anomaly detector: fitted on fault-free images only, it gives every test image a score and an
 * anomaly map of the image's size (higher = more anomalous).
 */
public interface AnomalyDetector extends AutoCloseable {

    /** The method and its settings, in words (printed beside its results). */
    String describe();

    /** Learns normality from {@code faultFree}; {@code progress} receives the share done, 0..1. */
    void fit(List<Image8> faultFree, DoubleConsumer progress);

    /** Scores and maps of {@code images}, in order. */
    Scores score(List<Image8> images);

    @Override
    void close();
}
