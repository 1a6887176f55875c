package org.ispadlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeCacheTest {

    record Result(String settings, double value) {
    }

    @TempDir
    Path dir;

    @Test
    void aCachedResultIsUsedOnlyWhereItIsCurrentAndAnUnfinishedRunKeepsItsCheckpoints() throws Exception {
        Path file = dir.resolve("outcome.json");
        Path checkpoint = dir.resolve("checkpoint-step-10");
        Files.writeString(checkpoint, "an interrupted run's state");
        AtomicInteger computed = new AtomicInteger();

        // no result yet: computed, and the run's checkpoints stay for its resume
        Result first = OutcomeCache.get(file, Result.class, false, dir, r -> r.settings().equals("a"),
                () -> new Result("a", computed.incrementAndGet()), r -> true);
        assertEquals(1, computed.get());
        assertTrue(Files.exists(checkpoint), "computing a missing result does not delete the run's folder");

        // the same settings: read back, not computed
        Result again = OutcomeCache.get(file, Result.class, false, dir, r -> r.settings().equals("a"),
                () -> new Result("a", computed.incrementAndGet()), r -> true);
        assertEquals(first, again);
        assertEquals(1, computed.get());

        // other settings: the folder is cleared and the result computed and written again
        Result other = OutcomeCache.get(file, Result.class, false, dir, r -> r.settings().equals("b"),
                () -> new Result("b", computed.incrementAndGet()), r -> true);
        assertEquals(new Result("b", 2), other);
        assertFalse(Files.exists(checkpoint), "a refused result's run starts afresh");
        assertEquals(other, OutcomeCache.read(file, Result.class));

        // a result not to be kept (an interrupted run) is returned but not written
        Result notKept = OutcomeCache.get(file, Result.class, true, dir, r -> true,
                () -> new Result("c", computed.incrementAndGet()), r -> false);
        assertEquals(new Result("c", 3), notKept);
        assertFalse(Files.exists(file));
    }
}
