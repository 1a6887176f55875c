package org.ispadlab.weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/torchvision_parity.py} on Debian's Python with PyTorch and torchvision
 * ({@code environment/lab test} installs python3-torch and python3-torchvision; {@code ISPAD_TORCH_PYTHON} names
 * another interpreter). The process is stopped by its PID if it overruns.
 */
final class TorchPython {

    private static final Path SCRIPT = Path.of("test", "python", "torchvision_parity.py");

    private TorchPython() {
    }

    /** The script's standard output; a failure carries its standard error. */
    static String run(String... args) {
        String python = System.getenv().getOrDefault("ISPAD_TORCH_PYTHON", "/usr/bin/python3");
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("torch-python", ".err");
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " did not finish in 600 s");
                }
                String stderr = Files.readString(err);
                if (p.exitValue() != 0) {
                    throw new AssertionError(command + " failed (exit " + p.exitValue() + "; it needs PyTorch and "
                            + "torchvision: environment/lab test installs python3-torch and python3-torchvision):\n"
                            + stderr);
                }
                return out;
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
