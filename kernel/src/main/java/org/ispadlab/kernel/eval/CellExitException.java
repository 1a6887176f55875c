package org.ispadlab.kernel.eval;

/** Thrown where cell code asked the JVM to exit: the kernel stays up, the cell fails. */
public final class CellExitException extends RuntimeException {
    public CellExitException(int status) {
        super("System.exit(" + status + ") was called in a cell; the kernel keeps running. "
                + "Use Kernel > Restart to start a fresh kernel.");
    }
}
