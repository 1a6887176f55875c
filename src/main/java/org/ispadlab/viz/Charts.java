package org.ispadlab.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The few chart shapes the notebooks use, with the lab's sizes and styling. */
public final class Charts {

    private Charts() {
    }

    /** Grouped bars: one series per map entry, one bar per category. */
    public static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
                                     Map<String, List<? extends Number>> series) {
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        boolean crowded = longest * categories.size() > 90; // long row labels side by side would overlap
        CategoryChart chart = new CategoryChartBuilder().width(760).height(crowded ? 340 + 5 * Math.min(longest, 40) : 340)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        if (crowded) {
            chart.getStyler().setXAxisLabelRotation(35);
        }
        series.forEach((name, values) -> chart.addSeries(name, categories, new ArrayList<>(values)));
        return chart;
    }

    /** Grey-level histograms (256 bins), as fractions of pixels, one line per series. */
    public static XYChart histograms(String title, Map<String, long[]> histograms) {
        XYChart chart = new XYChartBuilder().width(760).height(300).title(title)
                .xAxisTitle("grey level").yAxisTitle("share of pixels").build();
        double[] x = new double[256];
        for (int i = 0; i < 256; i++) {
            x[i] = i;
        }
        histograms.forEach((name, bins) -> {
            long total = 0;
            for (long b : bins) {
                total += b;
            }
            double[] y = new double[256];
            for (int i = 0; i < 256; i++) {
                y[i] = (double) bins[i] / Math.max(1, total);
            }
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    /**
     * Lines per series ({x[], y[]}), e.g. acceptance rate against threshold; a series {x[], y[], e[]} draws its
     * error bars (e.g. a 95 % interval's half-width) in its own colour and marks its points. Several such series are
     * drawn side by side, each shifted by a small part of the x range, so bars at the same x stay apart.
     */
    public static XYChart lines(String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(760).height(340).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        List<double[][]> barred = series.values().stream().filter(xy -> xy.length == 3).toList();
        double[] shifts = dodge(barred);
        int barredSeen = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            String name = e.getKey();
            double[][] xy = e.getValue();
            if (xy.length == 3) {
                double shift = shifts[barredSeen++];
                chart.addSeries(name, Arrays.stream(xy[0]).map(x -> x + shift).toArray(), xy[1], xy[2]);
            } else if (xy[0].length > 2) {
                chart.addSeries(name, xy[0], xy[1]).setMarker(SeriesMarkers.NONE);
            } else {
                chart.addSeries(name, xy[0], xy[1]); // one or two points: a line alone would draw nothing
            }
        }
        return chart;
    }

    /** Each error-barred series' x shift: 1.5 % of the common x range apart, centred on the true x. */
    static double[] dodge(List<double[][]> barred) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double[][] xy : barred) {
            for (double x : xy[0]) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double step = barred.size() < 2 || hi <= lo ? 0 : 0.015 * (hi - lo);
        double[] shifts = new double[barred.size()];
        for (int i = 0; i < shifts.length; i++) {
            shifts[i] = (i - (shifts.length - 1) / 2.0) * step;
        }
        return shifts;
    }

    /** Points per series, e.g. defect area against contrast per group. */
    public static XYChart scatter(String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(760).height(360).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        series.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]));
        return chart;
    }

    /**
     * A matrix of values in [0, 1] as coloured cells with the value written in each, e.g. recall per model (rows)
     * and defect class (columns): red (0) through yellow to green (1), read at a glance.
     */
    public static HeatMapChart heatmap(String title, List<String> columns, List<String> rows, double[][] values) {
        int longest = columns.stream().mapToInt(String::length).max().orElse(0);
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(560, 170 + 70 * columns.size()))
                .height(140 + 28 * rows.size() + 5 * Math.min(longest, 30)).title(title).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(0xD7, 0x30, 0x27),
                new java.awt.Color(0xFE, 0xE0, 0x8B), new java.awt.Color(0x1A, 0x98, 0x50)});
        chart.getStyler().setXAxisLabelRotation(longest > 8 ? 35 : 0);
        chart.getStyler().setLegendVisible(false);
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (!Double.isNaN(values[r][c])) {
                    cells.add(new Number[] {c, r, values[r][c]});
                }
            }
        }
        chart.addSeries("recall", columns, rows, cells);
        return chart;
    }

    /**
     * Score distributions per group ({bin centres[], shares[]} each) as step lines, with each named threshold drawn
     * as a vertical line.
     */
    public static XYChart scoreHistograms(String title, String xTitle, Map<String, double[][]> histograms,
                                          Map<String, Double> thresholds) {
        XYChart chart = new XYChartBuilder().width(760).height(320).title(title).xAxisTitle(xTitle)
                .yAxisTitle("share of the group's images").build();
        double top = 0;
        for (double[][] h : histograms.values()) {
            for (double v : h[1]) {
                top = Math.max(top, v);
            }
        }
        histograms.forEach((name, xy) -> {
            var series = chart.addSeries(name, xy[0], xy[1]);
            series.setMarker(SeriesMarkers.NONE);
            series.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Step);
        });
        double height = top;
        java.awt.Color[] colours = {java.awt.Color.BLACK, new java.awt.Color(0xC0, 0x20, 0x20), java.awt.Color.GRAY};
        int k = 0;
        for (var e : thresholds.entrySet()) {
            var line = chart.addSeries(e.getKey(), new double[] {e.getValue(), e.getValue()}, new double[] {0, height});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(colours[k++ % colours.length]);
            line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }
}
