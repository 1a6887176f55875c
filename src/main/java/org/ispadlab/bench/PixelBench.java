package org.ispadlab.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ispadlab.eval.PixelMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab bench pixel}: pixel AUROC and PRO of many maps, timed from maps and masks in memory to both numbers
 * (connected regions included). The maps are made from a seed: smooth noise, with every fourth image defective
 * (one to three elliptic blobs of mask, scored higher there), half of them quantised to steps of 1/32 so ties occur
 * as in 8-bit maps. {@code --write} also stores them raw for the Python peer (environment/bench_pixel.py).
 */
@Command(name = "pixel", mixinStandardHelpOptions = true,
        description = "Pixel AUROC + PRO of N maps of SIDE x SIDE, timed (one key=value line).")
public final class PixelBench implements Callable<Integer> {

    @Option(names = "--maps", defaultValue = "1600", description = "how many maps, 1..100000")
    int maps;
    @Option(names = "--side", defaultValue = "256", description = "map side, 8..4096")
    int side;
    @Option(names = "--write", description = "a folder to write maps.f32 and masks.u8 (raw, row-major) to")
    Path write;

    @Override
    public Integer call() {
        if (maps < 1 || maps > 100_000 || side < 8 || side > 4096) {
            throw new IllegalArgumentException("--maps takes 1..100000 and --side 8..4096, got " + maps + " and " + side);
        }
        List<float[]> values = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(20261203);
        for (int i = 0; i < maps; i++) {
            SplittableRandom r = root.split();
            boolean[] mask = i % 4 == 3 ? mask(r) : null;
            values.add(map(r, mask, i % 2 == 0));
            masks.add(mask);
        }
        if (write != null) {
            write(values, masks);
        }
        System.gc(); // the maps' garbage is not the metric's
        long t0 = System.nanoTime();
        PixelMetrics m = new PixelMetrics();
        for (int i = 0; i < maps; i++) {
            m.add("map " + i, values.get(i), masks.get(i), side, side);
        }
        long t1 = System.nanoTime();
        PixelMetrics.Result r = m.compute();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "impl=lab maps=%d side=%d seconds=%.3f auroc=%.10f pro=%.10f regions=%d "
                + "regions_seconds=%.3f sort_and_sweep_seconds=%.3f%n", maps, side, (t2 - t0) / 1e9, r.auroc(), r.pro(),
                r.regions(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        return 0;
    }

    private boolean[] mask(SplittableRandom r) {
        boolean[] mask = new boolean[side * side];
        int blobs = 1 + r.nextInt(3);
        for (int b = 0; b < blobs; b++) {
            double cx = r.nextDouble() * side;
            double cy = r.nextDouble() * side;
            double rx = 1 + r.nextDouble() * side / 12.0;
            double ry = 1 + r.nextDouble() * side / 12.0;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double dx = (x - cx) / rx;
                    double dy = (y - cy) / ry;
                    if (dx * dx + dy * dy <= 1) {
                        mask[y * side + x] = true;
                    }
                }
            }
        }
        return mask;
    }

    private float[] map(SplittableRandom r, boolean[] mask, boolean quantised) {
        float[] v = new float[side * side];
        for (int i = 0; i < v.length; i++) {
            double s = r.nextGaussian() + (mask != null && mask[i] ? 1.5 : 0);
            v[i] = quantised ? Math.round(s * 32) / 32f : (float) s;
        }
        return v;
    }

    private void write(List<float[]> values, List<boolean[]> masks) {
        try {
            Files.createDirectories(write);
            try (OutputStream out = Files.newOutputStream(write.resolve("maps.f32"));
                 OutputStream gt = Files.newOutputStream(write.resolve("masks.u8"))) {
                ByteBuffer b = ByteBuffer.allocate(side * side * 4).order(ByteOrder.LITTLE_ENDIAN);
                byte[] m = new byte[side * side];
                for (int i = 0; i < values.size(); i++) {
                    b.clear();
                    b.asFloatBuffer().put(values.get(i));
                    out.write(b.array());
                    boolean[] mask = masks.get(i);
                    for (int k = 0; k < m.length; k++) {
                        m[k] = (byte) (mask != null && mask[k] ? 1 : 0);
                    }
                    gt.write(m);
                }
            }
            Files.writeString(write.resolve("shape.txt"), values.size() + " " + side + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark's maps to " + write, e);
        }
    }
}
