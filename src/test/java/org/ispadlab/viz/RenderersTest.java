package org.ispadlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.ispadlab.kernel.display.DisplayRenderer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {

    @Test
    void theLibraryRegistersItsRenderersThroughTheKernelSpi() {
        List<String> types = ServiceLoader.load(DisplayRenderer.class).stream()
                .map(p -> p.get().type().getSimpleName()).sorted().collect(Collectors.toList());
        assertEquals(List.of("Chart", "State", "Table"), types);
    }

    @Test
    void tablesBecomeEscapedHtmlWithNumbersRightAligned() {
        Table t = Table.create("MCC <per> model",
                StringColumn.create("model", "ResNet-18", "A&B"),
                DoubleColumn.create("mcc", 0.81, 0.9));
        String html = (String) new TableRenderer().render(t, "text/html");
        assertTrue(html.startsWith("<table class=\"ispad-table\"><caption"), html);
        assertTrue(html.contains("MCC &lt;per&gt; model"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">A&amp;B</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">0.81</td>"), html);
        assertEquals(2, html.split("<tr>").length - 2);
    }

    @Test
    void longTablesAreCutAndCounted() {
        Table t = Table.create("long", DoubleColumn.create("x", new double[TableHtml.MAX_ROWS + 5]));
        String html = TableHtml.render(t);
        assertEquals(TableHtml.MAX_ROWS, html.split("<td").length - 1);
        assertTrue(html.contains("5 more rows (" + (TableHtml.MAX_ROWS + 5) + " in all)"), html);
    }

    @Test
    void chartsBecomePngOrSvg() throws Exception {
        CategoryChart chart = new CategoryChartBuilder().width(320).height(200).title("t").build();
        chart.addSeries("mcc", List.of("a", "b"), List.of(0.5, 0.9));
        byte[] png = (byte[]) new ChartRenderer().render(chart, "image/png");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        String svg = (String) new ChartRenderer().render(chart, "image/svg+xml");
        assertTrue(svg.startsWith("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.strip().endsWith("</svg>"));
    }

    @Test
    void seriesWithErrorBarsAreDrawnSideBySideAroundTheirX() {
        double[][] a = {{0, 10}, {0.5, 0.6}, {0.1, 0.1}};
        double[][] b = {{0, 10}, {0.4, 0.7}, {0.1, 0.1}};
        double[][] c = {{5}, {0.5}, {0.1}};
        assertArrayEquals(new double[] {-0.15, 0, 0.15}, Charts.dodge(List.of(a, b, c)), 1e-12);
        assertArrayEquals(new double[] {0}, Charts.dodge(List.<double[][]>of(a)), 0);
        var chart = Charts.lines("t", "x", "y", new java.util.LinkedHashMap<>(java.util.Map.of("a", a)));
        assertArrayEquals(new double[] {0, 10}, chart.getSeriesMap().get("a").getXData(), 0); // one series: unshifted
    }

    @Test
    void progressStateRendersFractionAndCounts() {
        ProgressBar.State s = new ProgressBar.State("train", 5, 20, 2.0, "loss 0.3");
        assertEquals(0.25, s.fraction());
        assertEquals(6.0, s.etaSeconds(), 1e-9);
        String html = (String) new ProgressRenderer().render(s, "text/html");
        assertTrue(html.contains("<progress value=\"5\" max=\"20\""), html);
        assertTrue(html.contains("5/20 (25%)"), html);
        assertTrue(html.contains("6.0 s left"), html);
    }

    @Test
    void progressBarCountsStepsOutsideANotebook() {
        ProgressBar bar = ProgressBar.show("steps", 3);
        bar.step();
        bar.step();
        assertEquals(2, bar.state().done());
        bar.done();
        assertEquals(1.0, bar.state().fraction());
    }

    @Test
    void heatOverlayShowsHighScoresAndKeepsTheImageWhereTheyAreLow() {
        org.ispadlab.data.Image8 grey = org.ispadlab.data.Image8.blank(2, 1, 1);
        grey.set(0, 0, 0, 128);
        grey.set(1, 0, 0, 128);
        org.ispadlab.data.Image8 out = Images.heatOverlay(grey, new float[] {0f, 10f}, 0, 10);
        assertEquals(3, out.channels());
        int lowRed = out.get(0, 0, 0);
        int highRed = out.get(1, 0, 0);
        int highBlue = out.get(1, 0, 2);
        assertTrue(highRed > 200 && highBlue < 80, "the highest score is yellow: " + highRed + ", " + highBlue);
        assertTrue(lowRed > 60 && lowRed < 128, "a low score keeps most of the grey: " + lowRed);
        assertThrows(IllegalArgumentException.class, () -> Images.heatOverlay(grey, new float[3], 0, 1));
    }
}
