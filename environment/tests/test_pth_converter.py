"""environment/pth_to_safetensors.py, the route of a torchvision .pth into `lab weights import`: wrapped and
DataParallel state dicts are unwrapped, half precision is widened, every tensor keeps its name and value; a pickle
that is not a state dict of tensors is refused without running it. The last test imports a .pth through
environment/lab end to end."""
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch
import torchvision

ENVDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERTER = os.path.join(ENVDIR, "pth_to_safetensors.py")
sys.path.insert(0, ENVDIR)
import safetensors_np  # noqa: E402


class Evil:
    """Unpickling this would run code; weights_only refuses it."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/pth-converter-ran-code",))


def convert(src, dst):
    return subprocess.run([sys.executable, CONVERTER, src, dst], capture_output=True, text=True, timeout=300)


class PthConverter(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        torch.manual_seed(3)
        self.model = torchvision.models.resnet18()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_a_wrapped_half_precision_dataparallel_checkpoint_keeps_names_and_values(self):
        state = {"module." + k: v.half() if v.is_floating_point() else v for k, v in self.model.state_dict().items()}
        torch.save({"state_dict": state, "epoch": 3}, self.path("r18.pth"))
        run = convert(self.path("r18.pth"), self.path("r18.safetensors"))
        self.assertEqual(run.returncode, 0, run.stderr)
        tensors, meta = safetensors_np.load(self.path("r18.safetensors"))
        self.assertEqual(list(tensors), list(self.model.state_dict()))
        self.assertEqual(meta["converted_from"], "r18.pth")
        w = tensors["layer3.1.conv2.weight"]
        self.assertEqual(w.dtype, np.float32)
        np.testing.assert_array_equal(w, self.model.state_dict()["layer3.1.conv2.weight"].half().float().numpy())
        self.assertEqual(tensors["bn1.num_batches_tracked"].dtype, np.int64)

    def test_a_pickle_with_code_or_without_tensors_is_refused(self):
        marker = "/tmp/pth-converter-ran-code"
        if os.path.exists(marker):
            os.remove(marker)
        torch.save({"conv1.weight": torch.zeros(1), "x": Evil()}, self.path("evil.pth"))
        run = convert(self.path("evil.pth"), self.path("evil.safetensors"))
        self.assertEqual(run.returncode, 1)
        self.assertIn("expected a PyTorch checkpoint of tensors", run.stderr)
        self.assertFalse(os.path.exists(marker), "the pickle's code never ran")
        with open(self.path("text.pth"), "w") as f:
            f.write("not a checkpoint")
        run = convert(self.path("text.pth"), self.path("text.safetensors"))
        self.assertEqual(run.returncode, 1)
        self.assertIn(self.path("text.pth"), run.stderr)
        torch.save([1, 2, 3], self.path("list.pth"))
        run = convert(self.path("list.pth"), self.path("list.safetensors"))
        self.assertIn("expected a state dict (names to tensors), found list", run.stderr)
        self.assertFalse(any(n.endswith(".safetensors") for n in os.listdir(self.tmp.name)), "nothing written")

    def test_lab_weights_import_takes_a_pth(self):
        torch.save(self.model.state_dict(), self.path("resnet18-random.pth"))
        out = self.path("weights")
        run = subprocess.run([os.path.join(ENVDIR, "lab"), "weights", "import", self.path("resnet18-random.pth"),
                              "--out", out], capture_output=True, text=True, timeout=600)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("as ResNet-18", run.stdout)
        self.assertIn("head fc: fresh 2-way (the file's has 1000 outputs)", run.stdout)
        self.assertEqual(sorted(os.listdir(out)), ["resnet-18-1ch.json", "resnet-18-1ch.params",
                                                   "resnet-18-3ch.json", "resnet-18-3ch.params"])


if __name__ == "__main__":
    unittest.main()
