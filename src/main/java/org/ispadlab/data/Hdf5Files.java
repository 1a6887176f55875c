package org.ispadlab.data;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens HDF5 files with jHDF after the check h5py makes and jHDF does not: a file shorter than its superblock's
 * end-of-file address was cut off (an interrupted copy or download), and reading it would return whatever the
 * missing bytes' places map to.
 */
public final class Hdf5Files {

    /** Where HDF5 looks for the superblock: 0, then after user blocks of 512, 1024, 2048, ... bytes. */
    private static final long FIRST_USER_BLOCK = 512;

    private Hdf5Files() {
    }

    /** The file opened with jHDF; {@code what} says what the caller expects it to be, for the error. */
    public static HdfFile open(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, what, "no such file");
        }
        long size;
        Superblock superblock;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            if (size == 0) {
                throw new DataFormatException(file, what, "an empty file (0 bytes)");
            }
            superblock = superblock(channel, size);
        } catch (IOException e) {
            throw new DataFormatException(file, what, "a file that cannot be read (" + e.getMessage() + ")");
        }
        if (superblock == null) {
            throw new DataFormatException(file, what + " (HDF5 signature 89 48 44 46 0D 0A 1A 0A)",
                    "no HDF5 superblock in its " + size + " bytes");
        }
        long stored = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (size < stored) {
            throw new DataFormatException(file, what + " of " + stored + " bytes (its superblock's end of file)",
                    "a truncated file of " + size + " bytes (" + (stored - size) + " missing): it was cut off "
                            + "while being written or copied; write or copy it again");
        }
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw new DataFormatException(file, what, "unreadable content (" + e.getMessage() + ")");
        }
    }

    private static Superblock superblock(FileChannel channel, long size) {
        for (long offset = 0; offset < size; offset = offset == 0 ? FIRST_USER_BLOCK : 2 * offset) {
            try {
                return Superblock.readSuperblock(channel, offset);
            } catch (RuntimeException notHere) {
                // no signature at this offset: HDF5 then tries the next power of two
            }
        }
        return null;
    }
}
