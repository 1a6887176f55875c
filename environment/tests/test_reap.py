"""environment/reap.py, which runs `lab test`: a process the command leaves behind is found by PID, stopped, and
fails the run; a command that stops what it starts passes with its own exit code."""
import os
import subprocess
import sys
import unittest

ENV = dict(os.environ, REAP_GRACE_SECONDS="1")
REAP = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "reap.py")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Reap(unittest.TestCase):

    def test_a_process_left_running_is_named_stopped_and_fails_the_run(self):
        # sleep outlives the shell that started it in the background, as the old browser test's server did
        run = subprocess.run([sys.executable, REAP, "sh", "-c", "sleep 300 & echo $!"], capture_output=True,
                             text=True, timeout=60, env=ENV)
        orphan = int(run.stdout.strip())
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn(f"PID {orphan}: sleep 300", run.stderr)
        self.assertFalse(alive(orphan), "reap.py stops what it reports")

    def test_a_command_that_stops_what_it_starts_passes_with_its_exit_code(self):
        ok = subprocess.run([sys.executable, REAP, "sh", "-c", "sleep 300 & kill $!; wait"], capture_output=True,
                            text=True, timeout=60, env=ENV)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        failing = subprocess.run([sys.executable, REAP, "sh", "-c", "exit 3"], capture_output=True, text=True,
                                 timeout=60, env=ENV)
        self.assertEqual(failing.returncode, 3)
        self.assertEqual(failing.stderr, "")


if __name__ == "__main__":
    unittest.main()
