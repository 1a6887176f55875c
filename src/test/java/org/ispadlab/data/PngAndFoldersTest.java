package org.ispadlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngAndFoldersTest {

    @TempDir
    Path tmp;

    private final Manifest manifest = Manifest.load();

    static Image8 pattern(int w, int h, int c, int seed) {
        Image8 img = Image8.blank(w, h, c);
        for (int i = 0; i < img.pixels().length; i++) {
            img.pixels()[i] = (byte) (i * 7 + seed);
        }
        return img;
    }

    @Test
    void pngRoundTripsGreyAndRgbExactly() {
        for (int c : new int[] {1, 3}) {
            Image8 img = pattern(13, 9, c, c);
            Path file = tmp.resolve("p" + c + ".png");
            Png.write(img, file);
            assertEquals(img, Png.read(file));
            assertEquals(new Png.Header(13, 9, c), Png.header(file));
        }
    }

    @Test
    void aFileThatIsNotAPngIsNamedInTheError() throws Exception {
        Path fake = Files.writeString(tmp.resolve("fake.png"), "hello");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Png.read(fake));
        assertEquals(fake + ": expected a PNG file (signature 89 50 4E 47), found another format", e.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> Png.header(tmp.resolve("none.png")));
        assertTrue(missing.getMessage().endsWith("none.png: expected a PNG file, found no such file"), missing.getMessage());
    }

    private DatasetLayout layout() {
        return DatasetLayout.of(tmp, manifest);
    }

    private void writeTestDefect(Modality m, DefectGroup g, String stem, Image8 image, Image8 mask) {
        Png.write(image, layout().testDefects(m, g).resolve(stem + ".png"));
        if (mask != null) {
            Png.write(mask, layout().mask(m, g, stem));
        }
    }

    @Test
    void testDefectsPairWithTheirMasksByStem() {
        writeTestDefect(Modality.ASM, DefectGroup.POINTS, "b", pattern(16, 16, 1, 1), pattern(16, 16, 1, 2));
        writeTestDefect(Modality.ASM, DefectGroup.POINTS, "a", pattern(16, 16, 1, 3), pattern(16, 16, 1, 4));
        List<LabeledPatch> patches = new PatchFolders(layout()).testDefects(Modality.ASM, DefectGroup.POINTS);
        assertEquals(List.of("a", "b"), patches.stream().map(LabeledPatch::stem).toList());
        assertEquals(pattern(16, 16, 1, 4), patches.get(0).loadMask());
        assertEquals(pattern(16, 16, 1, 3), patches.get(0).load());
    }

    @Test
    void aMissingMaskNamesTheMaskFileAndItsImage() {
        writeTestDefect(Modality.ASM, DefectGroup.AREA, "x", pattern(16, 16, 1, 1), null);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new PatchFolders(layout()).testDefects(Modality.ASM, DefectGroup.AREA));
        assertEquals(layout().mask(Modality.ASM, DefectGroup.AREA, "x")
                + ": expected the mask of x.png, found no such file", e.getMessage());
    }

    @Test
    void aMaskOfTheWrongSizeOrChannelsIsAnError() {
        writeTestDefect(Modality.ASM, DefectGroup.AREA, "x", pattern(16, 16, 1, 1), pattern(16, 8, 1, 2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new PatchFolders(layout()).testDefects(Modality.ASM, DefectGroup.AREA));
        assertTrue(e.getMessage().endsWith("expected a single-channel 16x16 mask, found 16x8 with 1 channels"), e.getMessage());
    }

    @Test
    void patchesOfAnotherSizeOrChannelCountAreNamed() {
        Path good = layout().trainGood(Modality.LSM_1);
        Png.write(pattern(16, 16, 3, 1), good.resolve("a.png"));
        Png.write(pattern(20, 16, 3, 1), good.resolve("b.png"));
        DataFormatException size = assertThrows(DataFormatException.class, () -> new PatchFolders(layout()).trainGood(Modality.LSM_1));
        assertEquals(good.resolve("b.png") + ": expected 16x16 like the rest of its folder, found 20x16", size.getMessage());

        Png.write(pattern(16, 16, 1, 1), layout().testGood(Modality.LSM_2).resolve("grey.png"));
        DataFormatException channels = assertThrows(DataFormatException.class, () -> new PatchFolders(layout()).testGood(Modality.LSM_2));
        assertTrue(channels.getMessage().endsWith("expected LSM-2 patches with 3 channel(s), found 1 channel(s)"), channels.getMessage());
    }

    @Test
    void anEmptyOrMissingSplitIsAnError() throws Exception {
        Files.createDirectories(layout().extraGood(Modality.ASM));
        DataFormatException empty = assertThrows(DataFormatException.class, () -> new PatchFolders(layout()).extraGood(Modality.ASM));
        assertTrue(empty.getMessage().endsWith("expected at least one .png patch, found none"), empty.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> new PatchFolders(layout()).realDefects(Modality.ASM, DefectGroup.POINTS));
        assertTrue(missing.getMessage().endsWith("expected a folder of PNG patches, found no such folder"), missing.getMessage());
    }

    @Test
    void weakLabelsHaveNoMask() {
        Png.write(pattern(32, 32, 1, 1), layout().realDefects(Modality.ASM, DefectGroup.AREA).resolve("r.png"));
        LabeledPatch p = new PatchFolders(layout()).realDefects(Modality.ASM, DefectGroup.AREA).get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, p::loadMask);
        assertTrue(e.getMessage().endsWith("is weakly labelled: it has no pixel mask"));
    }

    @Test
    void theManifestCarriesTable7() {
        assertEquals(3678, manifest.count(Modality.LSM_1, Split.TRAIN_UNSUPERVISED_GOOD));
        assertEquals(109, manifest.count(Modality.ASM, Split.TRAIN_REAL_POINTS));
        assertEquals("syn_stream", manifest.layout().imagesKey());
        assertEquals("ground_truth", manifest.layout().masksKey());
        assertEquals(256, manifest.patchSize());
    }
}
