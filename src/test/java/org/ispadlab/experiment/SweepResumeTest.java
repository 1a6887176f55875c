package org.ispadlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.Scale;
import org.ispadlab.SmokeData;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep killed half way and run again ends with the table of one that was never stopped, without redoing rows. */
class SweepResumeTest {

    private static final List<Double> P = List.of(1.0 / 16, 1.0 / 4);
    private static final List<Long> SEEDS = List.of(1L);
    private static final String KILLED = "seed 1 mixed 1 at p_inj 1/4";

    @Test
    void aPInjSweepKilledMidwayResumesToTheSameTable(@TempDir Path tmp) {
        DatasetLayout layout = DatasetLayout.of(SmokeData.generate(tmp.resolve("sim")), Manifest.load());
        TrainConfig config = TrainConfig.forScale(Scale.SMOKE);
        List<SweepPoint> straight = sweep(layout, config, tmp.resolve("straight"), run -> TrainListener.SILENT);

        Path resumedDir = tmp.resolve("resumed");
        assertThrows(IllegalStateException.class, () -> sweep(layout, config, resumedDir,
                run -> run.endsWith(KILLED) ? killAtFirstStep() : TrainListener.SILENT));
        List<String> trainedAgain = new ArrayList<>();
        List<SweepPoint> resumed = sweep(layout, config, resumedDir, run -> new TrainListener() {
            @Override
            public void started(String name, long totalSteps, long stepsDone) {
                trainedAgain.add(run);
            }
        });

        assertEquals(PInjSweep.table(Modality.LSM_1, straight).printAll(),
                PInjSweep.table(Modality.LSM_1, resumed).printAll());
        assertEquals(straight.size(), resumed.size());
        for (int i = 0; i < straight.size(); i++) {
            for (int s = 0; s < SEEDS.size(); s++) {
                assertArrayEquals(straight.get(i).seeds().get(s).training().bestScores(),
                        resumed.get(i).seeds().get(s).training().bestScores(), straight.get(i) + " seed " + s);
            }
        }
        // the rows finished before the kill were read back; the killed one and every later one trained
        assertTrue(trainedAgain.stream().noneMatch(r -> r.endsWith("seed 1 none") || r.endsWith("at p_inj 1/16")
                && r.contains("seed 1 ")), trainedAgain.toString());
        assertTrue(trainedAgain.get(0).endsWith(KILLED), trainedAgain.toString());
        assertEquals(4, straight.stream().filter(p -> !p.series().equals(PInjSweep.NONE)).count());

        // shown from the cache only: the same table, nothing trained; on an empty cache, nothing at all
        List<String> trained = new ArrayList<>();
        TrainListener anyStart = new TrainListener() {
            @Override
            public void started(String name, long totalSteps, long stepsDone) {
                trained.add(name);
            }
        };
        assertEquals(PInjSweep.table(Modality.LSM_1, straight).printAll(), PInjSweep.table(Modality.LSM_1,
                sweep(layout, config, tmp.resolve("straight"), true, run -> anyStart)).printAll());
        assertEquals(List.of(), sweep(layout, config, tmp.resolve("empty"), true, run -> anyStart));
        assertEquals(List.of(), trained);
    }

    private static List<SweepPoint> sweep(DatasetLayout layout, TrainConfig config, Path dir,
                                          java.util.function.Function<String, TrainListener> listeners) {
        return sweep(layout, config, dir, false, listeners);
    }

    private static List<SweepPoint> sweep(DatasetLayout layout, TrainConfig config, Path dir, boolean cachedOnly,
                                          java.util.function.Function<String, TrainListener> listeners) {
        return PInjSweep.run(layout, Modality.LSM_1, config, P, SEEDS, dir.resolve(PInjSweep.FOLDER),
                dir.resolve("fraction-scaling"), false, cachedOnly, listeners);
    }

    private static TrainListener killAtFirstStep() {
        return new TrainListener() {
            @Override
            public void step(long stepsDone, int epoch, float loss, double learningRate) {
                throw new IllegalStateException("killed");
            }
        };
    }
}
