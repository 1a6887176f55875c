package org.ispadlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A 1x1 convolution (no padding, one group): oneDNN's convolution where that is safe, else the matrix product it
 * is (the channels-last activations as rows of channels times the weight's transpose; a stride keeps every
 * stride-th row and column first). The same parameters and values as {@link Conv2d} either way.
 *
 * <p>On CPUs that do not report their cache sizes (seen on a 2-core AMD EPYC virtual machine), oneDNN's
 * channels-last 1x1 convolution divides by a zero cache size while choosing its blocking and the process dies of
 * SIGFPE (for example 512 -> 1024 and 1024 -> 2048 channels, as in ResNet-50). Where the operating system reports
 * the cache sizes, oneDNN reads the same ones and its convolution is the faster path: on that machine, where it
 * survived, 2-5x faster per call than the product (which MKL runs with its AVX2 kernels on AMD CPUs).
 */
final class PointwiseConv2d extends Conv2d {

    private static final boolean NATIVE_ON_CPU = reportsCacheSizes(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    PointwiseConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (NATIVE_ON_CPU || x.getDevice().isGpu()) {
            return super.forwardInternal(store, inputs, training, params);
        }
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

    /**
     * True when {@code cacheDir} (Linux's {@code /sys/devices/system/cpu/cpu0/cache}) lists at least two cache
     * levels, every one with a size above zero: the kernel read them from the CPU's own description (CPUID),
     * where oneDNN reads them too.
     */
    static boolean reportsCacheSizes(Path cacheDir) {
        try (Stream<Path> entries = Files.list(cacheDir)) {
            List<Path> sizes = entries.filter(p -> p.getFileName().toString().startsWith("index"))
                    .map(p -> p.resolve("size")).toList();
            if (sizes.size() < 2) {
                return false;
            }
            for (Path size : sizes) {
                String text = Files.readString(size).trim().replaceAll("[^0-9]", "");
                if (text.isEmpty() || Long.parseLong(text) == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // no such folder (not Linux, or a hypervisor that hides the caches): the safe path
        }
    }
}
