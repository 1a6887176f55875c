package org.ispadlab.unsup.efficientad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.SplittableRandom;
import org.ispadlab.unsup.ConvStack;

/**
 * Efficient-AD's patch description network (Batzner et al., WACV 2024), small (PDN-S) or medium (PDN-M): a few
 * convolutions and two average poolings, no normalisation and no residuals, whose output at every position describes
 * the 33 x 33 px patch around it. Without padding (how Efficient-AD trains and scores) a side of {@code H} px gives an
 * output of {@code H/4 - 8}; with padding (how the teacher is distilled) {@code H/4}.
 */
public final class Pdn implements AutoCloseable {

    /** PDN-S (the paper's Efficient-AD-S, ISP-AD's row) or PDN-M (Efficient-AD-M). */
    public enum Size {
        SMALL, MEDIUM
    }

    private final ConvStack convs;
    private final Size size;

    Pdn(NDManager manager, String name, Size size, int inChannels, int outChannels, SplittableRandom r) {
        this.convs = new ConvStack(manager, name);
        this.size = size;
        if (size == Size.SMALL) {
            convs.add(inChannels, 128, 4, 1, 3, r);
            convs.add(128, 256, 4, 1, 3, r);
            convs.add(256, 256, 3, 1, 1, r);
            convs.add(256, outChannels, 4, 1, 0, r);
        } else {
            convs.add(inChannels, 256, 4, 1, 3, r);
            convs.add(256, 512, 4, 1, 3, r);
            convs.add(512, 512, 1, 1, 0, r);
            convs.add(512, 512, 3, 1, 1, r);
            convs.add(512, outChannels, 4, 1, 0, r);
            convs.add(outChannels, outChannels, 1, 1, 0, r);
        }
    }

    /** The descriptors of {@code x} (N, C, H, W); {@code padding}: the layers' padding on (the distillation's). */
    NDArray forward(NDArray x, boolean padding) {
        int pm = padding ? 1 : 0;
        NDArray h = relu(convs.apply(0, x, 3 * pm));
        h = pool(h, pm);
        h = relu(convs.apply(1, h, 3 * pm));
        h = pool(h, pm);
        if (size == Size.SMALL) {
            h = relu(convs.apply(2, h, pm));
            return convs.apply(3, h);
        }
        h = relu(convs.apply(2, h));
        h = relu(convs.apply(3, h, pm));
        h = relu(convs.apply(4, h));
        return convs.apply(5, h);
    }

    ConvStack convs() {
        return convs;
    }

    private static NDArray pool(NDArray x, int padding) {
        return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(padding, padding), false, true);
    }

    static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    @Override
    public void close() {
        convs.close();
    }
}
