package org.ispadlab.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabEnvironmentTest {

    @Test
    void reportsTheOfflinePytorchEngineAndItsDevices() {
        List<LabEnvironment.Check> checks = LabEnvironment.check();
        Map<String, LabEnvironment.Check> byItem = checks.stream()
                .collect(Collectors.toMap(LabEnvironment.Check::item, c -> c));
        LabEnvironment.Check engine = byItem.get("DJL / engine");
        assertTrue(engine.ok(), engine.value());
        assertTrue(engine.value().startsWith("0.35.1 / PyTorch 2.7.1"), engine.value());
        assertTrue(byItem.get("Devices").value().contains("cpu"), byItem.get("Devices").value());
        assertTrue(byItem.get("DJL offline, no tracking").ok(), "tests must run DJL offline");
        assertEquals(checks.size(), LabEnvironment.table(checks).rowCount());
        assertTrue(LabEnvironment.text(checks).lines().count() == checks.size());
    }
}
