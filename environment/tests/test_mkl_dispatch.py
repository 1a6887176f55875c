"""The MKL dispatch library (environment/mkl_dispatch.c): where the CPU is an AMD one with AVX-512, the installed
kernel preloads it and MKL inside libtorch then detects a higher instruction set than without it; elsewhere
nothing is preloaded but the allocator. And kernelspec.py keeps only the preloads that exist."""
import glob
import json
import os
import subprocess
import sys
import unittest

from jupyter_client.kernelspec import KernelSpecManager

ENVDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(ENVDIR)
LIBRARY = os.path.join(ROOT, ".lab", "native", "libmkl_dispatch.so")
MKL_SUBSETS = ("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")


def dispatch_applies():
    """environment/lab's mkl_dispatch_applies, read from /proc/cpuinfo the same way."""
    with open("/proc/cpuinfo") as f:
        info = f.read()
    flags = next(line for line in info.splitlines() if line.startswith("flags")).split()
    return "AuthenticAMD" in info and all(f in flags for f in MKL_SUBSETS)


def mkl_cpu_level(preload):
    """MKL's own CPU detection (libtorch links MKL statically) in a fresh process with `preload` preloaded."""
    libtorch = glob.glob(os.path.join(ROOT, ".lab", "djl-cache", "pytorch", "*cpu*", "libtorch_cpu.so"))[0]
    code = "import ctypes, sys; print(ctypes.CDLL(sys.argv[1]).mkl_serv_cpu_detect())"
    env = dict(os.environ, LD_PRELOAD=preload)
    return int(subprocess.run([sys.executable, "-c", code, libtorch], env=env, capture_output=True, text=True,
                              check=True, timeout=60).stdout)


class MklDispatch(unittest.TestCase):

    def test_the_kernel_preloads_it_where_it_applies_and_mkl_then_detects_more(self):
        preload = KernelSpecManager().get_kernel_spec("ispad-java").env.get("LD_PRELOAD", "").split()
        if dispatch_applies():
            self.assertIn(LIBRARY, preload)
            self.assertGreater(mkl_cpu_level(LIBRARY), mkl_cpu_level(""))
        else:
            self.assertNotIn(LIBRARY, preload)
            self.assertFalse(os.path.exists(LIBRARY))

    def test_kernelspec_keeps_only_the_preloads_that_exist(self):
        missing = os.path.join(ROOT, ".lab", "no-such-library.so")
        out = subprocess.run([sys.executable, os.path.join(ENVDIR, "kernelspec.py"), ROOT, "java", ROOT, "s", "r", "w",
                              f"{LIBRARY} {missing} /bin/sh"], capture_output=True, text=True, check=True).stdout
        expected = [p for p in (LIBRARY, "/bin/sh") if os.path.exists(p)]
        self.assertEqual(json.loads(out)["env"].get("LD_PRELOAD", "").split(), expected)


if __name__ == "__main__":
    unittest.main()
