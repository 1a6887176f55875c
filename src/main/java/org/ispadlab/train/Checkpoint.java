package org.ispadlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.InPlace;

/**
 * A run's state after each epoch, in the run's folder: the weights, the optimiser's momentum and the
 * trainer's counters. Files of epoch e are written first, {@code state.json} (naming them) last and atomically,
 * so a process killed at any moment leaves the previous consistent state; resuming repeats nothing and skips
 * nothing. {@code best.params} holds the weights of the lowest validation loss so far; a finished run needs only it
 * and {@code state.json} (a results pack keeps no more).
 */
public final class Checkpoint {

    static final String STATE = "state.json";
    static final String BEST = "best.params";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The trainer's counters; {@code config} must match for a resume. */
    record State(String config, int epochsDone, long steps, double bestLoss, int bestEpoch, int badEpochs,
                 List<EpochRecord> history, float[] bestScores, String weights, String momentum, String stopReason) {
    }

    private final Path dir;

    Checkpoint(Path dir) {
        this.dir = dir;
    }

    /** Where a run folder keeps its best epoch's weights. */
    public static Path bestWeights(Path runDir) {
        return runDir.resolve(BEST);
    }

    /** The epochs a run folder's saved state records (empty when it holds none). */
    public static List<EpochRecord> history(Path runDir) {
        State s = new Checkpoint(runDir).load();
        return s == null ? List.of() : List.copyOf(s.history());
    }

    Path best() {
        return dir.resolve(BEST);
    }

    /** The saved state, or null when the folder holds none. */
    State load() {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            State s = GSON.fromJson(Files.readString(file), State.class);
            // a finished run is only read back (its best weights); the last epoch's files matter for a resume
            boolean resumable = s != null && s.stopReason() == null;
            if (s == null || resumable && (s.weights() == null || !Files.isRegularFile(dir.resolve(s.weights())))) {
                throw new IllegalStateException(file + " names weights that are missing; delete " + dir
                        + " to train from scratch");
            }
            return s;
        } catch (IOException | JsonParseException e) {
            throw new IllegalStateException(file + " is not a training state written by the lab ("
                    + e.getMessage() + "); delete " + dir + " to train from scratch", e);
        }
    }

    void save(State state, Classifier model, Sgd sgd) {
        try {
            Files.createDirectories(dir);
            String tag = String.format("epoch-%04d", state.epochsDone());
            String weights = tag + ".params";
            String momentum = tag + ".momentum";
            model.save(dir.resolve(weights));
            byte[] buffers = new NDList(sgd.buffers()).encode();
            SafeFiles.writeAtomically(dir.resolve(momentum), tmp -> Files.write(tmp, buffers));
            State named = new State(state.config(), state.epochsDone(), state.steps(), state.bestLoss(),
                    state.bestEpoch(), state.badEpochs(), state.history(), state.bestScores(), weights, momentum,
                    state.stopReason());
            SafeFiles.writeAtomically(dir.resolve(STATE), tmp -> Files.writeString(tmp, GSON.toJson(named)));
            deleteOlderThan(tag);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + dir, e);
        }
    }

    /** Restores weights and momentum saved with {@code state}. */
    void restore(State state, Classifier model, Sgd sgd) {
        try {
            model.load(dir.resolve(state.weights()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot resume from " + dir + ": " + e.getMessage() + "; delete " + dir
                    + " to train this run from scratch", e);
        }
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(state.momentum()));
            NDManager manager = model.manager();
            NDList saved = NDList.decode(manager, bytes);
            List<NDArray> buffers = sgd.buffers();
            if (saved.size() != buffers.size()) {
                throw new IllegalArgumentException("it holds " + saved.size() + " momentum buffers, the model has "
                        + buffers.size());
            }
            for (int i = 0; i < buffers.size(); i++) {
                InPlace.copy(saved.get(i), buffers.get(i));
            }
            saved.close();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot resume from " + dir + ": " + dir.resolve(state.momentum())
                    + " is not the optimiser state the lab saved (" + e.getMessage() + "); delete " + dir
                    + " to train this run from scratch", e);
        }
    }

    private void deleteOlderThan(String tag) throws IOException {
        List<Path> old = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith("epoch-"))
                    .filter(p -> p.getFileName().toString().compareTo(tag) < 0)
                    .forEach(old::add);
        }
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
    }
}
