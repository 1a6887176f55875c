package org.ispadlab.kernel.eval;

import java.util.List;

/**
 * A cell that did not complete; {@link #report()} is what the notebook shows, already formatted. Unchecked,
 * and without a stack trace of its own: the kernel's frames mean nothing to the user.
 */
public abstract sealed class CellException extends RuntimeException
        permits CompilationException, CellRuntimeException, CellInterruptedException {

    protected CellException(String message) {
        super(message, null, false, false);
    }

    /** The lines shown in the notebook's error output. */
    public abstract List<String> report();

    /** The name Jupyter shows as the error's type. */
    public abstract String errorName();
}
