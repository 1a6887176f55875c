"""The installed kernel's JVM runs with the lab's young generation (JVM_OPTIONS in environment/lab: 64 MB, so DJL's
per-operator Java objects stay in cached, mapped memory), as the JVM itself reports it."""
import subprocess
import unittest

from jupyter_client.kernelspec import KernelSpecManager

YOUNG_GENERATION = 64 * 1024 * 1024


def final_flags(java, options):
    """The JVM's final flag values, started with `options`."""
    out = subprocess.run([java, *options, "-XX:+PrintFlagsFinal", "-version"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    flags = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "=":
            flags[parts[1]] = parts[3]
    return flags


class KernelJvm(unittest.TestCase):

    def test_the_kernel_starts_java_with_a_64_mb_young_generation(self):
        spec = KernelSpecManager().get_kernel_spec("ispad-java")
        options = [a for a in spec.argv[1:] if a.startswith("-X") and "{" not in a]
        flags = final_flags(spec.argv[0], options)
        self.assertEqual(int(flags["NewSize"]), YOUNG_GENERATION)
        self.assertEqual(int(flags["MaxNewSize"]), YOUNG_GENERATION)
        self.assertNotEqual(int(final_flags(spec.argv[0], [])["MaxNewSize"]), YOUNG_GENERATION,
                            "Java's default differs, so the kernel's option is what sets it")


if __name__ == "__main__":
    unittest.main()
