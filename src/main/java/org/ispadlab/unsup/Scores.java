package org.ispadlab.unsup;

import java.util.List;

/** A detector's output for a list of images: one score and one row-major map ({@code side x side}) per image. */
public record Scores(float[] image, List<float[]> maps, int side) {

    public Scores {
        if (image.length != maps.size()) {
            throw new IllegalArgumentException(image.length + " scores but " + maps.size() + " maps");
        }
        for (float[] m : maps) {
            if (m.length != side * side) {
                throw new IllegalArgumentException("a map of " + m.length + " values, expected " + side + "x" + side);
            }
        }
    }

    /** Image scores as the maps' maxima (what most methods report). */
    public static Scores fromMaps(List<float[]> maps, int side) {
        float[] image = new float[maps.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = maximum(maps.get(i));
        }
        return new Scores(image, maps, side);
    }

    /** A map's highest value (negative infinity for an empty one). */
    public static float maximum(float[] map) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            m = Math.max(m, v);
        }
        return m;
    }
}
