"""Where a step's time goes: per-operator self time of PyTorch profiler traces (Chrome JSON), side by side.
Usage: profile_ops.py STEPS LABEL=TRACE.json [LABEL=TRACE.json ...] [--top N]
STEPS: how many steps each trace recorded (times are printed per step). Self time is an operator's duration
minus that of the operators it called (nesting per thread), so the columns add up to the step's CPU time."""
import collections
import json
import sys


def self_times(path):
    """{operator: (self microseconds, calls)} over the trace's operator events."""
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    ops = [e for e in events if e.get("ph") == "X" and e.get("cat", "cpu_op") in ("cpu_op", "Operator")
           and "dur" in e]
    by_thread = collections.defaultdict(list)
    for e in ops:
        by_thread[e.get("tid")].append(e)
    total = collections.defaultdict(float)
    calls = collections.Counter()
    for thread in by_thread.values():
        thread.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, event, children's time]
        for e in thread:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= start:
                end, done, inner = stack.pop()
                total[done["name"]] += float(done["dur"]) - inner
            if stack:
                stack[-1][2] += dur
            stack.append([start + dur, e, 0.0])
            calls[e["name"]] += 1
        for _, done, inner in stack:
            total[done["name"]] += float(done["dur"]) - inner
    return {name: (total[name], calls[name]) for name in total}


def main(argv):
    top = 25
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    steps = int(argv[0])
    runs = [(arg.split("=", 1)[0], self_times(arg.split("=", 1)[1])) for arg in argv[1:]]
    names = sorted({n for _, t in runs for n in t}, key=lambda n: -max(t.get(n, (0, 0))[0] for _, t in runs))
    header = f"{'operator (ms per step, calls per step)':44s}" + "".join(f"{label:>22s}" for label, _ in runs)
    print(header)
    for name in names[:top]:
        cells = "".join(f"{t.get(name, (0, 0))[0] / steps / 1e3:13.1f} ms {t.get(name, (0, 0))[1] / steps:5.0f}x"
                        for _, t in runs)
        print(f"{name[:44]:44s}{cells}")
    print(f"{'all operators':44s}" + "".join(
        f"{sum(v[0] for v in t.values()) / steps / 1e3:13.1f} ms {sum(v[1] for v in t.values()) / steps:5.0f}x"
        for _, t in runs))


if __name__ == "__main__":
    main(sys.argv[1:])
