package org.ispadlab.sim;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.ispadlab.data.DatasetCheck;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.DefectSynthesizer;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchAugmenter;
import org.ispadlab.data.Png;
import org.ispadlab.data.Split;
import org.ispadlab.data.SupervisedStreamWriter;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.synth.RandomWalkSynthesizer;

/**
 * Writes ISP-AD-sim: every split of Table 7 for the three modalities, in the real dataset's layout. Patches
 * are cut at random positions from simulated plates (printed samples), a few plates per production batch,
 * so variability comes from the process. Same preset and seed, same bytes, whatever the thread count:
 * every patch draws from its own seed.
 */
public final class SimGenerator {

    /** Metadata file at the dataset root: what was generated, with the counts to verify against. */
    public static final String METADATA = DatasetCheck.DECLARED_COUNTS;
    /**
     * Raised whenever the same seed starts giving other data, so older datasets are made again and results
     * computed on them are not mistaken for new ones. 2: good and defective test patches share their plates.
     * 3: point and area contrast apart, the synthesis calibrated per scale and recorded, per-split minima.
     * 4: ASM's masked borders placed relative to the patch, so the stream's 2x sources keep them in their crop.
     * 5: LSM-2's second print layer registered to the first (a misalignment is a shift no fault-free plate shows)
     * and its pinholes in the print; LSM-1's and ASM's bytes unchanged.
     * 6: LSM-2's pinholes where the ink around them is deepest (their glow on ink, not beside the bright gaps) and
     * wider where a preset's contrast exceeds what a hole can let through; LSM-1's and ASM's bytes unchanged.
     */
    public static final int VERSION = 6;
    private static final int PATCHES_PER_PLATE = 12;
    private static final int PLATES_PER_BATCH = 4;
    private static final int PLATE_EXTENT = 16;

    /** What a run wrote. */
    public record Report(Path root, int patches, double seconds) {
        public double patchesPerSecond() {
            return patches / Math.max(1e-9, seconds);
        }
    }

    /**
     * How the supervised stream is made: fault-free patches augmented (Table 8), then synthetic defects in
     * half of them. Without a synthesizer the synthetic half is left for later; without an augmenter the
     * patches are plain centre crops.
     */
    public record StreamRecipe(PatchAugmenter augmenter, DefectSynthesizer synthesizer) {
        public static final StreamRecipe PLAIN = new StreamRecipe(null, null);
    }

    private static final int SYNTHESIS_RETRIES = 10;

    private final SimPreset preset;
    private final Manifest manifest;
    private final int threads;
    private final Consumer<String> log;
    private final StreamRecipe recipe;

    public SimGenerator(SimPreset preset, Manifest manifest, int threads, Consumer<String> log, StreamRecipe recipe) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.preset = preset;
        this.manifest = manifest;
        this.threads = threads;
        this.log = log;
        this.recipe = recipe;
    }

    /** What a run will write: files, an upper estimate of their bytes (8-bit samples, no compression), patches. */
    public record Estimate(long files, long bytes, long patches) {
    }

    /** How much this generator's preset writes, before writing anything. */
    public Estimate estimate() {
        long files = 1;
        long bytes = 0;
        long patches = 0;
        long side = preset.patchSize();
        long real = preset.realDefectSize();
        for (Modality m : Modality.values()) {
            files += 1; // defects.csv
            for (Split split : Split.values()) {
                long n = split == Split.TRAIN_SUPERVISED_SYNTHETIC && recipe.synthesizer() == null ? 0
                        : preset.count(manifest, m, split);
                patches += n;
                switch (split) {
                    // the HDF5 stream: one file, an image and a mask per entry
                    case TRAIN_SUPERVISED_GOOD, TRAIN_SUPERVISED_SYNTHETIC -> bytes += 2 * n * side * side;
                    case TRAIN_REAL_POINTS, TRAIN_REAL_AREA -> {
                        files += n;
                        bytes += n * real * real * m.channels();
                    }
                    case TEST_POINTS, TEST_AREA -> { // the patch and its mask
                        files += 2 * n;
                        bytes += n * side * side * (m.channels() + 1);
                    }
                    default -> {
                        files += n;
                        bytes += n * side * side * m.channels();
                    }
                }
            }
            files += 1; // the stream
        }
        return new Estimate(files, bytes, patches);
    }

    /** Seconds between progress lines of a long run. */
    private static final long PROGRESS_SECONDS = 10;
    /** How long a stop (Ctrl-C, kill) waits for the workers to end before the partial folder is removed anyway. */
    private static final long STOP_WAIT_SECONDS = 60;

    private final AtomicInteger written = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * Generates into {@code out}. The data is written beside it first and moved in place at the end, so an
     * interrupted or failed run leaves no half dataset (the partial folder is removed, on Ctrl-C and kill too);
     * an existing dataset is replaced only when {@code overwrite}. A run that would not fit on the disk is refused
     * before it writes, and a long one logs its progress every few seconds.
     */
    public Report generate(Path out, boolean overwrite) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !overwrite) {
            throw new IllegalArgumentException(target + " already exists: choose another folder or overwrite it");
        }
        Estimate estimate = estimate();
        requireSpace(target, estimate);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long start = System.nanoTime();
        written.set(0);
        stopped = false;
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread onStop = new Thread(() -> {
            stopped = true; // the workers see it and end; generate then removes the partial folder
            try {
                ended.await(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "ispad-sim-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        var progress = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ispad-sim-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> logProgress(estimate, start), PROGRESS_SECONDS, PROGRESS_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        boolean placed = false;
        try {
            SafeFiles.deleteTree(partial);
            DatasetLayout layout = DatasetLayout.of(partial, manifest);
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                for (Modality m : Modality.values()) {
                    counts.put(m.id(), writeModality(layout, m, pool));
                }
            } finally {
                pool.shutdown();
            }
            writeMetadata(partial, counts);
            checkNotStopped();
            if (Files.exists(target)) {
                Path old = target.resolveSibling(target.getFileName() + ".old");
                SafeFiles.deleteTree(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                SafeFiles.deleteTree(old);
            } else {
                Files.createDirectories(target.getParent());
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            placed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ISP-AD-sim to " + target, e);
        } finally {
            progress.shutdownNow();
            if (!placed) {
                removeQuietly(partial);
            }
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this
            }
        }
        return new Report(target, written.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Refuses a run whose estimate does not fit in the free space where it writes. */
    private static void requireSpace(Path target, Estimate estimate) {
        Path existing = target.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            requireSpace(target, estimate, Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + existing, e);
        }
    }

    static void requireSpace(Path target, Estimate estimate, long free) {
        if (estimate.bytes() > free) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: ISP-AD-sim at these settings needs up to %s (%,d files, %,d patches), only %s free "
                            + "there; choose a smaller --factor or another --out", target,
                    humanBytes(estimate.bytes()), estimate.files(), estimate.patches(), humanBytes(free)));
        }
    }

    public static String humanBytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }

    private void logProgress(Estimate estimate, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = written.get();
        double share = done / (double) Math.max(1, estimate.patches());
        log.accept(String.format(java.util.Locale.ROOT, "  %,d of %,d patches (%.0f %%) in %.0f s%s", done,
                estimate.patches(), 100 * share, seconds,
                done > 0 ? String.format(java.util.Locale.ROOT, ", about %.0f s to go", seconds * (1 - share) / share) : ""));
    }

    private void checkNotStopped() {
        if (stopped) {
            throw new java.util.concurrent.CancellationException("ISP-AD-sim generation stopped; nothing was kept");
        }
    }

    private void removeQuietly(Path partial) {
        try {
            SafeFiles.deleteTree(partial);
        } catch (IOException | RuntimeException e) {
            log.accept("could not remove " + partial + " (" + e.getMessage() + "); delete it by hand");
        }
    }

    private Map<String, Integer> writeModality(DatasetLayout layout, Modality m, ForkJoinPool pool) {
        PatchFactory factory = new PatchFactory(m, preset.patchSize(), preset.pointContrast(), preset.areaContrast());
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> defectRows = new ArrayList<>();
        int size = preset.patchSize();

        int n = count(m, Split.TRAIN_UNSUPERVISED_GOOD, counts);
        parallel(pool, n, i -> Png.write(goodPatch(factory, m, Split.TRAIN_UNSUPERVISED_GOOD, i, size), layout.trainGood(m).resolve(name(i))));

        n = count(m, Split.TEST_GOOD, counts);
        parallel(pool, n, i -> Png.write(goodPatch(factory, m, Split.TEST_GOOD, i, size), layout.testGood(m).resolve(name(i))));

        for (DefectGroup g : DefectGroup.values()) {
            Split split = Split.test(g);
            int k = count(m, split, counts);
            String[] rows = new String[k];
            parallel(pool, k, i -> {
                PatchFactory.Rendered p = defectPatch(factory, m, split, i, size, g, false);
                Png.write(p.image(), layout.testDefects(m, g).resolve(name(i)));
                Png.write(p.mask(), layout.mask(m, g, stem(i)));
                rows[i] = split.key() + "," + name(i) + "," + g.folder() + "," + p.defect().label() + "," + p.mask().countNonZero();
            });
            defectRows.addAll(List.of(rows));

            Split real = Split.realTraining(g);
            k = count(m, real, counts);
            String[] realRows = new String[k];
            parallel(pool, k, i -> {
                PatchFactory.Rendered p = defectPatch(factory, m, real, i, preset.realDefectSize(), g, true);
                Png.write(p.image(), layout.realDefects(m, g).resolve(name(i)));
                realRows[i] = real.key() + "," + name(i) + "," + g.folder() + "," + p.defect().label() + "," + p.mask().countNonZero();
            });
            defectRows.addAll(List.of(realRows));
        }

        writeStreamAndExtra(layout, m, factory, pool, counts, defectRows);

        writeDefectTable(layout.root().resolve(m.id()).resolve("defects.csv"), defectRows);
        log.accept(String.format("  %-6s %s", m.id(), counts));
        return counts;
    }

    /**
     * The supervised stream and its unaugmented counterparts, as the paper built them: fault-free patches
     * cut twice as large, augmented and centre-cropped (the extra set keeps the plain crops of the first
     * ones), stored single-channel; synthetic defects in exactly {@code train_supervised_synthetic} of them,
     * spread through the stream; and, among those labelled fault-free, a share carrying an overlooked process
     * defect. The sim records which in {@code overlooked_defect}, a dataset the real files do not have.
     */
    private void writeStreamAndExtra(DatasetLayout layout, Modality m, PatchFactory factory, ForkJoinPool pool,
                                     Map<String, Integer> counts, List<String> defectRows) {
        int good = count(m, Split.TRAIN_SUPERVISED_GOOD, counts);
        int synthetic = recipe.synthesizer() == null ? 0 : preset.count(manifest, m, Split.TRAIN_SUPERVISED_SYNTHETIC);
        counts.put(Split.TRAIN_SUPERVISED_SYNTHETIC.key(), synthetic);
        int extra = count(m, Split.EXTRA_UNAUGMENTED_GOOD, counts);
        int n = good + synthetic;
        boolean[] isSynthetic = chooseSynthetic(m, n, synthetic);
        int size = preset.patchSize();
        SupervisedStreamWriter.Entry[] entries = new SupervisedStreamWriter.Entry[n];
        byte[] overlooked = new byte[n];
        parallel(pool, Math.max(n, extra), i -> {
            SplittableRandom r = Rng.of(preset.seed(), m.id(), Split.TRAIN_SUPERVISED_GOOD.key(), i);
            boolean noisy = i < n && !isSynthetic[i] && r.nextDouble() < preset.overlookedDefectRate();
            Image8 source = noisy ? overlookedSource(factory, m, i, 2 * size) : goodPatch(factory, m, Split.TRAIN_SUPERVISED_GOOD, i, 2 * size);
            if (i < extra) {
                Png.write(source.centreCrop(size), layout.extraGood(m).resolve(name(i)));
                if (i < n) {
                    written.incrementAndGet(); // two patches from this task: the extra one and the stream's
                }
            }
            if (i >= n) {
                return;
            }
            long augmentSeed = Rng.of(preset.seed(), m.id(), "augment", i).nextLong();
            Image8 patch = (recipe.augmenter() == null ? source.centreCrop(size)
                    : recipe.augmenter().augment(source, m, size, augmentSeed)).grey();
            overlooked[i] = (byte) (noisy ? 1 : 0);
            entries[i] = isSynthetic[i] ? synthesized(m, patch, i)
                    : new SupervisedStreamWriter.Entry(patch, Image8.blank(size, size, 1), false);
        });
        for (int i = 0; i < n; i++) {
            if (overlooked[i] == 1) {
                defectRows.add(Split.TRAIN_SUPERVISED_GOOD.key() + ",stream[" + i + "],points,overlooked,0");
            }
        }
        SupervisedStreamWriter.write(layout.stream(m), manifest.layout(), List.of(entries),
                Map.of("overlooked_defect", overlooked),
                orderedAttributes(m));
    }

    /** The stream's attributes in a fixed order (Map.of's order changes from one JVM to the next: other bytes). */
    private Map<String, String> orderedAttributes(Modality m) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("modality", m.id());
        attributes.put("source", "ISP-AD-sim");
        attributes.put("scale", preset.scale().label());
        attributes.put("seed", Long.toString(preset.seed()));
        return attributes;
    }

    /** Exactly {@code synthetic} of {@code n} entries, spread by a seeded shuffle. */
    private boolean[] chooseSynthetic(Modality m, int n, int synthetic) {
        int[] order = IntStream.range(0, n).toArray();
        SplittableRandom r = Rng.of(preset.seed(), m.id(), "stream-order");
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] chosen = new boolean[n];
        for (int k = 0; k < synthetic; k++) {
            chosen[order[k]] = true;
        }
        return chosen;
    }

    private SupervisedStreamWriter.Entry synthesized(Modality m, Image8 patch, int i) {
        SplittableRandom seeds = Rng.of(preset.seed(), m.id(), "synthesis", i);
        DefectSynthesizer.Synthetic defect = recipe.synthesizer().firstVisible(patch, m, seeds::nextLong, SYNTHESIS_RETRIES);
        return new SupervisedStreamWriter.Entry(defect.image(), defect.mask(), true);
    }

    /** A fault-free-labelled stream source that secretly carries a process defect near its centre. */
    private Image8 overlookedSource(PatchFactory factory, Modality m, int i, int size) {
        SplittableRandom r = Rng.of(preset.seed(), m.id(), Split.TRAIN_SUPERVISED_GOOD.key(), i, "overlooked");
        List<DefectClass> classes = DefectClass.of(m, DefectGroup.POINTS);
        Placement p = place(m, Split.TRAIN_SUPERVISED_GOOD, r, size);
        return factory.defective(p.style, p.x0, p.y0, size, classes.get(r.nextInt(classes.size())), 0.5, r).image();
    }

    private Image8 goodPatch(PatchFactory factory, Modality m, Split split, int i, int size) {
        SplittableRandom r = Rng.of(preset.seed(), m.id(), split.key(), i, "patch");
        Placement p = place(m, split, r, size);
        return factory.good(p.style, p.x0, p.y0, size, r).image();
    }

    private PatchFactory.Rendered defectPatch(PatchFactory factory, Modality m, Split split, int i, int size,
                                              DefectGroup g, boolean centred) {
        SplittableRandom r = Rng.of(preset.seed(), m.id(), split.key(), i, "defect");
        List<DefectClass> classes = DefectClass.of(m, g);
        // the first class of a group is the most frequent: weights 3:2:1
        int pick = classes.size() == 1 ? 0 : new int[] {0, 0, 0, 1, 1, 2}[r.nextInt(6)];
        for (int placement = 1; ; placement++) {
            Placement p = place(m, split, r, size);
            if (placement == PLACEMENTS) {
                return factory.defective(p.style, p.x0, p.y0, size, classes.get(pick), centred ? 0 : 1, r);
            }
            var visible = factory.visibleDefect(p.style, p.x0, p.y0, size, classes.get(pick), centred ? 0 : 1, r);
            if (visible.isPresent()) {
                return visible.get();
            }
        }
    }

    /** Places on the plates tried for a defect before its invisibility is an error. */
    private static final int PLACEMENTS = 8;

    record Placement(PlateStyle style, double x0, double y0) {
    }

    /**
     * A plate and a position on it. Test patches, good and defective alike, come from one pool of test plates and
     * training patches from another, as on a production line: were each split cut from plates of its own, a
     * classifier could tell a test split by its plates' print and lighting instead of by its defects.
     */
    Placement place(Modality m, Split split, SplittableRandom r, int size) {
        boolean test = isTest(split);
        String family = test ? "test" : "train";
        int patches = 0;
        for (Split s : Split.values()) {
            patches += isTest(s) == test ? preset.count(manifest, m, s) : 0;
        }
        int plate = r.nextInt(Math.max(2, patches / PATCHES_PER_PLATE));
        PlateStyle style = PlateStyle.draw(Rng.of(preset.seed(), m.id(), family, "plate", plate),
                Rng.of(preset.seed(), m.id(), family, "batch", plate / PLATES_PER_BATCH));
        double extent = (PLATE_EXTENT - 1) * (double) preset.patchSize();
        return new Placement(style, Math.floor(r.nextDouble() * extent), Math.floor(r.nextDouble() * extent));
    }

    private static boolean isTest(Split split) {
        return split.name().startsWith("TEST");
    }

    private int count(Modality m, Split split, Map<String, Integer> counts) {
        int n = preset.count(manifest, m, split);
        counts.put(split.key(), n);
        return n;
    }

    /** Runs {@code task} for 0..n-1 on the pool, one patch written each; a stop ends it early. */
    private void parallel(ForkJoinPool pool, int n, java.util.function.IntConsumer task) {
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
                checkNotStopped();
                task.accept(i);
                written.incrementAndGet();
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void writeMetadata(Path root, Map<String, Map<String, Integer>> counts) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", "ISP-AD-sim");
        meta.put("version", VERSION);
        meta.put("scale", preset.scale().label());
        meta.put("seed", preset.seed());
        meta.put("patch_size", preset.patchSize());
        meta.put("real_defect_size", preset.realDefectSize());
        meta.put("overlooked_defect_rate", preset.overlookedDefectRate());
        meta.put("point_contrast", preset.pointContrast());
        meta.put("area_contrast", preset.areaContrast());
        Map<String, Object> synthesis = new LinkedHashMap<>();
        for (Modality m : Modality.values()) { // in a fixed order: the file's digest names the results folder
            org.ispadlab.synth.SynthCalibration c = preset.synthesis().get(m);
            if (c != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("amplitude", c.amplitude());
                entry.put("thickness", c.thickness());
                entry.put("visibility", c.visibility());
                entry.put("amplitude_floor", c.amplitudeFloor());
                synthesis.put(m.id(), entry);
            }
        }
        meta.put("synthesis", synthesis);
        meta.put("counts", counts);
        Files.writeString(root.resolve(METADATA), new GsonBuilder().setPrettyPrinting().create().toJson(meta) + "\n");
    }

    /**
     * Eight hex digits that change whenever the dataset at {@code root} was made with other settings (preset,
     * seed, counts, difficulty: a digest of its metadata); empty when {@code root} holds no ISP-AD-sim.
     */
    public static String identity(Path root) {
        Path file = root.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generator version that wrote the dataset at {@code root}: 1 before versions were recorded, 0 if none. */
    public static int versionOf(Path root) {
        Path file = root.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            var meta = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            return meta.has("version") ? meta.get("version").getAsInt() : 1;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is not ISP-AD-sim's metadata (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The random-walk synthesis a dataset's stream was drawn with: the calibration ISP-AD-sim recorded in its
     * metadata, or the paper-like preset for a dataset without one (the real ISP-AD, older simulations).
     */
    public static RandomWalkSynthesizer synthesizerOf(Path root) {
        Path file = root.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            return new RandomWalkSynthesizer();
        }
        try {
            return RandomWalkSynthesizer.calibrated(
                    SimPreset.synthesis(JsonParser.parseString(Files.readString(file)).getAsJsonObject()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is not ISP-AD-sim's metadata (" + e.getMessage() + ")", e);
        }
    }

    private static void writeDefectTable(Path file, List<String> rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "split,file,group,defect_class,mask_area_px\n" + String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String name(int i) {
        return stem(i) + ".png";
    }

    static String stem(int i) {
        return String.format("%05d", i);
    }
}
