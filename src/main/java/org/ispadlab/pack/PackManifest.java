package org.ispadlab.pack;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What a results pack holds, written as its first entry so an unpack checks it before writing anything.
 *
 * @param format      this manifest's format, {@link #FORMAT}
 * @param lab         the lab's version that packed it
 * @param scale       the scale the results were computed at (smoke, workshop, paper)
 * @param dataset     the results folder packed, e.g. {@code sim-v5-workshop-27b95c1d}: data, generator version,
 *                    scale and settings digest, as the experiments name it
 * @param simulator   ISP-AD-sim's version (0 for real data)
 * @param settings    the simulated dataset's recorded settings (its {@code ispad-sim.json}); empty for real data
 * @param files       every file, its path under the results folder, size and SHA-256
 * @param experiments every training run and cached outcome, with its seed and settings
 * @param skipped     runs left out because they had not finished (they would be resumed, not shown)
 */
public record PackManifest(int format, String lab, String scale, String dataset, int simulator, JsonObject settings,
                           List<Entry> files, List<Experiment> experiments, List<String> skipped) {

    public static final int FORMAT = 1;
    /** The manifest's name inside the archive: always its first entry. */
    public static final String NAME = "ispad-results-pack.json";

    /** One packed file: its path relative to the results root ({@code dataset/...}), bytes and SHA-256 (hex). */
    public record Entry(String path, long size, String sha256) {
    }

    /**
     * One experiment in the pack: its folder (experiment/modality/seed/row), the seed read from it, and the
     * settings its training state or outcome records ("" where it records none).
     */
    public record Experiment(String folder, Long seed, String settings) {
    }

    /** The total of the packed files' sizes. */
    public long bytes() {
        return files.stream().mapToLong(Entry::size).sum();
    }
}
