package org.ispadlab.viz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ispadlab.kernel.display.DisplayRenderer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Shows XChart charts as PNG, or as SVG when asked ({@code display(chart, "image/svg+xml")}). */
@SuppressWarnings("rawtypes")
public final class ChartRenderer implements DisplayRenderer<Chart> {

    @Override
    public Class<Chart> type() {
        return Chart.class;
    }

    @Override
    public List<String> mimeTypes() {
        return List.of("image/png", "image/svg+xml");
    }

    @Override
    public Object render(Chart chart, String mimeType) throws IOException {
        return mimeType.equals("image/png") ? png(chart) : svg(chart);
    }

    /** The chart as PNG bytes, at its own width and height. */
    @SuppressWarnings("unchecked")
    public static byte[] png(Chart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The chart as an {@code <svg>} element. The XML declaration and doctype are cut: notebooks embed
     * SVG in HTML, where they are not allowed (nbconvert fails on them).
     */
    @SuppressWarnings("unchecked")
    public static String svg(Chart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String document = out.toString(StandardCharsets.UTF_8);
        int start = document.indexOf("<svg");
        if (start < 0) {
            throw new IOException("XChart wrote no <svg> element");
        }
        return document.substring(start);
    }
}
