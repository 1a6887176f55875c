package org.ispadlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class BatchNorm2dTest {

    private static final Shape INPUT = new Shape(4, 6, 5, 5);

    @Test
    void computesWhatDjlsBatchNormComputesAndReadsItsFiles() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block djl = BatchNorm.builder().build();
            Block ours = new BatchNorm2d();
            djl.initialize(manager, DataType.FLOAT32, INPUT);
            ours.initialize(manager, DataType.FLOAT32, INPUT);
            manager.getEngine().setRandomSeed(3);
            for (Pair<String, Parameter> p : djl.getParameters()) { // values other than the 1/0 start
                NDArray a = p.getValue().getArray();
                InPlace.copy(manager.randomUniform(0.5f, 1.5f, a.getShape()), a);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            djl.saveParameters(new DataOutputStream(bytes));
            ours.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(djl.getParameters().keys(), ours.getParameters().keys());

            NDArray x = manager.randomNormal(INPUT).transpose(0, 2, 3, 1).duplicate().transpose(0, 3, 1, 2);
            for (boolean training : new boolean[] {false, true}) {
                float[] want = djl.forward(new ParameterStore(manager, false), new NDList(x), training)
                        .singletonOrThrow().toFloatArray();
                float[] got = ours.forward(new ParameterStore(manager, false), new NDList(x), training)
                        .singletonOrThrow().toFloatArray();
                assertArrayEquals(want, got, 0f, "training " + training);
            }
            for (int i = 0; i < djl.getParameters().size(); i++) { // running statistics moved the same way
                assertArrayEquals(djl.getParameters().get(i).getValue().getArray().toFloatArray(),
                        ours.getParameters().get(i).getValue().getArray().toFloatArray(), 0f);
            }
        }
    }
}
