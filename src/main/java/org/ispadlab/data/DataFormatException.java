package org.ispadlab.data;

import java.nio.file.Path;

/** A data file that is not what the dataset layout expects; the message names file, expected and found. */
public final class DataFormatException extends RuntimeException {

    private final Path file;

    public DataFormatException(Path file, String expected, String found) {
        super(file + ": expected " + expected + ", found " + found);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
