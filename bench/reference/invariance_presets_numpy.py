#!/usr/bin/python3
"""The notebook's five invariance presets as the seed ran them: its NumPy loop (float64), one after another.

Seed 001 ("variable xi invariance") trained its MWTA sparse layer and EMA invariant layer with the loop
below (its final cell, CuPy replaced by NumPy; the same loop as ml-invariance's golden file,
ml-invariance/src/test/python/make_golden.py). This script runs it for every preset of
`ml run invariance-presets` (winners, xi, alpha, leta, seta, renormalisation every 2,000 steps or never)
on 20x20 windows of a random walk over a tapestry of MNIST training digits, and prints per preset the
training steps/s and the slowness of the sparse output x and the invariant output o over the last epoch's
frames (each channel standardised over time, squared frame-to-frame differences averaged; constant channels
left out: ml-invariance's `Slowness`). The walk is this script's own (seeded NumPy), not the Java
tapestry's, so the quality numbers are comparable in size, not equal; the speed is the seed's own code.

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/invariance_presets_numpy.py \
        [--epochs 20] [--limit 10000] [--seed 42] [--presets six-winners,...,stable]

The Java counterpart (the same presets on both cores, with the controls):

    ML_DATA_DIR=/work/shared/datasets ./ml run invariance-presets

Prints one line per preset and a final line "JSON {...}".
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from autoencoder_torch import read_idx  # noqa: E402 (the same IDX reader)

# name: (winners, xi, alpha, leta, seta, renormalise every N steps, 0 = never); InvariancePreset.java
PRESETS = {
    "six-winners": (6, 0.03, 0.5, 0.01, 0.001, 0),
    "three-winners": (3, 0.03, 0.5, 0.05, 0.005, 0),
    "four-winners": (4, 0.03, 0.5, 0.1, 0.001, 0),
    "renormalised": (4, 0.008, 2 / 6, 0.1, 0.001, 2000),
    "stable": (4, 0.008, 2 / 6, 0.05, 0.0005, 2000),
}
SPARSE, INVARIANT, SIDE, PREC, RENORM_SUM = 900, 100, 20, 1e-10, 9.0


def frames_of_walk(digits, steps, rng):
    """A 20x20 window on a random walk (at most 3 px per step) over a 30x30-digit tapestry."""
    k = 30
    tiles = digits[rng.choice(len(digits), k * k, replace=False)].astype(np.float64) / 255.0
    tapestry = tiles.reshape(k, k, 28, 28).transpose(0, 2, 1, 3).reshape(k * 28, k * 28)
    y, x = rng.integers(0, k * 28 - SIDE, 2)
    out = np.empty((steps, SIDE * SIDE))
    for t in range(steps):
        y = int(np.clip(y + rng.integers(-3, 4), 0, k * 28 - SIDE))
        x = int(np.clip(x + rng.integers(-3, 4), 0, k * 28 - SIDE))
        out[t] = tapestry[y:y + SIDE, x:x + SIDE].ravel()
    return out


def slowness(signal):
    var = signal.var(axis=0)
    keep = var > 0
    d = np.diff(signal[:, keep], axis=0)
    return float(np.mean(np.mean(d * d, axis=0) / var[keep]))


def run(preset, frames, epochs, rng):
    n_w, xi, alpha, leta, seta, renorm_every = PRESETS[preset]
    sw = rng.uniform(0, 0.2, (SPARSE, SIDE * SIDE))
    iw = rng.uniform(0, 0.1, (INVARIANT, SPARSE))
    xs, os_ = [], []
    t0 = time.perf_counter()
    for ep in range(epochs):
        io = np.zeros((INVARIANT, 1))
        last = ep == epochs - 1
        for i in range(len(frames)):
            # the seed's loop, line for line
            v = frames[i].reshape(-1, 1)
            p = sw @ v
            winners = np.argsort(p, axis=0, kind="stable")[-n_w:]
            mask = np.zeros((SPARSE, 1))
            mask[winners] = 1
            so_uw = mask * p
            r = sw.T @ so_uw
            e = v - r
            sw += sw * so_uw * (e / np.maximum(r, PREC)).T * xi
            so = so_uw / np.sum(sw, axis=1).reshape(-1, 1)
            io += (iw @ so - io) * alpha
            r = iw.T @ io
            e = so - r
            zeta = np.where(so > 0, leta, seta)
            iw += iw * io * ((e * zeta) / np.maximum(r, PREC)).T
            if renorm_every and i % renorm_every == 0:
                iw = RENORM_SUM * (iw / np.sum(iw, axis=1).reshape(-1, 1))
            if last:
                xs.append(so.ravel().copy())
                os_.append(io.ravel().copy())
    seconds = time.perf_counter() - t0
    s_x, s_o = slowness(np.array(xs)), slowness(np.array(os_))
    return {"preset": preset, "steps_per_second": epochs * len(frames) / seconds, "seconds": seconds,
            "slowness_sparse": s_x, "slowness_invariant": s_o, "slowness_ratio": s_o / s_x}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--limit", type=int, default=10000, help="frames (steps) per epoch")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--presets", default=",".join(PRESETS))
    a = ap.parse_args()
    names = a.presets.split(",")
    for n in names:
        if n not in PRESETS:
            sys.exit(f"--presets {n}: expected one of {', '.join(PRESETS)}")
    if a.epochs < 1 or a.limit < 2:
        sys.exit("--epochs must be at least 1 and --limit at least 2")
    root = os.environ.get("ML_DATA_DIR")
    if not root:
        sys.exit("ML_DATA_DIR is not set (expected the directory holding mnist/)")
    digits = read_idx(os.path.join(root, "mnist", "train-images-idx3-ubyte.gz"), 0x00000803, 3)
    rng = np.random.default_rng(a.seed)
    frames = frames_of_walk(digits, a.limit, rng)
    rows = []
    for n in names:
        r = run(n, frames, a.epochs, np.random.default_rng(a.seed))
        rows.append(r)
        print(f"{n:14s} {r['steps_per_second']:8.0f} steps/s  slowness x {r['slowness_sparse']:.3f}  "
              f"o {r['slowness_invariant']:.3f}  ratio {r['slowness_ratio']:.3f}", flush=True)
    print("JSON " + json.dumps({"impl": "numpy", "numpy": np.__version__, "epochs": a.epochs, "limit": a.limit,
                                "loadavg_1min": os.getloadavg()[0], "presets": rows}))


if __name__ == "__main__":
    main()
