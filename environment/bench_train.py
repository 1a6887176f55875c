"""The PyTorch peer of `lab bench train` and `lab bench infer`: torchvision's network (2 outputs, a dropout 0.1
head), SGD with momentum 0.9 and weight decay 1e-2, the same batch, size and step counts; prints one key=value
line per phase.
Usage: bench_train.py ARCH SIZE BATCH CHANNELS WARMUP STEPS torch|torch-tuned [train,infer]
ARCH: resnet18, resnet50, efficientnet_b0, efficientnet_b4, convnext_tiny (torchvision's names)"""
import sys
import time

import torch
import torchvision

arch = sys.argv[1]
size, batch, channels, warmup, steps = (int(a) for a in sys.argv[2:7])
impl = sys.argv[7]  # "torch": as Debian ships it; "torch-tuned": channels-last (run it with tcmalloc preloaded)
phases = sys.argv[8].split(",") if len(sys.argv) > 8 else ["train", "infer"]
torch.set_num_threads(2)
torch.manual_seed(1)
model = getattr(torchvision.models, arch)(num_classes=2)
if arch.startswith("resnet"):
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
x = torch.randn(batch, channels, size, size)
if impl == "torch-tuned":
    model = model.to(memory_format=torch.channels_last)
    x = x.contiguous(memory_format=torch.channels_last)
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
        return torch.softmax(model(x), 1)[:, 1].numpy()


def measure(phase, step):
    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    rate = batch * steps / (time.perf_counter() - t0)
    print(f"impl={impl} arch={arch} phase={phase} batch={batch} size={size} channels={channels} patches_per_s={rate:.3f}", flush=True)


if "train" in phases:
    model.train()
    measure("train", train_step)
if "infer" in phases:
    model.eval()
    measure("infer", infer_step)
