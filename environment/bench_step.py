"""The PyTorch peer of `lab bench step`: the workshop's training step on the very batches the lab's run trained
on (written by `lab bench step --dump`), read from memory, so the peer gets its data for free while the lab
makes its own on the fly. Same network (bench_train.py), SGD with momentum 0.9 and the run's weight decay (from
the dump's metadata).
Usage: bench_step.py BATCHES.safetensors WARMUP STEPS torch|torch-tuned
Prints one key=value line with patches/s and the process's peak resident memory."""
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_train  # noqa: E402
import safetensors_np  # noqa: E402


def main(argv):
    tensors, meta = safetensors_np.load(argv[0])
    warmup, steps, impl = int(argv[1]), int(argv[2]), argv[3]
    weight_decay = float(meta["weight_decay"])
    batch = int(meta["batch"])
    pixels = torch.from_numpy(tensors["pixels"].copy())  # (N, H, W, C), the lab's network input
    labels = torch.from_numpy(tensors["labels"].copy())
    if pixels.shape[0] < (warmup + steps) * batch:
        sys.exit(f"bench_step.py: {argv[0]} holds {pixels.shape[0]} patches, {warmup + steps} batches of {batch} "
                 "need more: dump as many steps as are timed here")
    tuned = impl == "torch-tuned"
    torch.set_num_threads(2)
    size, channels = pixels.shape[1], pixels.shape[3]
    model = bench_train.network("resnet18", channels, tuned)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=2e-2, momentum=0.9, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(s):
        x = pixels[s * batch:(s + 1) * batch].permute(0, 3, 1, 2)  # channels-last view, as the lab's input
        x = x if tuned else x.contiguous()
        opt.zero_grad()
        loss = loss_fn(model(x), labels[s * batch:(s + 1) * batch])
        loss.backward()
        opt.step()
        return loss.item()

    for s in range(warmup):
        step(s)
    t0 = time.perf_counter()
    for s in range(warmup, warmup + steps):
        step(s)
    rate = batch * steps / (time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"impl={impl} arch=resnet18 phase=step batch={batch} size={size} channels={channels} "
          f"patches_per_s={rate:.3f} peak_rss_mb={peak:.0f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
