package org.ispadlab.viz;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Tablesaw tables as HTML (tablesaw-core has no HTML writer): escaped, numbers right-aligned, long tables cut. */
public final class TableHtml {

    /** Rows shown before a long table is cut; the rest is counted below it. */
    public static final int MAX_ROWS = 60;

    private TableHtml() {
    }

    public static String render(Table table) {
        StringBuilder html = new StringBuilder(256 + table.rowCount() * 64);
        html.append("<table class=\"ispad-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"text-align:left;font-weight:bold\">")
                    .append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"text-align:").append(align(column)).append("\">")
                    .append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int shown = Math.min(table.rowCount(), MAX_ROWS);
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td style=\"text-align:").append(align(column)).append("\">")
                        .append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (table.rowCount() > shown) {
            html.append("<p><i>").append(table.rowCount() - shown).append(" more rows (")
                    .append(table.rowCount()).append(" in all)</i></p>");
        }
        return html.toString();
    }

    private static String align(Column<?> column) {
        ColumnType type = column.type();
        boolean numeric = type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.DOUBLE
                || type == ColumnType.FLOAT || type == ColumnType.SHORT;
        return numeric ? "right" : "left";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
