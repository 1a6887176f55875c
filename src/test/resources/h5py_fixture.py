"""Writes HDF5 streams the way the published ISP-AD files may be written: by h5py, chunked, gzip-compressed.
Usage: h5py_fixture.py OUT_DIR. Pixel values follow (i * 31 + y * 7 + x * 3 + c * 50) % 256 so a reader can check them."""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
n, h, w = 7, 32, 24
i, y, x = np.meshgrid(np.arange(n), np.arange(h), np.arange(w), indexing="ij")
grey = ((i * 31 + y * 7 + x * 3) % 256).astype(np.uint8)
rgb = np.stack([((i * 31 + y * 7 + x * 3 + c * 50) % 256) for c in range(3)], axis=-1).astype(np.uint8)
masks = ((x > 10) & (y > 5) & (i % 2 == 1)).astype(np.uint8) * 255
labels = np.array([0, 1, 0, 1, 1, 0, 0], dtype=np.uint8)

with h5py.File(os.path.join(out, "gzip_grey.h5"), "w") as f:
    f.create_dataset("syn_stream", data=grey, chunks=(2, h, w), compression="gzip", compression_opts=4)
    f.create_dataset("ground_truth", data=masks, chunks=(1, h, w), compression="gzip")
    f.create_dataset("labels", data=labels)
with h5py.File(os.path.join(out, "gzip_rgb_odd_chunks.h5"), "w") as f:
    f.create_dataset("data/patches", data=rgb, chunks=(3, 16, 12, 3), compression="gzip", shuffle=True)
    f.create_dataset("data/masks", data=masks, chunks=(3, 16, 12), compression="gzip")
    f.create_dataset("data/y", data=labels.astype(np.int8))
with h5py.File(os.path.join(out, "wide_labels.h5"), "w") as f:
    f.create_dataset("syn_stream", data=grey.astype(np.uint16))
    f.create_dataset("ground_truth", data=masks)
    f.create_dataset("labels", data=labels)
