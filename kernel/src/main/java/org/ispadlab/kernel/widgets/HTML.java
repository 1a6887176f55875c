package org.ispadlab.kernel.widgets;

/** HTML the kernel sets (a table, a coloured figure of merit). */
public final class HTML extends ValueWidget<String> {

    public HTML(String value) {
        super("HTML", "");
        init("value", value);
    }
}
