"""The PyTorch peer of `lab bench train` and `lab bench infer`: torchvision's network (2 outputs, a dropout 0.1
head), SGD with momentum 0.9 and weight decay 1e-2, the same batch, size and step counts; prints one key=value
line per phase. Training takes a ready float batch, as the lab's does; inference takes 8-bit images and
standardises them first, as the lab's Classifier does (its input is images, not tensors).
Usage: bench_train.py ARCH SIZE BATCH CHANNELS WARMUP STEPS torch|torch-tuned [train,infer] [PROFILE.json]
ARCH: resnet18, resnet50, efficientnet_b0, efficientnet_b4, convnext_tiny, wide_resnet50_2 (torchvision's names)
PROFILE.json: also record 3 more steps per phase with PyTorch's profiler, written to PROFILE-train.json etc. in
the lab's trace format (environment/profile_ops.py reads both)."""
import json
import sys
import time

import torch
import torchvision

PROFILED_STEPS = 3  # as the lab's ThroughputBench
WARMUP_SECONDS = 3  # as the lab's ThroughputBench: warm-up takes at least this long
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
GREY_MEAN, GREY_STD = 0.449, 0.226


def network(arch, channels, tuned):
    """torchvision's `arch` with the lab's task head; channels-last when `tuned`."""
    torch.manual_seed(1)
    model = getattr(torchvision.models, arch)(num_classes=2)
    if arch.startswith("resnet") or arch.startswith("wide_resnet"):
        if channels == 1:
            model.conv1 = torch.nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
        model.fc = torch.nn.Sequential(torch.nn.Dropout(0.1), model.fc)
    else:
        if channels != 3:
            sys.exit(f"bench_train.py: {arch} is measured with 3 channels only")
        head = model.classifier
        head[len(head) - 1] = torch.nn.Sequential(torch.nn.Dropout(0.1), head[len(head) - 1])
        if arch.startswith("efficientnet"):
            head[0] = torch.nn.Identity()  # torchvision's own dropout (0.2/0.4) gives way to the lab's head
    return model.to(memory_format=torch.channels_last) if tuned else model


def standardise(images, tuned):
    """8-bit (N, H, W, C) images to the network's standardised (N, C, H, W) floats."""
    c = images.shape[3]
    mean = torch.tensor(MEAN if c == 3 else (GREY_MEAN,))
    std = torch.tensor(STD if c == 3 else (GREY_STD,))
    x = ((images.float() / 255 - mean) / std).permute(0, 3, 1, 2)  # a channels-last view, as the lab's input
    return x if tuned else x.contiguous()


def profiled(step, path):
    """PROFILED_STEPS steps under the profiler, written as Chrome JSON with each operator's input shapes (this
    PyTorch build's own exporter leaves the shapes out)."""
    with torch.autograd.profiler.profile(record_shapes=True) as prof:
        for _ in range(PROFILED_STEPS):
            step()
    events = [{"name": e.name, "ph": "X", "ts": e.time_range.start, "dur": e.time_range.elapsed_us(),
               "tid": e.thread, "shape": e.input_shapes} for e in prof.function_events]
    with open(path, "w") as f:
        json.dump(events, f)


def with_phase(path, phase):
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{phase}.{ext}" if dot else f"{path}-{phase}"


def main(argv):
    arch = argv[0]
    size, batch, channels, warmup, steps = (int(a) for a in argv[1:6])
    impl = argv[6]  # "torch": as Debian ships it; "torch-tuned": channels-last (run it with tcmalloc preloaded)
    phases = argv[7].split(",") if len(argv) > 7 else ["train", "infer"]
    profile = argv[8] if len(argv) > 8 else None
    tuned = impl == "torch-tuned"
    torch.set_num_threads(2)
    model = network(arch, channels, tuned)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(batch, channels, size, size, generator=gen)
    x = x.contiguous(memory_format=torch.channels_last) if tuned else x
    images = torch.randint(0, 256, (batch, size, size, channels), dtype=torch.uint8, generator=gen)
    y = torch.arange(batch) % 2
    opt = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9, weight_decay=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer_step():
        with torch.no_grad():
            return torch.softmax(model(standardise(images, tuned)), 1)[:, 1].numpy()

    def measure(phase, step):
        warm, i = time.perf_counter(), 0
        while i < warmup or time.perf_counter() - warm < WARMUP_SECONDS:
            step()
            i += 1
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        rate = batch * steps / (time.perf_counter() - t0)
        if profile:  # after the timing, which the profiler would slow down
            profiled(step, with_phase(profile, phase))
        print(f"impl={impl} arch={arch} phase={phase} batch={batch} size={size} channels={channels} "
              f"patches_per_s={rate:.3f}", flush=True)

    if "train" in phases:
        model.train()
        measure("train", train_step)
    if "infer" in phases:
        model.eval()
        measure("infer", infer_step)


if __name__ == "__main__":
    main(sys.argv[1:])
