package org.ispadlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.env.LabEnvironment;
import org.ispadlab.pack.PackManifest;
import org.ispadlab.pack.ResultsPack;
import org.ispadlab.sim.SimGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code environment/lab results pack|unpack|show}: a scale's cached results in one file, for a workshop whose
 * students should see the findings at once and train only what they change.
 */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Results packs: a scale's cached results "
        + "(what the notebooks show, and the weights they read) in one archive.",
        subcommands = {ResultsCommand.Pack.class, ResultsCommand.Unpack.class, ResultsCommand.Show.class})
final class ResultsCommand {

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Write the cached results of a scale (in $ISPAD_RESULTS_DIR) into OUT, a zstd-compressed tar "
                    + "with a manifest.")
    static final class Pack implements Callable<Integer> {
        @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
        String scale;
        @Parameters(paramLabel = "OUT", description = "the pack to write, e.g. workshop-results.tar.zst")
        Path out;

        @Override
        public Integer call() {
            Scale s = Flags.parsed("--scale", scale, Scale::parse);
            ResultsPack.Packed p = ResultsPack.pack(LabData.resultsBase(), s.label(), dataset(s),
                    LabEnvironment.libraryVersion(), out);
            PackManifest m = p.manifest();
            System.out.printf(Locale.ROOT, "packed %d files of %d experiments (%s) from %s into %s: %s%n",
                    m.files().size(), m.experiments().size(), mb(m.bytes()), LabData.resultsBase().resolve(m.dataset()),
                    out, mb(p.archiveBytes()));
            if (!m.skipped().isEmpty()) {
                System.out.println("left out, not finished: " + String.join(", ", m.skipped()));
            }
            return 0;
        }
    }

    @Command(name = "unpack", mixinStandardHelpOptions = true,
            description = "Check a pack (every checksum, this lab's simulator version and settings) and write its "
                    + "results into $ISPAD_RESULTS_DIR; results computed here are kept unless --force.")
    static final class Unpack implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a pack that environment/lab results pack wrote")
        Path file;
        @Option(names = "--force", description = "replace results here that differ from the pack's")
        boolean force;

        @Override
        public Integer call() {
            PackManifest m = ResultsPack.manifest(file);
            Scale s = Flags.parsed("the pack's scale", m.scale(), Scale::parse);
            ResultsPack.Unpacked u = ResultsPack.unpack(file, LabData.resultsBase(), dataset(s), force);
            System.out.printf(Locale.ROOT, "unpacked %d files (%s) of %d experiments into %s; %d already there%n",
                    u.written(), mb(u.bytes()), m.experiments().size(), u.folder(), u.unchanged());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a pack's manifest: versions, "
            + "dataset, experiments with their seeds and settings, size.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            PackManifest m = ResultsPack.manifest(file);
            System.out.printf(Locale.ROOT, "lab %s, scale %s, dataset %s (ISP-AD-sim version %d), %d files, %s%n",
                    m.lab(), m.scale(), m.dataset(), m.simulator(), m.files().size(), mb(m.bytes()));
            for (PackManifest.Experiment e : m.experiments()) {
                System.out.printf(Locale.ROOT, "  %s  seed %s%s%n", e.folder(), e.seed() == null ? "-" : e.seed(),
                        e.settings().isEmpty() ? "" : "  " + e.settings());
            }
            return 0;
        }
    }

    /** This lab's dataset at a scale, generated first if it is not there yet (the results folder names it). */
    static ResultsPack.Dataset dataset(Scale s) {
        LabData.open(s);
        if (!LabData.simulated()) {
            return new ResultsPack.Dataset(LabData.datasetId(s), 0, new JsonObject());
        }
        Path metadata = LabData.simRoot(s).resolve(SimGenerator.METADATA);
        try {
            return new ResultsPack.Dataset(LabData.datasetId(s), SimGenerator.VERSION,
                    JsonParser.parseString(Files.readString(metadata)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadata, e);
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
