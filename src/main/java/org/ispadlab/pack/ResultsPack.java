package org.ispadlab.pack;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.ispadlab.io.SafeFiles;

/**
 * A results pack: the cached results of one dataset's folder (what the notebooks show, and the weights later
 * notebooks and fine-tuning read) in one tar archive compressed with zstd, with a manifest as its first entry.
 * Packing and unpacking stream file by file, so a pack of several GB never sits in memory.
 *
 * <p>What goes in: every file of the folder, except the resume state of training runs (a finished run keeps its
 * {@code state.json} and {@code best.params}; the last epoch's weights and momentum only matter to a resume), and
 * runs that have not finished (they are listed in the manifest as skipped). Unpacking checks the manifest against
 * this lab's dataset first, extracts into a staging folder beside the results while checking each file's size and
 * SHA-256, and moves the files into place only once every one of them checked out: a tampered or truncated pack
 * writes nothing. A result already there that differs from the pack's is never replaced without {@code force}.
 */
public final class ResultsPack {

    /** The dataset a results folder belongs to: its folder name, ISP-AD-sim's version (0: real data), settings. */
    public record Dataset(String folder, int simulator, JsonObject settings) {
    }

    /** A pack written: where, its manifest, and the archive's size in bytes. */
    public record Packed(Path file, PackManifest manifest, long archiveBytes) {
    }

    /** An unpack: files written, files already there with the same bytes, bytes written, the folder. */
    public record Unpacked(int written, int unchanged, long bytes, Path folder, PackManifest manifest) {
    }

    static final String RUN_STATE = "state.json";
    static final String BEST_WEIGHTS = "best.params";
    /** zstd's default level: ~300 MB/s on one core here; higher levels gain little on float weights. */
    private static final int LEVEL = 3;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Pattern SEED = Pattern.compile("(?:^|-)seed-(\\d+)(?:-|$)");

    private ResultsPack() {
    }

    /** Packs {@code resultsRoot/dataset.folder()} (results at {@code scale}) into {@code out} (written through a temporary file, then renamed). */
    public static Packed pack(Path resultsRoot, String scale, Dataset dataset, String labVersion, Path out) {
        Path folder = resultsRoot.resolve(dataset.folder());
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no results at " + folder + ": run the notebooks (or environment/lab "
                    + "prepare) at this scale first");
        }
        Selection selection = select(resultsRoot, folder);
        if (selection.files().isEmpty()) {
            throw new IllegalArgumentException("no finished results in " + folder + " to pack"
                    + (selection.skipped().isEmpty() ? "" : " (unfinished runs: " + selection.skipped() + ")"));
        }
        List<PackManifest.Entry> entries = new ArrayList<>();
        for (Path file : selection.files()) {
            entries.add(new PackManifest.Entry(relative(resultsRoot, file), size(file), sha256(file)));
        }
        PackManifest manifest = new PackManifest(PackManifest.FORMAT, labVersion, scale, dataset.folder(), dataset.simulator(),
                dataset.settings(), entries, selection.experiments(), selection.skipped());
        byte[] manifestBytes = GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8);
        SafeFiles.writeAtomically(out, tmp -> {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                 ZstdCompressorOutputStream zstd = new ZstdCompressorOutputStream(file, LEVEL, false, true);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                put(tar, PackManifest.NAME, manifestBytes.length, in -> in.write(manifestBytes));
                for (int i = 0; i < entries.size(); i++) {
                    Path source = selection.files().get(i);
                    put(tar, entries.get(i).path(), entries.get(i).size(), o -> Files.copy(source, o));
                }
                tar.finish();
            }
        });
        return new Packed(out, manifest, size(out));
    }

    /** The manifest of a pack, read from its first entry; a file that is not a results pack is refused by name. */
    public static PackManifest manifest(Path file) {
        try (TarArchiveInputStream tar = open(file)) {
            return readManifest(file, tar);
        } catch (IOException | UncheckedIOException e) {
            throw damaged(file, e);
        }
    }

    /**
     * Unpacks {@code file} under {@code resultsRoot}, when its dataset is {@code expected}; a result already there
     * with other bytes is replaced only with {@code force}. Nothing is written unless every file checks out.
     */
    public static Unpacked unpack(Path file, Path resultsRoot, Dataset expected, boolean force) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no results pack at " + file);
        }
        PackManifest manifest = manifest(file);
        refuseOtherDataset(file, manifest, expected);
        Map<String, PackManifest.Entry> wanted = new LinkedHashMap<>();
        for (PackManifest.Entry e : manifest.files()) {
            safePath(file, e.path(), manifest.dataset());
            wanted.put(e.path(), e);
        }
        Set<String> unchanged = new TreeSet<>();
        List<String> conflicts = new ArrayList<>();
        for (PackManifest.Entry e : wanted.values()) {
            Path target = resultsRoot.resolve(e.path());
            if (Files.exists(target)) {
                if (Files.isRegularFile(target) && size(target) == e.size() && sha256(target).equals(e.sha256())) {
                    unchanged.add(e.path());
                } else {
                    conflicts.add(e.path());
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw new IllegalStateException(conflicts.size() + " result(s) in " + resultsRoot + " differ from the pack's "
                    + "(e.g. " + conflicts.get(0) + "): results computed here are not replaced; unpack with --force to "
                    + "replace them with the pack's, or set ISPAD_RESULTS_DIR to another folder. Nothing was written.");
        }
        Path staging = stagingFolder(resultsRoot);
        try {
            long bytes = extract(file, manifest, wanted, unchanged, staging);
            for (PackManifest.Entry e : wanted.values()) {
                if (!unchanged.contains(e.path())) {
                    Path target = resultsRoot.resolve(e.path());
                    Files.createDirectories(target.getParent());
                    Files.move(staging.resolve(e.path()), target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return new Unpacked(wanted.size() - unchanged.size(), unchanged.size(), bytes,
                    resultsRoot.resolve(manifest.dataset()), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + file + " into " + resultsRoot, e);
        } finally {
            try {
                SafeFiles.deleteTree(staging);
            } catch (IOException ignored) {
                // a staging folder left behind holds nothing the lab reads
            }
        }
    }

    /** Streams every entry into {@code staging}, checking it against the manifest; the bytes written. */
    private static long extract(Path file, PackManifest manifest, Map<String, PackManifest.Entry> wanted,
                                Set<String> unchanged, Path staging) throws IOException {
        Set<String> seen = new TreeSet<>();
        long bytes = 0;
        try (TarArchiveInputStream tar = open(file)) {
            readManifest(file, tar);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = entry.getName();
                PackManifest.Entry expected = wanted.get(path);
                if (expected == null || !entry.isFile() || !seen.add(path)) {
                    throw new IllegalStateException(file + " holds '" + path + "', which its manifest does not list "
                            + "(or lists once): the pack was altered. Nothing was written.");
                }
                MessageDigest sha = sha256();
                long n;
                if (unchanged.contains(path)) {
                    n = new DigestInputStream(tar, sha).transferTo(OutputStream.nullOutputStream());
                } else {
                    Path target = staging.resolve(path);
                    Files.createDirectories(target.getParent());
                    n = Files.copy(new DigestInputStream(tar, sha), target);
                    bytes += n;
                }
                String digest = HexFormat.of().formatHex(sha.digest());
                if (n != expected.size() || !digest.equals(expected.sha256())) {
                    throw new IllegalStateException(path + " in " + file + " does not match its manifest (" + n
                            + " bytes, SHA-256 " + digest + "; expected " + expected.size() + " bytes, "
                            + expected.sha256() + "): the pack is damaged or was altered. Nothing was written.");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw damaged(file, e);
        }
        if (seen.size() != wanted.size()) {
            throw new IllegalStateException(file + " ends after " + seen.size() + " of the " + wanted.size()
                    + " files its manifest lists: it is truncated. Nothing was written.");
        }
        return bytes;
    }

    /** A pack of another dataset, simulator version or settings is refused, saying which differs. */
    private static void refuseOtherDataset(Path file, PackManifest m, Dataset here) {
        if (m.simulator() != here.simulator()) {
            throw new IllegalStateException(file + " holds results on " + data(m.simulator()) + "; this lab works on "
                    + data(here.simulator()) + ". Its results would not match this lab's data; make the pack with the "
                    + "same lab and data. Nothing was written.");
        }
        if (!m.dataset().equals(here.folder())) {
            List<String> differ = new ArrayList<>();
            JsonObject theirs = m.settings() == null ? new JsonObject() : m.settings();
            JsonObject ours = here.settings() == null ? new JsonObject() : here.settings();
            for (String key : new TreeSet<>(union(theirs.keySet(), ours.keySet()))) {
                JsonElement a = theirs.get(key);
                JsonElement b = ours.get(key);
                if (a == null ? b != null : !a.equals(b)) {
                    differ.add(key + " " + brief(a) + " in the pack, " + brief(b) + " here");
                }
            }
            throw new IllegalStateException(file + " holds results of the dataset " + m.dataset() + "; this lab's is "
                    + here.folder() + (differ.isEmpty() ? "" : " (settings that differ: " + String.join("; ", differ) + ")")
                    + ". Nothing was written.");
        }
    }

    private static String data(int simulator) {
        return simulator == 0 ? "the real ISP-AD (ISPAD_DATA)" : "ISP-AD-sim version " + simulator;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String brief(JsonElement e) {
        if (e == null) {
            return "(none)";
        }
        String s = e.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** An entry's path stays inside the dataset's folder: no absolute paths, no '..', nothing outside it. */
    private static void safePath(Path file, String path, String dataset) {
        Path p = Path.of(path).normalize();
        if (p.isAbsolute() || p.startsWith("..") || !p.startsWith(dataset) || p.getNameCount() < 2
                || !p.toString().equals(path)) {
            throw new IllegalStateException(file + " lists '" + path + "', outside its dataset folder " + dataset
                    + ": refused. Nothing was written.");
        }
    }

    private static PackManifest readManifest(Path file, TarArchiveInputStream tar) throws IOException {
        TarArchiveEntry first = tar.getNextEntry();
        if (first == null || !first.getName().equals(PackManifest.NAME)) {
            throw new IllegalArgumentException(file + " is not a results pack of the lab (its first entry is "
                    + (first == null ? "missing" : "'" + first.getName() + "'") + ", expected " + PackManifest.NAME + ")");
        }
        try {
            PackManifest m = GSON.fromJson(new String(tar.readAllBytes(), StandardCharsets.UTF_8), PackManifest.class);
            if (m == null || m.format() != PackManifest.FORMAT || m.files() == null || m.dataset() == null) {
                throw new IllegalArgumentException(file + "'s manifest is of format " + (m == null ? "?" : m.format())
                        + "; this lab reads format " + PackManifest.FORMAT);
            }
            return m;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + "'s manifest is not JSON the lab wrote (" + e.getMessage() + ")", e);
        }
    }

    private static TarArchiveInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        try {
            return new TarArchiveInputStream(new ZstdCompressorInputStream(in));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static RuntimeException damaged(Path file, Exception e) {
        if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
            return (RuntimeException) e;
        }
        return new IllegalStateException(file + " cannot be read as a results pack (" + e.getMessage() + "): it is "
                + "truncated or damaged, or not a pack (expected a zstd-compressed tar the lab wrote). Nothing was "
                + "written.", e);
    }

    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** One entry; the same bytes give the same archive (fixed time, owner and mode). */
    private static void put(TarArchiveOutputStream tar, String name, long size, Content content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setModTime(0L);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        content.writeTo(tar);
        tar.closeArchiveEntry();
    }

    /** The files a pack holds, the experiments they belong to and the unfinished runs left out. */
    private record Selection(List<Path> files, List<PackManifest.Experiment> experiments, List<String> skipped) {
    }

    private static Selection select(Path resultsRoot, Path folder) {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(folder)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        Map<Path, Boolean> finished = new HashMap<>();
        // by folder: a row's outcome and its run folder are one experiment (the run's settings win)
        Map<String, PackManifest.Experiment> experiments = new java.util.TreeMap<>();
        List<String> skipped = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path f : all) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tmp")) {
                continue;
            }
            Path run = f.getParent();
            if (Files.isRegularFile(run.resolve(RUN_STATE))) {
                boolean done = finished.computeIfAbsent(run, r -> {
                    JsonObject state = json(r.resolve(RUN_STATE));
                    boolean complete = state.has("stopReason") && !state.get("stopReason").isJsonNull()
                            && Files.isRegularFile(r.resolve(BEST_WEIGHTS));
                    String where = relative(resultsRoot, run.getParent());
                    if (complete) {
                        experiments.put(where, new PackManifest.Experiment(where, seed(where), string(state, "config")));
                    } else {
                        skipped.add(where);
                    }
                    return complete;
                });
                if (done && (name.equals(RUN_STATE) || name.equals(BEST_WEIGHTS))) {
                    files.add(f);
                }
                continue;
            }
            if (name.equals("outcome.json")) {
                JsonObject outcome = json(f);
                String where = relative(resultsRoot, run);
                Long seed = outcome.has("seed") && outcome.get("seed").isJsonPrimitive()
                        ? Long.valueOf(outcome.get("seed").getAsLong()) : seed(where); // null: no seed in its folder
                experiments.merge(where, new PackManifest.Experiment(where, seed, string(outcome, "settings")),
                        (a, b) -> a.settings().isEmpty() ? b : a);
            }
            files.add(f);
        }
        return new Selection(files, List.copyOf(experiments.values()), skipped);
    }

    private static Long seed(String folder) {
        Long seed = null;
        for (String part : folder.split("/")) {
            Matcher m = SEED.matcher(part);
            if (m.find()) {
                seed = Long.parseLong(m.group(1));
            }
        }
        return seed;
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    private static JsonObject json(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is not JSON the lab wrote (" + e.getMessage() + "); delete it or "
                    + "its run folder and run the experiment again", e);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static Path stagingFolder(Path resultsRoot) {
        try {
            Files.createDirectories(resultsRoot);
            return Files.createTempDirectory(resultsRoot, ".unpacking-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging folder in " + resultsRoot, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
