package org.ispadlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.Preparation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code environment/lab prepare}: a teacher's one command that computes every cached result notebooks 03-05 show at
 * a scale; resumable (each step is cached), one line per step with an estimate of the time left.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Compute every result notebooks 03, 04 and 05 show at a scale, into the caches they read.")
final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
    String scale;
    @Option(names = "--modalities", split = ",", defaultValue = "LSM-1,LSM-2,ASM",
            description = "modalities to prepare (default ${DEFAULT-VALUE}); notebook 03's ablation runs with LSM-1")
    List<String> modalities;
    @Option(names = "--seeds", defaultValue = "1", description = "notebook 04's seeds: 1 (as shipped: the scale's seed) "
            + "or K (seeds 1..K, as README's tables), 1..100")
    int seeds;
    @Option(names = "--list", description = "print the steps, each with whether it has anything to compute, and stop")
    boolean list;
    @Option(names = "--check", description = "compute nothing; exit 1 when a step is not cached (names it)")
    boolean check;

    @Override
    public Integer call() {
        Scale s = Flags.parsed("--scale", scale, Scale::parse);
        Flags.within("--seeds", seeds, 1, 100);
        List<Modality> ms = modalities.stream().map(m -> Flags.parsed("--modalities", m, Modality::of)).toList();
        Preparation preparation = new Preparation(s, ms, seeds);
        if (list || check) {
            List<Preparation.Step> steps = preparation.steps();
            int missing = 0;
            for (int i = 0; i < steps.size(); i++) {
                boolean cached = steps.get(i).cached().getAsBoolean();
                missing += cached ? 0 : 1;
                if (list || !cached) {
                    System.out.printf(Locale.ROOT, "[%d/%d] notebook %s: %s (%s)%n", i + 1, steps.size(),
                            steps.get(i).notebook(), steps.get(i).label(), cached ? "nothing to compute" : "to compute");
                }
            }
            System.out.printf(Locale.ROOT, "%d of %d steps with nothing to compute at %s (cached, or left out as the "
                    + "notebook leaves them out)%n", steps.size() - missing, steps.size(), s.label());
            return check && missing > 0 ? 1 : 0;
        }
        long started = System.nanoTime();
        preparation.run(new Preparation.Progress() {
            @Override
            public void started(int index, int total, Preparation.Step step) {
                System.out.printf(Locale.ROOT, "[%d/%d] notebook %s: %s ...%n", index, total, step.notebook(),
                        step.label());
            }

            @Override
            public void finished(int index, int total, Preparation.Step step, String result, boolean cached,
                                 double seconds, double secondsLeft) {
                System.out.printf(Locale.ROOT, "[%d/%d]   %s (%s)%s%n", index, total, result,
                        cached ? "nothing to compute" : String.format(Locale.ROOT, "%.0f s", seconds),
                        Double.isNaN(secondsLeft) || index == total ? "" : String.format(Locale.ROOT,
                                "; at most about %.0f min left (each notebook's pace so far; cached steps take none)",
                                secondsLeft / 60));
            }
        });
        System.out.printf(Locale.ROOT, "prepared %s in %.1f min; cached now:%n", s.label(),
                (System.nanoTime() - started) / 60e9);
        summary(LabData.resultsBase().resolve(LabData.datasetId(s)), s);
        return 0;
    }

    /** Per experiment folder: how many outcomes are cached and their folder's size. */
    private static void summary(Path dataset, Scale scale) {
        Map<String, long[]> per = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataset)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String experiment = dataset.relativize(p).getName(0).toString();
                long[] v = per.computeIfAbsent(experiment, k -> new long[2]);
                v[0] += p.getFileName().toString().equals("outcome.json") ? 1 : 0;
                v[1] += Files.size(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataset, e);
        }
        per.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-18s %3d outcome(s)  %8.1f MB%n", k, v[0], v[1] / 1e6));
        System.out.println("  in " + dataset + "; environment/lab results pack --scale " + scale.label()
                + " OUT puts them in one file");
    }
}
