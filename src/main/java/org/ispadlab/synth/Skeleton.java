package org.ispadlab.synth;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;

/**
 * Step 1: the binary defect skeleton. A walker starts at a point with a random heading; at each step it
 * proposes a direction turned by Gaussian noise and moves along {@code momentum} x its old direction plus
 * (1 - momentum) x the proposal; the path is drawn as discs of the walk's thickness. The result is a soft coverage map (anti-aliased edge) and its bounding box.
 */
public final class Skeleton {

    /** Coverage 0..1 per pixel of a {@code size} x {@code size} patch, and the box that holds all of it. */
    public record Shape(int size, float[] coverage, int x0, int y0, int x1, int y1) {
        public boolean empty() {
            return x1 < x0;
        }

        /** The skeleton as an image: 255 where coverage >= 0.5. */
        public Image8 image() {
            Image8 img = Image8.blank(size, size, 1);
            for (int i = 0; i < coverage.length; i++) {
                img.pixels()[i] = (byte) (coverage[i] >= 0.5f ? 255 : 0);
            }
            return img;
        }

        /** Pixels with coverage >= 0.5. */
        public int area() {
            int n = 0;
            for (float c : coverage) {
                if (c >= 0.5f) {
                    n++;
                }
            }
            return n;
        }
    }

    private Skeleton() {
    }

    public static Shape walk(int size, WalkParams p, double startX, double startY, SplittableRandom r) {
        float[] coverage = new float[size * size];
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        double x = startX;
        double y = startY;
        double heading = r.nextDouble() * 2 * Math.PI;
        double dx = Math.cos(heading);
        double dy = Math.sin(heading);
        double radius = p.thickness() / 2;
        stamp(coverage, size, x, y, radius, box);
        for (int i = 0; i < p.steps(); i++) {
            // propose a turn, then keep `momentum` of the old direction: high momentum, straight filaments
            double proposal = heading + p.turningNoise() * gaussian(r);
            dx = p.momentum() * dx + (1 - p.momentum()) * Math.cos(proposal);
            dy = p.momentum() * dy + (1 - p.momentum()) * Math.sin(proposal);
            heading = Math.atan2(dy, dx);
            double norm = Math.hypot(dx, dy);
            dx /= norm;
            dy /= norm;
            // sub-steps keep thin strokes connected when a step is longer than the stroke
            int sub = Math.max(1, (int) Math.ceil(p.stepLength() / Math.max(0.5, radius)));
            for (int s = 0; s < sub; s++) {
                x += dx * p.stepLength() / sub;
                y += dy * p.stepLength() / sub;
                stamp(coverage, size, x, y, radius, box);
            }
        }
        return new Shape(size, coverage, box[0], box[1], box[2], box[3]);
    }

    private static void stamp(float[] coverage, int size, double cx, double cy, double radius, int[] box) {
        int reach = (int) Math.ceil(radius + 1);
        int xa = Math.max(0, (int) Math.floor(cx) - reach);
        int xb = Math.min(size - 1, (int) Math.ceil(cx) + reach);
        int ya = Math.max(0, (int) Math.floor(cy) - reach);
        int yb = Math.min(size - 1, (int) Math.ceil(cy) + reach);
        for (int yy = ya; yy <= yb; yy++) {
            for (int xx = xa; xx <= xb; xx++) {
                float c = (float) Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(xx - cx, yy - cy)));
                if (c > 0) {
                    int i = yy * size + xx;
                    if (c > coverage[i]) {
                        coverage[i] = c;
                    }
                    box[0] = Math.min(box[0], xx);
                    box[1] = Math.min(box[1], yy);
                    box[2] = Math.max(box[2], xx);
                    box[3] = Math.max(box[3], yy);
                }
            }
        }
    }

    static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-12, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
