"""The benches' Python side: profile_ops.py's per-operator self time (nesting per thread, both trace layouts),
bench_train.py's input standardisation (the lab's Tensors.encode formula), and bench_step.py training on a dump
of batches, refusing one too short with the file's name."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

ENVDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ENVDIR)
import bench_train  # noqa: E402
import profile_ops  # noqa: E402
import safetensors_np  # noqa: E402


def op(name, ts, dur, tid=1):
    return {"name": name, "ph": "X", "ts": ts, "dur": dur, "tid": tid}


class ProfileOps(unittest.TestCase):

    def write(self, events):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        self.addCleanup(os.unlink, f.name)
        json.dump(events, f)
        f.close()
        return f.name

    def test_self_time_subtracts_the_operators_called_inside_on_the_same_thread(self):
        events = [op("conv", 0, 10), op("empty", 1, 3), op("copy_", 5, 2), op("relu", 12, 4),
                  op("conv", 0, 7, tid=2)]  # another thread overlaps in time but is not nested in thread 1
        times = profile_ops.self_times(self.write(events))
        self.assertEqual(times["conv"], (5.0 + 7.0, 2))
        self.assertEqual(times["empty"], (3.0, 1))
        self.assertEqual(times["copy_"], (2.0, 1))
        self.assertEqual(times["relu"], (4.0, 1))

    def test_kineto_layout_and_non_operator_events(self):
        events = {"traceEvents": [dict(op("mm", 0, 6), cat="cpu_op"), dict(op("step", 0, 20), cat="user_annotation"),
                                  {"name": "meta", "ph": "M"}]}
        self.assertEqual(profile_ops.self_times(self.write(events)), {"mm": (6.0, 1)})


class Standardise(unittest.TestCase):

    def test_grey_and_rgb_follow_the_labs_formula_and_keep_a_channels_last_view(self):
        grey = torch.tensor([0, 128, 255], dtype=torch.uint8).reshape(1, 1, 3, 1)
        x = bench_train.standardise(grey, tuned=True)
        self.assertEqual(tuple(x.shape), (1, 1, 1, 3))
        expected = [(v / 255 - 0.449) / 0.226 for v in (0, 128, 255)]
        np.testing.assert_allclose(x.flatten().numpy(), expected, rtol=1e-6)
        rgb = torch.full((2, 4, 4, 3), 200, dtype=torch.uint8)
        y = bench_train.standardise(rgb, tuned=True)
        self.assertTrue(y.is_contiguous(memory_format=torch.channels_last))
        np.testing.assert_allclose(y[0, :, 0, 0].numpy(), [(200 / 255 - m) / s for m, s in
                                                           zip(bench_train.MEAN, bench_train.STD)], rtol=1e-6)
        self.assertTrue(bench_train.standardise(rgb, tuned=False).is_contiguous())


class BenchStep(unittest.TestCase):

    def dump(self, patches):
        d = tempfile.TemporaryDirectory()
        self.addCleanup(d.cleanup)
        path = os.path.join(d.name, "batches.safetensors")
        rng = np.random.default_rng(1)
        safetensors_np.save({"pixels": rng.standard_normal((patches, 32, 32, 1)).astype(np.float32),
                             "labels": (np.arange(patches) % 2).astype(np.int64)}, path,
                            {"batch": 4, "weight_decay": 5e-4})
        return path

    def run_step(self, path):
        return subprocess.run([sys.executable, os.path.join(ENVDIR, "bench_step.py"), path, "1", "2", "torch-tuned"],
                              capture_output=True, text=True, timeout=300)

    def test_trains_on_the_dumped_batches_and_reports_rate_and_memory(self):
        r = self.run_step(self.dump(12))
        self.assertEqual(r.returncode, 0, r.stderr)
        fields = dict(kv.split("=") for kv in r.stdout.split())
        self.assertEqual((fields["phase"], fields["batch"], fields["size"], fields["channels"]), ("step", "4", "32", "1"))
        self.assertGreater(float(fields["patches_per_s"]), 0)
        self.assertGreater(float(fields["peak_rss_mb"]), 50)

    def test_a_dump_too_short_for_the_steps_is_refused_with_its_name(self):
        path = self.dump(8)
        r = self.run_step(path)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(path, r.stderr)
        self.assertIn("holds 8 patches", r.stderr)


if __name__ == "__main__":
    unittest.main()
