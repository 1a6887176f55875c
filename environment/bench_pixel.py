"""The Python peer of `lab bench pixel`: pixel AUROC with scikit-learn's roc_auc_score and PRO up to FPR 0.3 as the
MVTec AD evaluation computes it (8-connected regions by scipy.ndimage.label; one argsort of every pixel's score,
cumulative sums of the FPR and per-region-overlap steps, ties merged, trapezoids up to the limit, interpolated
there), timed from the maps and masks in memory, as the lab is.
Usage: bench_pixel.py DIR   (maps.f32, masks.u8 and shape.txt written by `lab bench pixel --write DIR`)
Prints one key=value line."""
import os
import sys
import time

import numpy as np
from scipy import ndimage
from sklearn.metrics import roc_auc_score

LIMIT = 0.3


def pro(maps, masks):
    fp_step = np.zeros(maps.shape, dtype=np.float64)
    pro_step = np.zeros(maps.shape, dtype=np.float64)
    regions = 0
    negatives = 0
    eight = np.ones((3, 3), dtype=int)
    for i in range(maps.shape[0]):
        labels, n = ndimage.label(masks[i], structure=eight)
        good = labels == 0
        negatives += int(good.sum())
        fp_step[i][good] = 1.0
        regions += n
        if n:
            sizes = np.bincount(labels.ravel())
            inside = labels > 0
            pro_step[i][inside] = 1.0 / sizes[labels[inside]]
    order = np.argsort(maps.ravel(), kind="stable")[::-1]
    scores = maps.ravel()[order]
    fpr = np.cumsum(fp_step.ravel()[order]) / negatives
    overlap = np.cumsum(pro_step.ravel()[order]) / regions
    last = np.append(scores[1:] != scores[:-1], True)  # the end of each run of equal scores
    fpr = np.concatenate([[0.0], fpr[last]])
    overlap = np.concatenate([[0.0], overlap[last]])
    k = np.searchsorted(fpr, LIMIT)
    xs = fpr[:k]
    ys = overlap[:k]
    if k < len(fpr):
        y = overlap[k - 1] + (overlap[k] - overlap[k - 1]) * (LIMIT - fpr[k - 1]) / (fpr[k] - fpr[k - 1])
        xs = np.append(xs, LIMIT)
        ys = np.append(ys, y)
    return float(np.trapz(ys, xs) / LIMIT), regions


def main(folder):
    n, side = (int(v) for v in open(os.path.join(folder, "shape.txt")).read().split())
    maps = np.fromfile(os.path.join(folder, "maps.f32"), dtype="<f4").reshape(n, side, side)
    masks = np.fromfile(os.path.join(folder, "masks.u8"), dtype=np.uint8).reshape(n, side, side)
    t0 = time.perf_counter()
    auroc = roc_auc_score(masks.ravel(), maps.ravel())
    p, regions = pro(maps, masks)
    seconds = time.perf_counter() - t0
    print(f"impl=peer maps={n} side={side} seconds={seconds:.3f} auroc={auroc:.10f} pro={p:.10f} regions={regions}")


if __name__ == "__main__":
    main(sys.argv[1])
