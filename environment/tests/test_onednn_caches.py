"""The oneDNN cache-size library (environment/onednn_caches.c): the installed kernel preloads it on x86-64; where it
acts (CPUID reports cache sizes of under 4 KiB, as on virtual machines that hide AMD's cache leaf), the lab's 3x3
convolutions run oneDNN's BRGEMM kernels with it and not without it; where it does not act, it changes nothing."""
import os
import platform
import subprocess
import unittest

from jupyter_client.kernelspec import KernelSpecManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIBRARY = os.path.join(ROOT, ".lab", "native", "libonednn_caches.so")
ACTED = "cache sizes of under 4 KiB dropped"


def convolutions(spec, preload):
    """oneDNN's implementations of each 3x3 forward convolution in a short ResNet-18 inference bench of the lab's
    CLI, run with the kernel's Java, class path and environment and `preload` preloaded; and what the library said."""
    java = spec.argv[0]
    class_path = spec.argv[spec.argv.index("-cp") + 1].replace("{resource_dir}", spec.resource_dir)
    env = {**os.environ, **spec.env, "LD_PRELOAD": " ".join(preload), "ONEDNN_VERBOSE": "1",
           "ISPAD_ONEDNN_CACHES_VERBOSE": "1"}
    run = subprocess.run([java, "-Djava.awt.headless=true", "-cp", class_path, "org.ispadlab.cli.LabCli", "bench",
                          "train", "--backbone", "resnet18", "--phases", "infer", "--size", "32", "--batch", "2",
                          "--channels", "3", "--warmup", "1", "--steps", "1"],
                         env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        raise AssertionError(f"the bench failed ({run.returncode}): {run.stderr[-2000:]}")
    impls = {}  # the convolution's shape -> its implementations (the bench runs a few passes)
    for line in run.stdout.splitlines() + run.stderr.splitlines():
        fields = line.split(",")
        if line.startswith("onednn_verbose") and ",exec,cpu,convolution," in line and ",forward_" in line:
            shape = next(f for f in fields if f.startswith("mb"))
            if "kh3" in shape:
                impls.setdefault(shape, set()).add(fields[6])
    said = [line for line in run.stderr.splitlines() if line.startswith("onednn_caches:")]
    return impls, said


class OnednnCaches(unittest.TestCase):

    def test_the_kernel_preloads_it_and_it_acts_only_where_the_cache_sizes_are_implausible(self):
        spec = KernelSpecManager().get_kernel_spec("ispad-java")
        preload = spec.env.get("LD_PRELOAD", "").split()
        if platform.machine() != "x86_64":  # oneDNN's Xbyak reads the caches with CPUID: x86-64 only
            self.assertNotIn(LIBRARY, preload)
            return
        self.assertIn(LIBRARY, preload)
        with_it, said = convolutions(spec, preload)
        without_it, _ = convolutions(spec, [p for p in preload if p != LIBRARY])
        self.assertEqual(len(said), 1, "the library says once what it did")
        self.assertEqual(with_it.keys(), without_it.keys())
        self.assertGreater(len(with_it), 0)
        if ACTED in said[0]:
            self.assertTrue(all(i.startswith("brg") for s in with_it.values() for i in s), with_it)
            self.assertFalse(any(i.startswith("brg") for s in without_it.values() for i in s), without_it)
        else:
            self.assertEqual(with_it, without_it)


if __name__ == "__main__":
    unittest.main()
