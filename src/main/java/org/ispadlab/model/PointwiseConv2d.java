package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 1x1 convolution (no padding, one group) computed as the matrix product it is: the channels-last activations as
 * rows of channels times the weight's transpose (a stride keeps every stride-th row and column first). The same
 * parameters and the same values as {@link Conv2d}, but no oneDNN convolution primitive: on CPUs that do not report
 * their cache sizes (seen on a 2-core AMD EPYC virtual machine), oneDNN's channels-last 1x1 convolution aborts the
 * process with SIGFPE while choosing its blocking (for example 512 -> 1024 and 1024 -> 2048 channels, as in ResNet-50).
 */
final class PointwiseConv2d extends Conv2d {

    PointwiseConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        long s = stride.get(0);
        if (s > 1) {
            x = x.get(":, :, ::" + s + ", ::" + s);
        }
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray out = x.transpose(0, 2, 3, 1).reshape(n * h * wd, c).matMul(w.reshape(filters, c).transpose());
        if (includeBias) {
            out = out.add(store.getValue(bias, x.getDevice(), training));
        }
        return new NDList(out.reshape(n, h, wd, filters).transpose(0, 3, 1, 2));
    }
}
