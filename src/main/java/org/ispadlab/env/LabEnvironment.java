package org.ispadlab.env;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.ispadlab.Scale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the lab runs on: Java, this library, the DJL engine and the devices it sees, the data and the
 * scale. Shown by the welcome notebook and by {@code environment/lab doctor}.
 */
public final class LabEnvironment {

    /** One line of the report; {@code ok} is false where something needs the user's attention. */
    public record Check(String item, String value, boolean ok) {
    }

    private LabEnvironment() {
    }

    /** The library's version, as built. */
    public static String libraryVersion() {
        return buildInfo().getProperty("version", "unknown");
    }

    /** Runs every check; starts the DJL engine if it is not running yet (about a second). */
    public static List<Check> check() {
        Properties build = buildInfo();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("Java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")", true));
        checks.add(new Check("ISP-AD Lab library", libraryVersion(), true));
        checks.add(new Check("CPU cores / max heap", Runtime.getRuntime().availableProcessors() + " / "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB", true));
        boolean offline = "true".equals(System.getenv("DJL_OFFLINE"))
                || Boolean.getBoolean("ai.djl.offline");
        boolean noTracking = System.getenv("OPT_OUT_TRACKING") != null
                || System.getProperty("OPT_OUT_TRACKING") != null;
        checks.add(new Check("DJL offline, no tracking", offline + ", " + noTracking, offline && noTracking));
        checks.addAll(engineChecks(build));
        String data = System.getenv("ISPAD_DATA");
        checks.add(data == null || data.isBlank()
                ? new Check("Data (ISPAD_DATA)", "not set: notebooks use the simulated ISP-AD-sim data", true)
                : new Check("Data (ISPAD_DATA)", data, Files.isDirectory(Path.of(data))));
        checks.add(scaleCheck());
        return checks;
    }

    /** The checks as a table, for a notebook. */
    public static Table table(List<Check> checks) {
        return Table.create("Environment",
                StringColumn.create("item", checks.stream().map(Check::item)),
                StringColumn.create("value", checks.stream().map(Check::value)),
                StringColumn.create("status", checks.stream().map(c -> c.ok() ? "ok" : "CHECK")));
    }

    /** The checks as aligned text lines, for a terminal. */
    public static String text(List<Check> checks) {
        int width = checks.stream().mapToInt(c -> c.item().length()).max().orElse(10);
        return checks.stream()
                .map(c -> String.format("%-" + width + "s  %s%s", c.item(), c.value(), c.ok() ? "" : "   <-- check"))
                .collect(Collectors.joining("\n"));
    }

    private static List<Check> engineChecks(Properties build) {
        String djl = build.getProperty("djl.version", "?");
        try {
            Engine engine = Engine.getEngine("PyTorch");
            Device[] devices = engine.getDevices();
            String names = Arrays.stream(devices).map(Device::toString).collect(Collectors.joining(", "));
            int gpus = engine.getGpuCount();
            return List.of(
                    new Check("DJL / engine", djl + " / " + engine.getEngineName() + " " + engine.getVersion(), true),
                    new Check("Devices", names + (gpus > 0 ? "  (training uses " + engine.defaultDevice() + ")"
                            : "  (no GPU: training runs on the CPU)"), true));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return List.of(new Check("DJL / engine", djl + " / PyTorch failed to start: " + e.getMessage(), false));
        }
    }

    private static Check scaleCheck() {
        try {
            return new Check("Scale (ISPAD_SCALE)", Scale.fromEnvironment().label(), true);
        } catch (IllegalArgumentException e) {
            return new Check("Scale (ISPAD_SCALE)", e.getMessage(), false);
        }
    }

    private static Properties buildInfo() {
        try (InputStream in = LabEnvironment.class.getResourceAsStream("/ispad-core.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code environment/lab doctor} prints this. */
    public static void main(String[] args) {
        System.out.println(text(check()));
    }
}
