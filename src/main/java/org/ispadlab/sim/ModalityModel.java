package org.ispadlab.sim;

import org.ispadlab.data.Modality;

/**
 * How one modality images the printed foil: the noise-free picture of a patch cut from a plate at (x0, y0),
 * optionally with an area defect. Optics (blur) and sensor noise are added afterwards. Geometry that is not on
 * the plate (illumination gradient, ASM's reflection band) is relative to the dataset's patch side {@code ref},
 * so a larger canvas (the stream's sources, the real training defects) shows more of the same scene around its
 * centre, at the same scale, as a patch.
 */
abstract class ModalityModel {

    abstract Field render(PlateStyle s, double x0, double y0, int size, int ref, AreaDefect area);

    static ModalityModel of(Modality m) {
        return switch (m) {
            case LSM_1 -> new DarkFieldLineScan();
            case LSM_2 -> new TransmissionLineScan();
            case ASM -> new BrightFieldAreaScan();
        };
    }

    /** Coverage (0..1) of the periodic print cells at plate coordinates, anti-aliased over a pixel. */
    static double cells(double u, double v, double period, double fill) {
        return box(u, period, fill) * box(v, period, fill);
    }

    private static double box(double t, double period, double fill) {
        double f = (t / period - Math.floor(t / period)) * period;
        double inside = Math.min(f, fill * period - f) + 0.5;
        return Math.max(0, Math.min(1, inside));
    }

    /** Thin wavy line motifs running along u, every {@code spacing}. */
    static double lines(double u, double v, double spacing, double amplitude, double wavelength, double width) {
        double centre = amplitude * Math.sin(u / wavelength);
        double d = v - centre;
        double m = d - Math.floor(d / spacing) * spacing;
        double dist = Math.min(m, spacing - m);
        return Math.max(0, Math.min(1, width / 2 - dist + 0.5));
    }

    static double illumination(PlateStyle s, int x, int y, int size, int ref) {
        return 1 + s.gradX() * (x - size / 2.0) / ref + s.gradY() * (y - size / 2.0) / ref;
    }

    /** LSM-1: dark background; the edges of the print scatter light into the camera. */
    static final class DarkFieldLineScan extends ModalityModel {
        @Override
        Field render(PlateStyle s, double x0, double y0, int size, int ref, AreaDefect area) {
            Field f = new Field(size, 3);
            AreaDefect.Grid grid = area instanceof AreaDefect.Grid g ? g : null;
            for (int y = 0; y < size; y++) {
                double gain = s.lineGain(y0 + y);
                for (int x = 0; x < size; x++) {
                    double u = s.u(x0, y0, x, y);
                    double v = s.v(x0, y0, x, y);
                    double w = grid == null ? 0 : grid.weight(x, y);
                    double p0 = print(u, v, s, 0, 0, 1);
                    double edge = edge(u, v, s, 0, 0, 1);
                    if (w > 0) {
                        edge = (1 - w) * edge + w * edge(u, v, s, grid.shiftU(), grid.shiftV(), grid.fillScale());
                        p0 = (1 - w) * p0 + w * print(u, v, s, grid.shiftU(), grid.shiftV(), grid.fillScale());
                    }
                    double light = illumination(s, x, y, size, ref);
                    for (int c = 0; c < 3; c++) {
                        double value = 14 + 0.3 * s.drift() + gain * light * s.colourA()[c] * (150 * edge + 16 * p0);
                        f.v[f.index(x, y, c)] = (float) value;
                    }
                }
            }
            return f;
        }

        private static double print(double u, double v, PlateStyle s, double du, double dv, double fillScale) {
            double c = cells(u + du, v + dv, s.period(), s.fill() * fillScale);
            double l = lines(u, v, s.period() * 4, s.period() * 0.4, s.period() * 1.3, 1.4);
            return Math.max(c, l);
        }

        private static double edge(double u, double v, PlateStyle s, double du, double dv, double fillScale) {
            double gx = print(u + 0.7, v, s, du, dv, fillScale) - print(u - 0.7, v, s, du, dv, fillScale);
            double gy = print(u, v + 0.7, s, du, dv, fillScale) - print(u, v - 0.7, s, du, dv, fillScale);
            return Math.min(1, Math.sqrt(gx * gx + gy * gy));
        }
    }

    /**
     * LSM-2: back-lit foil; two translucent ink layers absorb: blue cells and an orange mesh printed into the gaps
     * between them. The mesh is registered to the cells: a plate's own misregistration (within
     * {@link PlateStyle#REGISTRATION_TOLERANCE} px per axis) leaves it inside the gaps, so the inks never overlap on a fault-free
     * patch; a misalignment defect shifts it onto the cells, and every cell of the patch shows the overlap (darker
     * than either ink) on one side and bare foil on the other.
     */
    static final class TransmissionLineScan extends ModalityModel {

        /**
         * The mesh line's width as a share of the gap between cells: a margin of a quarter gap (2-3 px) on each
         * side, well beyond a fault-free plate's misregistration.
         */
        static final double MESH_SHARE = 0.5;

        @Override
        Field render(PlateStyle s, double x0, double y0, int size, int ref, AreaDefect area) {
            Field f = new Field(size, 3);
            double[] shift = offset(s, area);
            for (int y = 0; y < size; y++) {
                double gain = s.lineGain(y0 + y);
                for (int x = 0; x < size; x++) {
                    double u = s.u(x0, y0, x, y);
                    double v = s.v(x0, y0, x, y);
                    double layer1 = cells(u, v, s.period(), s.fill());
                    double layer2 = mesh(s, u + shift[0], v + shift[1]);
                    double light = (232 + s.drift()) * gain * illumination(s, x, y, size, ref);
                    for (int c = 0; c < 3; c++) {
                        double t = (1 - 0.6 * layer1 * (1 - s.colourA()[c] * 0.6))
                                * (1 - 0.5 * layer2 * (1 - s.colourB()[c] * 0.7));
                        f.v[f.index(x, y, c)] = (float) (light * t);
                    }
                }
            }
            return f;
        }

        /**
         * The layer-registration measure the generator knows: the share of a patch's pixels where both inks lie
         * on each other (more than half covered by each). 0 on every fault-free patch; a misalignment shows it.
         */
        static double overlapShare(PlateStyle s, double x0, double y0, int size, AreaDefect area) {
            double[] shift = offset(s, area);
            int both = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double u = s.u(x0, y0, x, y);
                    double v = s.v(x0, y0, x, y);
                    if (cells(u, v, s.period(), s.fill()) > 0.5 && mesh(s, u + shift[0], v + shift[1]) > 0.5) {
                        both++;
                    }
                }
            }
            return (double) both / (size * size);
        }

        /** The mesh's offset against the cells: the plate's misregistration plus a misalignment's shift. */
        private static double[] offset(PlateStyle s, AreaDefect area) {
            double sx = s.misregX();
            double sy = s.misregY();
            if (area instanceof AreaDefect.LayerShift shift) {
                sx += shift.periods() * s.period() * Math.cos(shift.angle());
                sy += shift.periods() * s.period() * Math.sin(shift.angle());
            }
            return new double[] {sx, sy};
        }

        /** Coverage of the mesh: lines along both axes, centred in the gaps between the cells. */
        private static double mesh(PlateStyle s, double u, double v) {
            double gap = (1 - s.fill()) * s.period();
            double centre = s.fill() * s.period() + gap / 2;
            return Math.max(line(u, s.period(), centre, MESH_SHARE * gap), line(v, s.period(), centre, MESH_SHARE * gap));
        }

        private static double line(double t, double period, double centre, double width) {
            double m = t - centre - Math.floor((t - centre) / period) * period;
            double dist = Math.min(m, period - m);
            return Math.max(0, Math.min(1, width / 2 - dist + 0.5));
        }
    }

    /** ASM: a strong band of direct reflection across the patch over a faint print. */
    static final class BrightFieldAreaScan extends ModalityModel {
        @Override
        Field render(PlateStyle s, double x0, double y0, int size, int ref, AreaDefect area) {
            Field f = new Field(size, 1);
            double sin = Math.sin(s.bandAngle());
            double cos = Math.cos(s.bandAngle());
            AreaDefect.Squeegee stroke = area instanceof AreaDefect.Squeegee q ? q : null;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double n = ((x - size / 2.0) * sin + (y - size / 2.0) * cos) / ref - s.bandOffset();
                    double band = Math.exp(-Math.pow(n / s.bandWidth(), 2));
                    double u = s.u(x0, y0, x, y);
                    double v = s.v(x0, y0, x, y);
                    double value = (70 + s.drift() + 130 * band) * illumination(s, x, y, size, ref)
                            + 7 * cells(u, v, s.period(), s.fill());
                    if (stroke != null) {
                        value += stroke.amplitude() * Math.exp(-Math.pow((n - stroke.offset()) * ref / stroke.width(), 2));
                    }
                    f.v[f.index(x, y, 0)] = (float) value;
                }
            }
            return f;
        }
    }
}
