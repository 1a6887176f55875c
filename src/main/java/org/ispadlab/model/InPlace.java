package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Writes into an existing array's memory, keeping its layout. DJL's {@code NDArray.set(Buffer)} and
 * {@code copyTo} swap in a new storage with default strides (the native {@code set_}), which silently turns a
 * channels-last convolution weight back into NCHW; oneDNN then copies every such weight into channels-last at
 * every forward and again in every backward. A full-slice assignment is PyTorch's {@code copy_} into the
 * existing strides. Grad mode is off while writing: a write into a parameter is not part of any graph.
 */
public final class InPlace {

    private static final NDIndex ALL = new NDIndex(":");

    private InPlace() {
    }

    /** {@code values} in the array's logical (row-major) order. */
    public static void write(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            copy(source, target);
        }
    }

    /**
     * Zeros in {@code like}'s shape and memory layout (DJL's {@code zerosLike} is always row-major: a momentum
     * buffer in another layout than its weight and gradient makes every update a strided, unvectorised loop).
     */
    public static NDArray zerosLike(NDArray like) {
        return withoutGradients(() -> {
            NDArray out = like.duplicate();
            out.set(ALL, 0f);
            return out;
        });
    }

    /** {@code source}'s values into {@code target} (same shape). */
    public static void copy(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
        }
        withoutGradients(() -> {
            target.set(ALL, source);
            return target;
        });
    }

    /** Multiplies {@code target} by {@code factor} in its own memory (a decoupled weight decay's shrink). */
    public static void scale(NDArray target, float factor) {
        withoutGradients(() -> target.muli(factor));
    }

    private static NDArray withoutGradients(Supplier<NDArray> write) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return write.get();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }
}
