package org.ispadlab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How big an experiment runs. A scale changes sizes and counts, never the code path.
 * Chosen by a notebook's parameter cell, else by {@code ISPAD_SCALE}, else {@link #SMOKE}.
 */
public enum Scale {
    /** Seconds per notebook on 2 CPU cores; what the tests run. */
    SMOKE,
    /** Minutes per notebook on a 2-core laptop; meaningful numbers on the simulated data. */
    WORKSHOP,
    /** The paper's settings; meant for a GPU and the real dataset. */
    PAPER;

    /** The scale named by {@code ISPAD_SCALE}, or smoke when unset. */
    public static Scale fromEnvironment() {
        String name = System.getenv("ISPAD_SCALE");
        return name == null || name.isBlank() ? SMOKE : parse(name);
    }

    /** Parses "smoke", "workshop" or "paper" (any case), with a clear error otherwise. */
    public static Scale parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scale '" + name + "': expected one of "
                    + Arrays.stream(values()).map(Scale::label).collect(Collectors.joining(", ")), e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
