package org.ispadlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedStreamTest {

    @TempDir
    Path tmp;

    private final Manifest.Layout keys = Manifest.load().layout();

    @Test
    void writtenStreamsReadBackEntryByEntry() {
        for (int c : new int[] {1, 3}) {
            List<SupervisedStreamWriter.Entry> entries = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                entries.add(new SupervisedStreamWriter.Entry(PngAndFoldersTest.pattern(12, 10, c, i),
                        PngAndFoldersTest.pattern(12, 10, 1, 100 + i), i % 2 == 1));
            }
            Path file = tmp.resolve("s" + c + ".h5");
            SupervisedStreamWriter.write(file, keys, entries, Map.of("extra", new byte[] {1, 0, 0, 0, 1}), Map.of("k", "v"));
            try (SupervisedStream s = SupervisedStream.open(file, keys)) {
                assertEquals(5, s.size());
                assertEquals(2, s.defectiveCount());
                for (int i = 4; i >= 0; i--) { // random order: nothing depends on reading in sequence
                    assertEquals(entries.get(i).image(), s.image(i));
                    assertEquals(entries.get(i).mask(), s.mask(i));
                    assertEquals(i % 2, s.label(i));
                }
                assertThrows(IndexOutOfBoundsException.class, () -> s.image(5));
            }
            String tree = Hdf5Tree.describe(file);
            assertTrue(tree.contains("syn_stream  [5, 10, 12" + (c == 3 ? ", 3]" : "]") + " uint8  contiguous"), tree);
            assertTrue(tree.contains("@k = v"), tree);
        }
    }

    @Test
    void aWrongKeyNamesTheFileAndHowToFindTheRightOne() {
        Path file = tmp.resolve("one.h5");
        SupervisedStreamWriter.write(file, keys, List.of(new SupervisedStreamWriter.Entry(
                Image8.blank(4, 4, 1), Image8.blank(4, 4, 1), false)), Map.of(), Map.of());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> SupervisedStream.open(file, "images", "ground_truth", "labels"));
        assertTrue(e.getMessage().startsWith(file + ": expected a dataset 'images' (set its key in the manifest; "
                + "environment/lab data inspect"), e.getMessage());
    }

    @Test
    void notAnHdf5FileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("text.h5"), "not hdf5 at all, just text that is long enough");
        DataFormatException e = assertThrows(DataFormatException.class, () -> SupervisedStream.open(file, keys));
        assertTrue(e.getMessage().startsWith(file + ": expected an HDF5 supervised stream (HDF5 signature"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found no HDF5 superblock in its 46 bytes"), e.getMessage());
    }

    /** Files written by h5py with gzip-compressed chunks, as the published dataset may be. */
    @Test
    void readsGzipChunkedFilesWrittenByH5py() throws Exception {
        Path script = tmp.resolve("h5py_fixture.py");
        try (InputStream in = getClass().getResourceAsStream("/h5py_fixture.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), tmp.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "the h5py fixture generator failed (is Debian's python3-h5py installed? "
                + "environment/lab test installs it):\n" + output);

        try (SupervisedStream s = SupervisedStream.open(tmp.resolve("gzip_grey.h5"), "syn_stream", "ground_truth", "labels")) {
            assertEquals(7, s.size());
            assertEquals(3, s.defectiveCount());
            for (int i : new int[] {6, 0, 3, 1}) {
                Image8 img = s.image(i);
                assertEquals(1, img.channels());
                assertEquals((i * 31 + 5 * 7 + 9 * 3) % 256, img.get(9, 5, 0));
                assertEquals((i % 2 == 1 && 11 > 10 && 6 > 5) ? 255 : 0, s.mask(i).get(11, 6, 0));
            }
        }
        // chunks that cut patches in pieces, shuffle filter, RGB, int8 labels, keys in a group
        try (SupervisedStream s = SupervisedStream.open(tmp.resolve("gzip_rgb_odd_chunks.h5"), "data/patches", "data/masks", "data/y")) {
            Image8 img = s.image(4);
            assertEquals(3, img.channels());
            for (int c = 0; c < 3; c++) {
                assertEquals((4 * 31 + 20 * 7 + 13 * 3 + c * 50) % 256, img.get(13, 20, c));
            }
            assertEquals(255, s.mask(5).get(23, 31, 0));
            assertEquals(0, s.mask(4).get(23, 31, 0));
        }
        DataFormatException wide = assertThrows(DataFormatException.class,
                () -> SupervisedStream.open(tmp.resolve("wide_labels.h5"), keys));
        assertTrue(wide.getMessage().contains("expected 'syn_stream' of 8-bit integers, found 16-bit"), wide.getMessage());
        String tree = Hdf5Tree.describe(tmp.resolve("gzip_grey.h5"));
        assertTrue(tree.contains("syn_stream  [7, 32, 24] uint8  chunked chunks [2, 32, 24]  filters deflate"), tree);
    }

}
