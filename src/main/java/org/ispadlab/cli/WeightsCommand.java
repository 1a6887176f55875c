package org.ispadlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.weights.WeightsExport;
import org.ispadlab.weights.WeightsImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code environment/lab weights ...}: pretrained weights in (torchvision's names) and out, and what is there. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Pretrained weights: import torchvision/timm safetensors, export a lab model, list the folder.",
        subcommands = {WeightsCommand.Import.class, WeightsCommand.Export.class, WeightsCommand.ListFolder.class})
final class WeightsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a safetensors file with torchvision's state-dict names (timm's *.tv_in1k ResNets "
                    + "too) as a backbone's starting weights, where notebooks and lab train look for them.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a .safetensors file (environment/lab converts a .pth first)")
        Path file;
        @Option(names = "--backbone", description = "ResNet-18, ResNet-50, EfficientNet-B0, EfficientNet-B4, "
                + "ConvNeXt-Tiny or Wide-ResNet-50-2 (default: recognised from the tensor names and shapes)")
        String backbone;
        @Option(names = "--channels", split = ",", description = "input channels to write, 1 and/or 3 (default: "
                + "1,3; the supervised streams are grey, 1 channel)")
        List<Integer> channels;
        @Option(names = "--out", description = "folder to write to (default: $ISPAD_WEIGHTS_DIR, else weights/)")
        Path out;

        @Override
        public Integer call() {
            List<Integer> want = channels == null ? List.of(1, 3) : channels.stream().distinct().toList();
            for (int c : want) {
                if (c != 1 && c != 3) {
                    throw new IllegalArgumentException("--channels takes 1 and/or 3, got " + c);
                }
            }
            Backbone b = backbone == null ? null : Flags.parsed("--backbone", backbone, Backbone::parse);
            long engine = System.nanoTime();
            ai.djl.engine.Engine.getInstance(); // loads PyTorch's native libraries: timed apart from the import
            long start = System.nanoTime();
            List<WeightsImport.Imported> done = WeightsImport.run(file, b, want,
                    out == null ? PretrainedWeights.dir() : out);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (WeightsImport.Imported i : done) {
                System.out.printf("%s, %d input channel(s): %s%s%n", i.backbone().title(), i.channels(), i.written(),
                        i.conversions().isEmpty() ? "" : " (" + i.conversions() + ")");
            }
            System.out.printf("imported %s as %s in %.2f s (%,d bytes read; the PyTorch engine loaded in %.2f s "
                            + "before)%n", file, done.get(0).backbone().title(), seconds, file.toFile().length(),
                    (start - engine) / 1e9);
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a lab model as safetensors with torchvision's names, loadable by "
                    + "torchvision.models.X(num_classes=2).load_state_dict(..., strict=True).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--backbone", required = true, description = "the model's backbone, e.g. ResNet-18")
        String backbone;
        @Option(names = "--from", required = true, paramLabel = "RUN_OR_FILE", description = "a weights file "
                + "(.params), a training run's folder (best.params) or an experiment row's folder (run/best.params)")
        Path from;
        @Parameters(paramLabel = "OUT.safetensors", description = "the file to write")
        Path out;

        @Override
        public Integer call() {
            Backbone b = Flags.parsed("--backbone", backbone, Backbone::parse);
            if (!out.getFileName().toString().endsWith(".safetensors")) {
                throw new IllegalArgumentException("OUT must end in .safetensors, got " + out);
            }
            WeightsExport.Exported e = WeightsExport.run(b, from, out);
            System.out.printf("%s, %d input channel(s), from %s: %d tensors with torchvision's names in %s%n",
                    b.title(), e.channels(), e.from(), e.tensors(), e.written());
            System.out.printf("in PyTorch: m = torchvision.models.%s(num_classes=2)%s; "
                            + "m.load_state_dict(safetensors_state, strict=True)%n", b.torchvisionName(),
                    e.channels() == 1 ? "; swap the first convolution for a 1-channel one (same out channels, "
                            + "kernel, stride, padding, bias)" : "");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The weights folder: each file's backbone, channels, source and SHA-256.")
    static final class ListFolder implements Callable<Integer> {
        @Option(names = "--dir", description = "the folder to list (default: $ISPAD_WEIGHTS_DIR, else weights/)")
        Path folder;

        @Override
        public Integer call() {
            Path dir = folder == null ? PretrainedWeights.dir() : folder;
            System.out.println("weights folder: " + dir.toAbsolutePath() + " (ISPAD_WEIGHTS_DIR)");
            if (!Files.isDirectory(dir)) {
                System.out.println("no weights: the folder does not exist (lab weights import writes it)");
                return 0;
            }
            int found = 0;
            Set<Path> known = new HashSet<>();
            for (Backbone b : Backbone.values()) {
                for (int c : new int[] {1, 3}) {
                    Path f = PretrainedWeights.file(dir, b, c);
                    known.add(f);
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    found++;
                    Optional<PretrainedWeights.Origin> o = PretrainedWeights.origin(f);
                    System.out.printf("%-22s %-17s %d ch  %,13d bytes  sha256 %s%n    source: %s%n",
                            f.getFileName(), b.title(), c, f.toFile().length(), PretrainedWeights.sha256(f),
                            o.map(x -> x.source() + " (sha256 " + x.sourceSha256() + ")"
                                    + (x.conversions().isEmpty() ? "" : "; " + x.conversions()))
                                    .orElse("not recorded (not written by lab weights import)"));
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".params") && !known.contains(p)).sorted()
                        .forEach(p -> System.out.println(p.getFileName() + ": not a name the lab looks for "
                                + "(<backbone>-<1|3>ch.params); ignored"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            System.out.println(found + " weights file(s)");
            return 0;
        }
    }
}
