package org.ispadlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the lab's command line, with its exit code, standard output and error output. */
record LabRun(int code, String out, String err) {

    /** Runs {@code args} as {@code environment/lab} would, capturing what the command prints. */
    static LabRun of(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = LabCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new LabRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
