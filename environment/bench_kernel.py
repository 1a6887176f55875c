"""Kernel start and cell round trip of the ISP-AD Lab Java kernel, against Debian's Python kernel (ipykernel)
measured the same way in the same run. Usage: bench_kernel.py KERNEL_NAME [--starts N] [--cells N]."""
import argparse
import os
import statistics
import time

from jupyter_client.manager import start_new_kernel

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets the peer kernel's debugger notice

PEER = "python3"


def start(kernel_name):
    """Seconds from launching the kernel until it answers kernel_info, and until a first cell is done."""
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)  # waits for kernel_info
    ready = time.perf_counter() - t0
    kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda msg: None)
    first_cell = time.perf_counter() - t0
    return km, kc, ready, first_cell


def round_trips(kc, code, n):
    """Milliseconds from execute_request until the reply and the kernel's return to idle."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        reply = kc.execute_interactive(code, timeout=30, output_hook=lambda msg: None)
        times.append((time.perf_counter() - t0) * 1000)
        assert reply["content"]["status"] == "ok", reply["content"]
    return times


def measure(kernel_name, code, starts, cells):
    ready, first, cell = [], [], []
    for i in range(starts):
        km, kc, r, f = start(kernel_name)
        ready.append(r)
        first.append(f)
        round_trips(kc, code, 5)  # warm-up
        cell += round_trips(kc, code, cells)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return ready, first, cell


def describe(values, unit):
    return f"median {statistics.median(values):7.3f} {unit}  (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=100)
    args = parser.parse_args()

    results = {}
    for round_ in range(args.starts):  # interleave the two kernels so machine drift hits both
        for name, code in ((args.kernel, "1 + 1"), (PEER, "1 + 1")):
            r, f, c = measure(name, code, 1, args.cells)
            acc = results.setdefault(name, ([], [], []))
            acc[0].extend(r)
            acc[1].extend(f)
            acc[2].extend(c)

    java, py = results[args.kernel], results[PEER]
    print(f"kernel ready (kernel_info reply)   {args.kernel:10s} {describe(java[0], 's')}")
    print(f"                                   {PEER:10s} {describe(py[0], 's')}")
    print(f"first cell done after launch       {args.kernel:10s} {describe(java[1], 's')}")
    print(f"                                   {PEER:10s} {describe(py[1], 's')}")
    print(f"trivial cell round trip            {args.kernel:10s} {describe(java[2], 'ms')}")
    print(f"                                   {PEER:10s} {describe(py[2], 'ms')}")
    print(f"ratio java/python: ready {statistics.median(java[0]) / statistics.median(py[0]):.2f}x, "
          f"round trip {statistics.median(java[2]) / statistics.median(py[2]):.2f}x (lower is faster)")


if __name__ == "__main__":
    main()
