"""torchvision's side of TorchvisionParityTest (needs Debian's python3-torch and python3-torchvision).

make OUT:  for every architecture and 1/3 input channels, a torchvision model (num_classes=2) from a fixed seed,
           its batch-norm/layer-norm affine parameters, running statistics and ConvNeXt's layer scales drawn at
           random (fresh ones are 1 and 0, which would hide a mix-up), saved as OUT/<case>/state.safetensors with
           the state dict's names; a fixed input batch with the model's logits and every stage's output in eval
           mode as OUT/<case>/io.safetensors. A 1-channel case feeds the grey batch on all three channels: the lab
           sums conv1 over RGB, which gives the same logits.
check OUT [CASE]: loads OUT/<case>/exported.safetensors (the lab's export) into torchvision's model with strict=True (a
           1-channel case first swaps the first convolution for a 1-channel one), runs the same input and prints
           one JSON line per case: the largest logit difference and the logits' scale.
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "environment"))
import safetensors_np  # noqa: E402

ARCHS = ["resnet18", "resnet50", "efficientnet_b0", "efficientnet_b4", "convnext_tiny", "wide_resnet50_2"]
SIZE, BATCH = 64, 2


def stages(arch, model, x):
    """Each stage's output: layer1..4 for ResNets, the stage blocks of features for the others."""
    out = []
    if arch.startswith(("resnet", "wide_")):
        x = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
            x = layer(x)
            out.append(x)
        return out
    keep = range(1, 8) if arch.startswith("efficientnet") else (1, 3, 5, 7)
    for i, block in enumerate(model.features):
        x = block(x)
        if i in keep:
            out.append(x)
    return out


def randomise(model, gen):
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm2d, torch.nn.LayerNorm)):
            m.weight.data = torch.rand(m.weight.shape, generator=gen) + 0.5
            m.bias.data = torch.randn(m.bias.shape, generator=gen) * 0.2
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.data = torch.randn(m.running_mean.shape, generator=gen) * 0.2
            m.running_var.data = torch.rand(m.running_var.shape, generator=gen) * 1.5 + 0.5
            m.num_batches_tracked.data = torch.tensor(17)
        if hasattr(m, "layer_scale"):
            m.layer_scale.data = torch.rand(m.layer_scale.shape, generator=gen) * 0.5 + 0.25


def cases():
    for arch in ARCHS:
        for channels in (1, 3):
            yield arch, channels, f"{arch}-{channels}ch"


def make(out):
    for i, (arch, channels, case) in enumerate(cases()):
        torch.manual_seed(100 + i)
        gen = torch.Generator().manual_seed(200 + i)
        model = getattr(torchvision.models, arch)(num_classes=2)
        randomise(model, gen)
        model.eval()
        x = torch.randn(BATCH, channels, SIZE, SIZE, generator=gen)
        rgb = x.repeat(1, 3, 1, 1) if channels == 1 else x
        with torch.no_grad():
            logits = model(rgb)
            feats = stages(arch, model, rgb)
        os.makedirs(os.path.join(out, case), exist_ok=True)
        safetensors_np.save({k: v.numpy() for k, v in model.state_dict().items()},
                            os.path.join(out, case, "state.safetensors"), {"format": "pt"})
        io = {"input": x.numpy(), "logits": logits.numpy()}
        io.update({f"stage.{j}": f.numpy() for j, f in enumerate(feats)})
        safetensors_np.save(io, os.path.join(out, case, "io.safetensors"))
        print(json.dumps({"case": case, "parameters": sum(p.numel() for p in model.parameters())}), flush=True)


def first_conv(arch, model):
    return ("conv1", model) if arch.startswith(("resnet", "wide_")) else (0, model.features[0])


def check(out, only=None):
    for arch, channels, case in cases():
        if only and case != only:
            continue
        model = getattr(torchvision.models, arch)(num_classes=2)
        if channels == 1:
            name, parent = first_conv(arch, model)
            old = getattr(parent, name) if isinstance(name, str) else parent[name]
            new = torch.nn.Conv2d(1, old.out_channels, old.kernel_size, old.stride, old.padding,
                                  bias=old.bias is not None)
            if isinstance(name, str):
                setattr(parent, name, new)
            else:
                parent[name] = new
        tensors, _ = safetensors_np.load(os.path.join(out, case, "exported.safetensors"))
        model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()}, strict=True)
        model.eval()
        io, _ = safetensors_np.load(os.path.join(out, case, "io.safetensors"))
        with torch.no_grad():
            logits = model(torch.from_numpy(io["input"].copy())).numpy()
        want = io["logits"]
        print(json.dumps({"case": case, "strict": True, "max_abs_diff": float(np.abs(logits - want).max()),
                          "scale": float(np.abs(want).max())}), flush=True)


if __name__ == "__main__":
    torch.set_num_threads(2)
    {"make": make, "check": check}[sys.argv[1]](*sys.argv[2:])
