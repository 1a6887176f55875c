package org.ispadlab.viz;

import java.util.List;
import org.ispadlab.kernel.display.DisplayRenderer;
import tech.tablesaw.api.Table;

/** Shows Tablesaw tables in notebooks as HTML, with Tablesaw's own text as the plain fallback. */
public final class TableRenderer implements DisplayRenderer<Table> {

    @Override
    public Class<Table> type() {
        return Table.class;
    }

    @Override
    public List<String> mimeTypes() {
        return List.of("text/html", "text/plain");
    }

    @Override
    public Object render(Table table, String mimeType) {
        return mimeType.equals("text/html") ? TableHtml.render(table) : table.printAll();
    }
}
