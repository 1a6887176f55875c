"""The PyTorch peer of `lab bench train`: torchvision's ResNet-18 (2 outputs, dropout 0.1 head), SGD with
momentum 0.9 and weight decay 1e-2, the same batch, size and step counts; prints one key=value line per phase.
Usage: bench_train.py SIZE BATCH CHANNELS WARMUP STEPS torch|torch-tuned"""
import sys
import time

import torch
import torchvision

size, batch, channels, warmup, steps = (int(a) for a in sys.argv[1:6])
impl = sys.argv[6]  # "torch": as Debian ships it; "torch-tuned": channels-last (run it with tcmalloc preloaded)
torch.set_num_threads(2)
torch.manual_seed(1)
model = torchvision.models.resnet18(num_classes=2)
if channels == 1:
    model.conv1 = torch.nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
model.fc = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(512, 2))
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
    print(f"impl={impl} phase={phase} batch={batch} size={size} channels={channels} patches_per_s={rate:.3f}", flush=True)


model.train()
measure("train", train_step)
model.eval()
measure("infer", infer_step)
