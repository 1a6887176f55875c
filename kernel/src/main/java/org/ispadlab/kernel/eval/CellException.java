package org.ispadlab.kernel.eval;

import java.util.List;

/** A cell that did not complete; {@link #report()} is what the notebook shows, already formatted. */
public abstract sealed class CellException extends Exception
        permits CompilationException, CellRuntimeException, CellInterruptedException {

    protected CellException(String message) {
        super(message);
    }

    /** The lines shown in the notebook's error output. */
    public abstract List<String> report();

    /** The name Jupyter shows as the error's type. */
    public abstract String errorName();
}
