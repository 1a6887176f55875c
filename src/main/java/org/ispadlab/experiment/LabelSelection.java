package org.ispadlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.data.Split;
import org.ispadlab.model.Classifier;
import org.ispadlab.sim.SimDefects;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.RealDefectFractions;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which real defects to label (the paper's Sec. 6: "defect selection strategies inspired by active learning ...
 * injected diversity seems to be more important than the absolute quantity"): with a budget of k real defects,
 * chosen from the pool of weakly labelled real training defects by one of four {@link Strategy strategies}, every
 * choice injected the same way (p_inj of the scale) into the fine-tuning of the seed's synthetic-only pretraining.
 * Each seed reshuffles the pool (its order decides random picks, the diversity start and ties). Rows are cached
 * one folder each, so a stopped run resumes.
 */
public final class LabelSelection {

    /** The experiment's folder beside notebook 04's, so it shares the pretraining. */
    public static final String FOLDER = "label-selection";
    /** The budgets the issue asks for. */
    public static final List<Integer> BUDGETS = List.of(3, 6, 12);

    /** How the k defects are chosen from the pool. */
    public enum Strategy {
        /** The first k of the seed's shuffled pool: the paper's fractions. */
        RANDOM("random"),
        /** k-center greedy in the cold start's feature space (pooled last stage), from the pool's first defect. */
        DIVERSITY("diversity"),
        /** The k whose cold-start P(defective) lies nearest its decision threshold of 0.5. */
        UNCERTAINTY("uncertainty"),
        /** One per defect class in turn (ISP-AD-sim's classes; the group on real data), in pool order. */
        PER_CLASS("per-class");

        private final String id;

        Strategy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Strategy of(String id) {
            for (Strategy s : values()) {
                if (s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no selection strategy '" + id + "'; the strategies are random, "
                    + "diversity, uncertainty, per-class");
        }
    }

    /** What one strategy chose for one seed at one budget. */
    public record Choice(Strategy strategy, int budget, long seed, List<LabeledPatch> defects, List<String> classes) {
        public long area() {
            return defects.stream().filter(d -> d.group() == DefectGroup.AREA).count();
        }
    }

    /** The outcome of a run: its points (strategy x budget over the seeds) and every choice made. */
    public record Result(List<SweepPoint> points, List<Choice> choices) {
    }

    private LabelSelection() {
    }

    /**
     * Every strategy at every budget, seed after seed: the seed's cold start first (notebook 04's row {@code none}
     * from {@code coldStartResults}, trained there if missing), which scores and embeds the pool, then each choice
     * trained (or read from {@code resultsDir}'s cache unless {@code retrain}). Stops after a run the user stopped.
     * With {@code cachedOnly} nothing trains: the points show what the cache holds.
     */
    public static Result run(DatasetLayout layout, Modality modality, TrainConfig config, List<Strategy> strategies,
                             List<Integer> budgets, List<Long> seeds, Path resultsDir, Path coldStartResults,
                             boolean retrain, boolean cachedOnly, Function<String, TrainListener> listeners) {
        if (strategies.isEmpty() || budgets.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a selection run needs a strategy, a budget and a seed");
        }
        double pInj = InjectionSampler.forBatch(config.batchSize());
        SweepPoint.Collector points = new SweepPoint.Collector();
        List<Choice> choices = new ArrayList<>();
        for (long seed : seeds) {
            TrainConfig c = config.withSeed(seed);
            Optional<ColdStarts.Trained> maybeCold = ColdStarts.of(layout, modality, c, coldStartResults,
                    cachedOnly, () -> listeners.apply(modality + " seed " + seed + " none"));
            if (maybeCold.isEmpty()) {
                continue;
            }
            ColdStarts.Trained cold = maybeCold.get();
            if (cold.outcome().training().interrupted()) {
                break;
            }
            for (Strategy s : strategies) {
                points.add(s.id(), 0, "0", 0, Double.NaN, cold.outcome());
            }
            try (FractionScaling experiment = new FractionScaling(layout, modality, c, pInj, resultsDir)) {
                List<LabeledPatch> pool = new RealDefectFractions(experiment.data().realDefects(), seed).all();
                for (int k : budgets) {
                    if (k < 1 || k > pool.size()) {
                        throw new IllegalArgumentException("a budget of " + k + " real defects from a pool of "
                                + pool.size());
                    }
                }
                Pool scored = Pool.of(layout, modality, experiment, pool, cold.weights().orElseThrow());
                for (Strategy s : strategies) {
                    for (int k : budgets) {
                        Choice choice = scored.choose(s, k, seed);
                        choices.add(choice);
                        FractionScaling.Row row = new FractionScaling.Row(s.id() + "-" + k, "mixed", k,
                                choice.defects());
                        if (cachedOnly && !experiment.isCached(row)) {
                            continue;
                        }
                        FractionScaling.Outcome o = experiment.run(row, retrain, listeners.apply(modality + " seed "
                                + seed + " " + s.id() + " " + k));
                        if (o.training().interrupted()) {
                            return new Result(points.points(), choices);
                        }
                        points.add(s.id(), k, String.valueOf(k), k,
                                s == Strategy.RANDOM ? paperAt(modality, k, pool.size()) : Double.NaN, o);
                    }
                }
            }
        }
        return new Result(points.points(), choices);
    }

    /**
     * k-center greedy: {@code start} first, then again and again the row farthest (Euclidean) from every row taken
     * so far; ties go to the lower index. Returns the k indices in the order taken.
     */
    public static int[] kCenterGreedy(float[][] features, int k, int start) {
        int n = features.length;
        if (k < 1 || k > n || start < 0 || start >= n) {
            throw new IllegalArgumentException("k-center greedy of " + k + " from " + n + " rows, starting at " + start);
        }
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int[] chosen = new int[k];
        int next = start;
        for (int t = 0; t < k; t++) {
            chosen[t] = next;
            float[] centre = features[next];
            int far = -1;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(features[i], centre));
                if (far < 0 || nearest[i] > nearest[far]) {
                    far = i;
                }
            }
            next = far;
        }
        return chosen;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Every choice as a table: strategy, budget, seed, how many area defects, the classes chosen. */
    public static Table choices(List<Choice> choices) {
        StringColumn strategy = StringColumn.create("strategy");
        IntColumn budget = IntColumn.create("k");
        IntColumn seed = IntColumn.create("seed");
        IntColumn area = IntColumn.create("area defects");
        StringColumn classes = StringColumn.create("classes chosen");
        for (Choice c : choices) {
            strategy.append(c.strategy().id());
            budget.append(c.budget());
            seed.append((int) c.seed());
            area.append((int) c.area());
            Map<String, Integer> counts = new java.util.TreeMap<>();
            c.classes().forEach(x -> counts.merge(x, 1, Integer::sum));
            classes.append(counts.toString());
        }
        return Table.create("What each strategy chose").addColumns(strategy, budget, seed, area, classes);
    }

    /** The table of the run, the cold start (k = 0, the start of every strategy's line) once. */
    public static Table table(Modality modality, List<SweepPoint> points) {
        return SweepPoint.table("Which defects to label, " + modality.id(), "k",
                SweepPoint.coldStartOnce(points, p -> p.realDefects() == 0, "none (0)"));
    }

    /** The paper's random fraction holding about as many defects: its mixed row whose share of the pool is k/n. */
    private static double paperAt(Modality modality, int k, int pool) {
        for (int d : RealDefectFractions.DENOMINATORS) {
            if (Math.max(1, pool / d) == k) {
                return PInjSweep.paperMcc(modality, d);
            }
        }
        return Double.NaN;
    }

    /** The pool as the cold start sees it: P(defective), pooled features and class of each defect, in pool order. */
    private record Pool(List<LabeledPatch> defects, float[] scores, float[][] features, List<String> classes) {

        static Pool of(DatasetLayout layout, Modality modality, FractionScaling experiment, List<LabeledPatch> pool,
                       Path coldStart) {
            int size = experiment.data().size();
            int channels = experiment.data().channels();
            // the training augmentation crops the centre of a real defect's 2x patch; so does this
            List<Image8> images = pool.stream().map(p -> {
                Image8 img = p.load();
                Image8 crop = (channels == 1 ? img.grey() : img).centreCrop(size);
                return Preprocess.apply(crop, modality);
            }).toList();
            TrainConfig c = experiment.config();
            try (Classifier model = Classifier.create(c.backbone(), channels, size, c.seed(), coldStart)) {
                return new Pool(pool, model.defectProbabilities(images, c.batchSize()),
                        model.pooledFeatures(images, c.batchSize()), classes(layout, modality, pool));
            }
        }

        private static List<String> classes(DatasetLayout layout, Modality modality, List<LabeledPatch> pool) {
            boolean simulated = Files.isRegularFile(layout.root().resolve(modality.id()).resolve("defects.csv"));
            Map<DefectGroup, Map<String, String>> byGroup = new LinkedHashMap<>();
            if (simulated) {
                for (DefectGroup g : DefectGroup.values()) {
                    byGroup.put(g, SimDefects.classes(layout, modality, Split.realTraining(g)));
                }
            }
            return pool.stream().map(p -> simulated
                    ? byGroup.get(p.group()).getOrDefault(p.image().getFileName().toString(), p.group().folder())
                    : p.group().folder()).toList();
        }

        Choice choose(Strategy s, int k, long seed) {
            int[] idx = switch (s) {
                case RANDOM -> IntStream.range(0, k).toArray();
                case DIVERSITY -> kCenterGreedy(features, k, 0);
                case UNCERTAINTY -> IntStream.range(0, defects.size()).boxed()
                        .sorted(Comparator.comparingDouble(i -> Math.abs(scores[i] - 0.5)))
                        .limit(k).mapToInt(Integer::intValue).toArray();
                case PER_CLASS -> roundRobin(k);
            };
            return new Choice(s, k, seed, IntStream.of(idx).mapToObj(defects::get).toList(),
                    IntStream.of(idx).mapToObj(classes::get).toList());
        }

        /** The first untaken defect of each class in turn, the classes in the order the pool first shows them. */
        private int[] roundRobin(int k) {
            Map<String, List<Integer>> byClass = new LinkedHashMap<>();
            for (int i = 0; i < defects.size(); i++) {
                byClass.computeIfAbsent(classes.get(i), x -> new ArrayList<>()).add(i);
            }
            List<Integer> out = new ArrayList<>();
            for (int round = 0; out.size() < k; round++) {
                for (List<Integer> members : byClass.values()) {
                    if (round < members.size() && out.size() < k) {
                        out.add(members.get(round));
                    }
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
