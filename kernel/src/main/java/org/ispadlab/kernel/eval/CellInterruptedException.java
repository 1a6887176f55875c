package org.ispadlab.kernel.eval;

import java.util.List;

/** The cell was stopped (the notebook's stop button); the rest of the cell did not run. */
public final class CellInterruptedException extends CellException {

    CellInterruptedException() {
        super("cell interrupted");
    }

    @Override
    public String errorName() {
        return "Interrupted";
    }

    @Override
    public List<String> report() {
        return List.of("Interrupted: the cell was stopped; the kernel keeps its state and is ready.");
    }
}
