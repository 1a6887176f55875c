package org.ispadlab.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalisation over the channels of (N, C, H, W), as PyTorch's nn.BatchNorm2d (epsilon 1e-5, running
 * statistics updated with momentum 0.1). DJL's BatchNorm computes the same, but for a channel axis given as 1
 * it wraps the native call in a transpose pair and a sub-manager: two more operator calls and two more autograd
 * nodes per layer and step, which add up at small patch sizes where a step is per-operator overhead. The
 * parameters (gamma, beta, runningMean, runningVar) and the saved format are DJL's, so weights files written with
 * DJL's BatchNorm load unchanged.
 */
final class BatchNorm2d extends AbstractBlock {

    /** DJL's BatchNorm format version: input shapes, then the channel count. */
    private static final byte VERSION = 2;
    private static final float EPSILON = 1e-5f;
    /** DJL's convention: the weight of the old running value (PyTorch's momentum 0.1). */
    private static final float MOMENTUM = 0.9f;
    /** The native batch norm normalises over dimension 1 when asked for no transpose. */
    private static final int NATIVE_AXIS = -1;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;

    BatchNorm2d() {
        super(VERSION);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return x.getNDArrayInternal().batchNorm(x, store.getValue(runningMean, x.getDevice(), training),
                store.getValue(runningVar, x.getDevice(), training), store.getValue(gamma, x.getDevice(), training),
                store.getValue(beta, x.getDevice(), training), NATIVE_AXIS, MOMENTUM, EPSILON, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        if (inputShapes[0].dimension() != 4) {
            throw new IllegalArgumentException("BatchNorm2d expects (N, C, H, W), got " + inputShapes[0]);
        }
        channels = inputShapes[0].get(1);
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("unsupported BatchNorm encoding version " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }
}
