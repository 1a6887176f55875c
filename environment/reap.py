"""Runs a command and proves it left no process behind.

The command runs under this process as a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER): whatever it
starts and does not stop (a server started with &, a kernel whose server died) is re-parented here instead of to
init when its parent ends. After the command returns, every such process is named by PID and command line,
stopped by PID (SIGTERM, then SIGKILL), and the run fails.

    /usr/bin/python3 environment/reap.py COMMAND [ARG...]
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
# for processes already on their way out (a kernel shutting down); REAP_GRACE_SECONDS overrides it
GRACE_SECONDS = float(os.environ.get("REAP_GRACE_SECONDS", "10"))


def children():
    """PIDs whose parent is this process, read from /proc/<pid>/stat (never by name)."""
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended while we looked
        # the command name is in parentheses and may hold spaces: fields after the last ')'
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == me and fields[0] != "Z":
            found.append(int(entry))
    return found


def reap_zombies():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def command_line(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def wait_gone(seconds):
    deadline = time.monotonic() + seconds
    while True:
        reap_zombies()
        left = children()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("reap: prctl(PR_SET_CHILD_SUBREAPER) failed; cannot check for processes left behind", file=sys.stderr)
        return subprocess.call(argv)
    child = subprocess.Popen(argv)
    # a stop asked of this process (SIGTERM: `kill PID`) goes to the command, which then ends in its own way
    signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
    try:
        rc = child.wait()
    except KeyboardInterrupt:  # Ctrl-C reached the command too (one process group): let it finish stopping
        rc = child.wait()
    left = wait_gone(GRACE_SECONDS)
    if not left:
        return rc
    for pid in left:
        print(f"left running after '{' '.join(argv)}' ended: PID {pid}: {command_line(pid)}", file=sys.stderr)
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in wait_gone(5):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    wait_gone(5)
    return rc if rc != 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
