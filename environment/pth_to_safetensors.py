"""Converts a PyTorch checkpoint (.pth/.pt: torchvision's downloads, timm's, a training script's) into a
safetensors file with the same state-dict names, for `environment/lab weights import`. Runs where PyTorch is
installed (Debian's python3-torch here). Reads with weights_only=True: a checkpoint is a pickle, and a pickle
can run code; this refuses anything but tensors and plain containers.

usage: pth_to_safetensors.py IN.pth OUT.safetensors
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_np  # noqa: E402


def state_dict(path):
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # noqa: BLE001 - every reason a file does not load is reported the same way
        sys.exit(f"error: {path}: expected a PyTorch checkpoint of tensors (torch.save of a state dict), "
                 f"found a file torch.load refuses: {e}")
    # training scripts wrap the weights: {"state_dict": ...}, {"model": ...}
    for key in ("state_dict", "model", "model_state_dict"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
    if not isinstance(obj, dict) or not obj or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        sys.exit(f"error: {path}: expected a state dict (names to tensors), found {type(obj).__name__}")
    # DataParallel saves "module.conv1.weight"
    if all(k.startswith("module.") for k in obj):
        obj = {k[len("module."):]: v for k, v in obj.items()}
    return obj


def main(src, dst):
    tensors = {}
    for name, t in state_dict(src).items():
        t = t.detach().contiguous()
        if t.dtype in (torch.bfloat16, torch.float16, torch.float64):
            t = t.float()  # numpy has no bfloat16; the lab reads float32
        tensors[name] = t.numpy()
    tmp = dst + ".tmp"
    safetensors_np.save(tensors, tmp, {"format": "pt", "converted_from": os.path.basename(src)})
    os.replace(tmp, dst)
    print(f"{src}: {len(tensors)} tensors -> {dst}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
