package org.ispadlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Png;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelEvalTest {

    @Test
    void mapsAsNumpyAndMasksAsMvtecPngs(@TempDir Path dir) throws Exception {
        // the hand-computed case of PixelMetricsTest, written as another tool would: AUROC 11/12, PRO 0.725
        Path maps = Files.createDirectories(dir.resolve("maps/crack"));
        Files.createDirectories(dir.resolve("maps/good"));
        Path masks = Files.createDirectories(dir.resolve("ground_truth/crack"));
        try (NDManager m = NDManager.newBaseManager()) {
            npy(m, new float[] {0.9f, 0.1f, 0.5f, 0.5f}, maps.resolve("000.npy"));
            npy(m, new float[] {0.5f, 0.2f, 0.0f, 0.3f}, dir.resolve("maps/good/000.npy"));
        }
        Png.write(new Image8(2, 2, 1, new byte[] {(byte) 255, 0, 0, (byte) 255}), masks.resolve("000_mask.png"));
        LabRun r = LabRun.of("eval", "--maps", dir.resolve("maps").toString(), "--masks",
                dir.resolve("ground_truth").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pixel AUROC 0.9167"), r.out());
        assertTrue(r.out().contains("PRO 0.7250"), r.out());
        assertTrue(r.out().contains("image AUROC 1.0000"), r.out());
    }

    @Test
    void aMaskWithoutAMapIsNamed(@TempDir Path dir) throws Exception {
        Path maps = Files.createDirectories(dir.resolve("maps"));
        Path masks = Files.createDirectories(dir.resolve("gt"));
        try (NDManager m = NDManager.newBaseManager()) {
            npy(m, new float[4], maps.resolve("a.npy"));
        }
        Png.write(new Image8(2, 2, 1, new byte[4]), masks.resolve("b_mask.png"));
        LabRun r = LabRun.of("eval", "--maps", maps.toString(), "--masks", masks.toString());
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("b_mask.png") && r.err().contains("no such map"), r.err());
    }

    /** A 2x2 float32 .npy file exactly as numpy.save writes it (format 1.0: magic, header padded to 64 bytes). */
    private static void npy(NDManager unused, float[] v, Path file) throws Exception {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float f : v) {
            b.putFloat(f);
        }
        Files.write(file, b.array());
    }
}
