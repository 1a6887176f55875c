package org.ispadlab;

import java.nio.file.Path;
import org.ispadlab.data.Manifest;
import org.ispadlab.sim.SimGenerator;
import org.ispadlab.sim.SimPreset;

/** A fresh ISP-AD-sim at scale smoke for a test: seconds to write, the real generator and layout. */
public final class SmokeData {

    private SmokeData() {
    }

    /** Writes the dataset into {@code dir} (2 threads, quiet) and returns its root. */
    public static Path generate(Path dir) {
        SimPreset smoke = SimPreset.of(Scale.SMOKE);
        return new SimGenerator(smoke, Manifest.load(), 2, line -> { }, LabData.paperStream(smoke))
                .generate(dir, false).root();
    }
}
