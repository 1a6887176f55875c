package org.ispadlab.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointwiseConv2dTest {

    @Test
    void oneDnnIsUsedOnlyWhereTheCpuReportsItsCacheSizes(@TempDir Path dir) throws Exception {
        assertFalse(PointwiseConv2d.reportsCacheSizes(dir.resolve("missing")), "no cache folder");
        Path cache = Files.createDirectories(dir.resolve("cache"));
        assertFalse(PointwiseConv2d.reportsCacheSizes(cache), "no levels listed");
        size(cache, "index0", "32K");
        assertFalse(PointwiseConv2d.reportsCacheSizes(cache), "one level only");
        size(cache, "index1", "1024K");
        assertTrue(PointwiseConv2d.reportsCacheSizes(cache));
        size(cache, "index2", "0K");
        assertFalse(PointwiseConv2d.reportsCacheSizes(cache), "a level of size zero");
        Files.createDirectories(cache.resolve("index3"));
        Files.delete(cache.resolve("index2/size"));
        Files.delete(cache.resolve("index2"));
        assertFalse(PointwiseConv2d.reportsCacheSizes(cache), "a level without a size");
    }

    private static void size(Path cache, String level, String text) throws Exception {
        Files.writeString(Files.createDirectories(cache.resolve(level)).resolve("size"), text + "\n");
    }
}
