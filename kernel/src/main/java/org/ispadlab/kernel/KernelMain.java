package org.ispadlab.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.ispadlab.kernel.eval.JShellEvaluator;
import org.ispadlab.kernel.jupyter.JavaKernel;
import org.ispadlab.kernel.jupyter.LowLatencyConnection;

/** Starts the kernel on the connection file Jupyter passes as the only argument. */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        // the kernel's own (relocated) logger: only problems, on the kernel's stderr
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length == 1 && args[0].equals("--warm-up")) {
            warmUp();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp ... org.ispadlab.kernel.KernelMain CONNECTION_FILE.json");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isReadable(connectionFile)) {
            System.err.println("Cannot read the connection file " + connectionFile.toAbsolutePath()
                    + ": Jupyter writes it when it starts a kernel; start the kernel from Jupyter.");
            System.exit(2);
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JShellEvaluator evaluator = new JShellEvaluator(startupImports());
        JavaKernel kernel = new JavaKernel(evaluator);
        LowLatencyConnection connection = new LowLatencyConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.watchShell(connection);
        connection.connect();
        kernel.onStartup();
        connection.waitUntilClose();
        System.exit(0);
    }

    /**
     * Runs a few cells and exits: {@code environment/lab} records the classes this loads into a
     * class-data archive, which lets every later kernel start faster.
     */
    private static void warmUp() throws Exception {
        try (JShellEvaluator evaluator = new JShellEvaluator(startupImports())) {
            evaluator.eval("int warm = 1 + 1;\nString greet(String s) { return s + warm; }\ngreet(\"x\")");
            evaluator.complete("greet(\"x\").len", 16);
            evaluator.readiness("for (int i = 0; i < 2; i++) {");
            try {
                evaluator.eval("undefinedName");
            } catch (org.ispadlab.kernel.eval.CellException expected) {
                expected.report();
            }
        }
    }

    private static java.util.List<String> startupImports() {
        java.util.List<String> imports = new java.util.ArrayList<>(JShellEvaluator.DEFAULT_IMPORTS);
        imports.add("static org.ispadlab.kernel.display.Display.*");
        return imports;
    }
}
