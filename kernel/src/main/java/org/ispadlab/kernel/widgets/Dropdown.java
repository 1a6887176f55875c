package org.ispadlab.kernel.widgets;

import java.util.List;

/** A drop-down list of labels. */
public final class Dropdown extends Selection {

    public Dropdown(String description, List<String> options, String value) {
        super("Description", description, options, value);
    }
}
