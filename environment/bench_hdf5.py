"""Random-access reads of 256x256 uint8 patches from a supervised HDF5 stream: the library (jHDF) against
Debian's h5py, same files, same index sequence, in the same run.  Usage: bench_hdf5.py KERNEL_LIB_DIR WORK_DIR"""
import json
import os
import statistics
import subprocess
import sys
import time

import h5py
import numpy as np

N, SIZE, READS, ROUNDS, WARM_UP = 1500, 256, 2000, 5, 8


def fixture(path, compressed):
    """A stream like the paper's: single-channel 8-bit patches (a printed grid under a reflection band,
    with sensor noise, so they compress as real patches do), masks, labels."""
    if os.path.exists(path):
        return
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    patches = np.empty((N, SIZE, SIZE), dtype=np.uint8)
    for i in range(N):
        period, phase = rng.uniform(20, 30), rng.uniform(0, 30, size=2)
        grid = (((x + phase[0]) % period) < 0.6 * period) & (((y + phase[1]) % period) < 0.6 * period)
        band = 130 * np.exp(-((y - rng.uniform(60, 200)) / 60.0) ** 2)
        image = 70 + band + 12 * grid + rng.normal(0, 2.5, size=(SIZE, SIZE))
        patches[i] = np.clip(image, 0, 255).astype(np.uint8)
    options = dict(chunks=(1, SIZE, SIZE), compression="gzip", compression_opts=1) if compressed else {}
    with h5py.File(path + ".tmp", "w") as f:
        f.create_dataset("syn_stream", data=patches, **options)
        f.create_dataset("ground_truth", data=np.zeros_like(patches), **options)
        f.create_dataset("labels", data=(np.arange(N) % 2).astype(np.uint8))
    os.replace(path + ".tmp", path)


def h5py_rounds(path):
    rates = []
    checksum = 0
    with h5py.File(path, "r") as f:
        ds = f["syn_stream"]
        n = ds.shape[0]
        for round_ in range(-WARM_UP, ROUNDS):
            t0 = time.perf_counter()
            for k in range(READS):
                patch = ds[k * 7919 % n]
                checksum += int(patch.flat[k % 256])
            if round_ >= 0:
                rates.append(READS / (time.perf_counter() - t0))
    return rates, checksum


def java_rounds(lib, path):
    out = subprocess.run(["java", "-cp", os.path.join(lib, "*"), "org.ispadlab.cli.LabCli", "data", "bench-read",
                          path, "--reads", str(READS), "--rounds", str(ROUNDS), "--warm-up", str(WARM_UP)],
                         check=True, capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [l["patches_per_s"] for l in lines if "round" in l], lines[-1]["checksum"]


def main():
    lib, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    print(f"{READS} random reads of {SIZE}x{SIZE} uint8 patches from a {N}-patch stream, {ROUNDS} rounds after {WARM_UP} warm-up rounds")
    for name, compressed in (("contiguous", False), ("gzip chunks (1,256,256)", True)):
        path = os.path.join(work, "stream_gzip.h5" if compressed else "stream_contiguous.h5")
        fixture(path, compressed)
        java, python = [], []
        for _ in range(2):  # interleaved, so drift of the machine hits both
            j, jsum = java_rounds(lib, path)
            p, psum = h5py_rounds(path)
            assert jsum == psum, f"the readers disagree: checksum {jsum} vs {psum}"
            java += j
            python += p
        jm, pm = statistics.median(java), statistics.median(python)
        print(f"  {name:26s} jHDF (library) {jm:9.0f} patches/s   h5py {pm:9.0f} patches/s   ratio {jm / pm:5.2f}x")


if __name__ == "__main__":
    main()
