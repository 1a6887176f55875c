package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.LabeledPatch;
import org.junit.jupiter.api.Test;

class SamplingTest {

    @Test
    void injectionRateMatchesPInj() {
        for (double p : new double[] {1.0 / 32, 0.1, 0.25}) {
            InjectionSampler s = InjectionSampler.mixed(p, 32, 42);
            int n = 200_000;
            int hits = 0;
            for (int i = 0; i < n; i++) {
                hits += s.injects(i) ? 1 : 0;
            }
            double sd = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(hits - n * p) < 4 * sd, "p=" + p + ": " + hits + " of " + n);
        }
        InjectionSampler o = InjectionSampler.oversampling(3);
        long hits = java.util.stream.LongStream.range(0, 100_000).filter(o::injects).count();
        assertTrue(Math.abs(hits - 50_000) < 4 * Math.sqrt(25_000), "oversampling: " + hits);
        assertEquals(0, java.util.stream.LongStream.range(0, 1000).filter(InjectionSampler.none()::injects).count());
    }

    @Test
    void injectionIsAFunctionOfSeedAndPosition() {
        InjectionSampler a = InjectionSampler.mixed(0.1, 16, 7);
        InjectionSampler b = InjectionSampler.mixed(0.1, 16, 7);
        for (long i = 0; i < 1000; i++) {
            assertEquals(a.injects(i), b.injects(i));
        }
    }

    @Test
    void pInjOutsideOneOverBToAQuarterIsRejected() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> InjectionSampler.mixed(1.0 / 32, 16, 1));
        assertTrue(low.getMessage().contains("[1/B, 0.25]"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InjectionSampler.mixed(0.3, 128, 1));
        assertThrows(IllegalArgumentException.class, () -> InjectionSampler.mixed(Double.NaN, 128, 1));
        assertEquals(1.0 / 16, InjectionSampler.mixed(1.0 / 16, 16, 1).p());
        assertEquals(0.25, InjectionSampler.mixed(0.25, 16, 1).p());
    }

    @Test
    void fractionsAreNestedAndGroupRowsFollowTheShuffle() {
        List<LabeledPatch> defects = new ArrayList<>();
        for (int i = 0; i < 172; i++) {
            defects.add(new LabeledPatch(Path.of("d" + i + ".png"), null, i % 3 == 0 ? DefectGroup.AREA : DefectGroup.POINTS));
        }
        RealDefectFractions f = new RealDefectFractions(defects, 11);
        List<Integer> sizes = RealDefectFractions.DENOMINATORS.stream().map(d -> f.mixed(d).size()).toList();
        assertEquals(List.of(10, 21, 43, 86, 172), sizes); // Table 3's counts for LSM-1
        for (int i = 1; i < RealDefectFractions.DENOMINATORS.size(); i++) {
            List<LabeledPatch> small = f.mixed(RealDefectFractions.DENOMINATORS.get(i - 1));
            List<LabeledPatch> large = f.mixed(RealDefectFractions.DENOMINATORS.get(i));
            assertEquals(small, large.subList(0, small.size()));
        }
        assertEquals(new RealDefectFractions(defects, 11).all(), f.all());
        List<LabeledPatch> area = f.group(DefectGroup.AREA, 10);
        assertEquals(10, area.size());
        assertTrue(area.stream().allMatch(p -> p.group() == DefectGroup.AREA));
        assertEquals(f.all().stream().filter(p -> p.group() == DefectGroup.AREA).limit(10).toList(), area);
        assertEquals(1, new RealDefectFractions(defects.subList(0, 5), 1).mixed(16).size());
    }

    @Test
    void cosineWarmRestartsFollowsPyTorch() {
        CosineWarmRestarts s = new CosineWarmRestarts(5e-4, 1e-5, 10, 2);
        assertEquals(5e-4, s.at(0), 1e-12);
        assertEquals((5e-4 + 1e-5) / 2, s.at(5), 1e-12);
        assertEquals(5e-4, s.at(10), 1e-12); // restart
        assertEquals((5e-4 + 1e-5) / 2, s.at(20), 1e-12); // middle of the 20-step cycle
        assertEquals(5e-4, s.at(30), 1e-12);
        assertTrue(s.at(29) < 1.5e-5 && s.at(29) > 1e-5);
    }
}
