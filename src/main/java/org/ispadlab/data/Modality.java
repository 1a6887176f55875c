package org.ispadlab.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three optical modalities of ISP-AD (paper, Sec. 3.1). */
public enum Modality {
    /** Line scan, dark-field, RGB: printing and screen defects scatter light at edges. */
    LSM_1("LSM-1", 3),
    /** Line scan, transmission, RGB: pinholes and inhomogeneities in the print layers. */
    LSM_2("LSM-2", 3),
    /** Area scan, bright-field, single channel: scratches and deformations of the top layer. */
    ASM("ASM", 1);

    private final String id;
    private final int channels;

    Modality(String id, int channels) {
        this.id = id;
        this.channels = channels;
    }

    /** The paper's name, also the dataset's folder name: "LSM-1", "LSM-2", "ASM". */
    public String id() {
        return id;
    }

    /** Channels of its PNG patches: 3 (RGB) or 1. */
    public int channels() {
        return channels;
    }

    public static Modality of(String id) {
        for (Modality m : values()) {
            if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown modality '" + id + "': expected one of "
                + Arrays.stream(values()).map(Modality::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
