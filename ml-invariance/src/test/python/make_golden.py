#!/usr/bin/env python3
"""Golden file for ml-invariance: the seed's training loop, verbatim, in NumPy float64.

The loop below is the final cell of the "variable xi invariance" seed (001_8db767750dfb49bb),
with CuPy replaced by NumPy, small sizes, a short renormalisation period, and argsort made
explicitly stable (the tie rule the Java code documents: among equal activations the larger
index wins, because the last n of a stable ascending argsort are taken).

Run from the repository root (NumPy 2.x):
    python3 ml-invariance/src/test/python/make_golden.py \
        > ml-invariance/src/test/resources/golden/seed_loop_small.json

The test GoldenSeedLoopTest replays the same initial weights and frames through both Java
implementations and compares every step's winners, outputs and EMA state, and the final weights.
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(20210107)

sN, m_len, iN = 16, 25, 4          # sparse neurons, inputs (5x5), invariant neurons
n_w = 4
xi = 0.008
prec = 1e-10
alpha = 2 / 6
leta = 0.05
seta = 0.0005
renorm_every = 7
renorm_sum = 2.0
epochs, T_s = 2, 10

# initial weights, rounded to float32 like the Java WeightInit so both precisions start equal
sw = rng.uniform(0, 0.2, (sN, m_len)).astype(np.float32).astype(np.float64)
sw[9] = sw[3]                      # two identical neurons: exact ties in p, resolved by index
iw = rng.uniform(0, 0.1, (iN, sN)).astype(np.float32).astype(np.float64)

frames = rng.uniform(0, 1, (T_s, m_len)) * (rng.uniform(0, 1, (T_s, m_len)) < 0.4)
frames = frames.astype(np.float32).astype(np.float64)
frames[5] = 0.0                    # a blank frame: every p is 0 (a tie of all neurons)

sw0, iw0 = sw.copy(), iw.copy()
record = []
for ep in range(epochs):
    inputs = frames
    io = np.zeros((iN, 1))
    for i in range(T_s):
        # Handle sparse layer
        v = inputs[i].reshape(-1, 1)
        p = sw @ v
        winners = np.argsort(p, axis=0, kind="stable")[-n_w:]
        mask = np.zeros((sN, 1))
        mask[winners] = 1
        so_uw = mask * p
        r = sw.T @ so_uw
        mod_r = np.maximum(r, prec)
        e = v - r

        sw += sw * so_uw * (e / mod_r).T * xi

        so = so_uw / np.sum(sw, axis=1).reshape(-1, 1)

        # Handle invariant layer
        io_pert = iw @ so

        io += (io_pert - io) * alpha

        # Train for reconstruction ability
        r = iw.T @ io
        mod_r = np.maximum(r, prec)
        e = so - r
        zeta = np.where(so > 0, leta, seta)

        iw += iw * io * ((e * zeta) / mod_r).T

        if i % renorm_every == 0:
            iw = renorm_sum * (iw / np.sum(iw, axis=1).reshape(-1, 1))

        record.append({
            "epoch": ep,
            "step": i,
            "winners": sorted(int(w) for w in winners.ravel()),
            "x": so.ravel().tolist(),
            "o": io.ravel().tolist(),
        })

json.dump({
    "source": "ml-invariance/src/test/python/make_golden.py (seed 001_8db767750dfb49bb, final cell, NumPy float64)",
    "sparse": {"neurons": sN, "inputs": m_len, "winners": n_w, "xi": xi, "eps": prec},
    "invariant": {"neurons": iN, "alpha": alpha, "leta": leta, "seta": seta, "eps": prec,
                  "renormEvery": renorm_every, "renormSum": renorm_sum},
    "epochs": epochs,
    "stepsPerEpoch": T_s,
    "w0": sw0.tolist(),
    "u0": iw0.tolist(),
    "frames": frames.tolist(),
    "steps": record,
    "w": sw.tolist(),
    "u": iw.tolist(),
}, sys.stdout, indent=1)
sys.stdout.write("\n")
