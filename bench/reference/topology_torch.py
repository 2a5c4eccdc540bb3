#!/usr/bin/python3
"""The seed's "determine topology" training in PyTorch: the reference for `ml run topology`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/topology_torch.py \
        [--objective masked|identity] [--epochs 24] [--batch 2048] [--lr 1e-3] [--seed 1] [--threads 1] [--no-plateau]

The same recipe in the Java platform (all defaults there; -P workers=1 under OMP_NUM_THREADS=1 is one
core, as --threads 1 here):

    ML_DATA_DIR=/work/shared/datasets ./ml run topology -P workers=1

and the seed's own objective: `./ml run topology -P objective=identity` (here --objective identity).

Recipe (the seed's _03_determine_topology.py, with its objective made meaningful):
  data      $ML_DATA_DIR/mnist/{train,t10k}-images-idx3-ubyte.gz read with gzip + numpy (no torchvision,
            no download); pixels scaled to [0, 1] (ToTensor), flattened, and put in one fixed random
            order (the seed's permutation_make), which is undone for every number printed
  network   Linear(784, 784, bias=False), PyTorch's default init U(-1/28, 1/28)
  objective masked (default): output = x @ (W * (1 - I)).T, each pixel predicted from the others;
            identity (the seed's): output = x @ W.T, reproduce the input
  loss      ((output - x)**2).sum()**0.5 over the batch (the seed's)
  optimiser Adam(lr 1e-3), batch 2048, last partial batch dropped, reshuffled every epoch, 24 epochs;
            the seed's ReduceLROnPlateau(optimizer) stepped on the epoch's last batch loss (--no-plateau
            leaves it out; the Java trainer has no plateau schedule, and the log says whether it fired)
  measured  test MSE per pixel (and R^2 against predicting the training mean); seconds per epoch
            (training pass only; wall clock and this process's CPU time); the share of each active pixel's 8 strongest symmetrised links that
            go to grid neighbours (distance <= sqrt 2, <= 2) against random links, and the mean link at
            vertical / horizontal offsets 1..4 (active: non-zero in >= 1% of the training images)

BLAS: Debian's python3-torch does its matrix products through the system's libblas.so.3. With the
reference BLAS (package libblas3, what this machine has) a 2048 x 784 by 784 x 784 product ran at
3 GFLOP/s on one core; with OpenBLAS at 38 GFLOP/s. Install libopenblas0-pthread (it takes over
libblas.so.3 through Debian's alternatives), or point LD_LIBRARY_PATH at its openblas-pthread
directory for this script alone. The script prints which BLAS it loaded ("blas" in the JSON line) and
sets OPENBLAS_NUM_THREADS / OMP_NUM_THREADS to --threads unless they are set.

Prints one line per epoch and a final line "JSON {...}".
"""
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import argparse  # noqa: E402 (the thread settings must come before numpy and torch load their BLAS)
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from autoencoder_torch import blas_loaded, read_idx  # noqa: E402 (the same IDX reader and BLAS report)


def images(root, prefix):
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"), 0x00000803, 3)
    return torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255.0)


def neighbour_shares(s, active, k, side=28):
    """Share of each active pixel's k strongest links (largest s) to pixels within sqrt 2 and 2; random expectation."""
    pos = np.array([(i // side, i % side) for i in range(side * side)], dtype=float)
    a = np.array(active)
    d = np.sqrt(((pos[a][:, None, :] - pos[a][None, :, :]) ** 2).sum(-1))
    sa = s[np.ix_(a, a)].copy()
    np.fill_diagonal(sa, -np.inf)
    top = np.argsort(-sa, axis=1, kind="stable")[:, :k]
    out = {}
    m = len(a)
    for name, r in (("sqrt2", np.sqrt(2)), ("2", 2.0)):
        near = d <= r + 1e-9
        np.fill_diagonal(near, False)
        out[f"share_within_{name}"] = float(np.take_along_axis(near, top, axis=1).mean())
        out[f"random_within_{name}"] = float((near.sum(1) / (m - 1)).mean())
    return out


def axis_profile(s, active, radius=4, side=28):
    act = np.zeros(side * side, dtype=bool)
    act[active] = True
    grid_s = s.reshape(side, side, side, side)
    act2 = act.reshape(side, side)
    prof = {}
    for name, (dy, dx) in (("vertical", (1, 0)), ("horizontal", (0, 1))):
        vals = []
        for k in range(1, radius + 1):
            oy, ox = dy * k, dx * k
            total, count = 0.0, 0
            for y in range(side - oy):
                for x in range(side - ox):
                    if act2[y, x] and act2[y + oy, x + ox]:
                        total += grid_s[y, x, y + oy, x + ox]
                        count += 1
            vals.append(total / count if count else float("nan"))
        prof[name] = vals
    return prof


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--objective", choices=["masked", "identity"], default="masked")
    p.add_argument("--epochs", type=int, default=24)
    p.add_argument("--batch", type=int, default=2048)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--no-plateau", action="store_true")
    a = p.parse_args()
    root = os.path.join(os.environ.get("ML_DATA_DIR", "/usr/share/datasets"), "mnist")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    torch.ones(8, 8) @ torch.ones(8, 8)
    blas = blas_loaded()
    print("BLAS: " + ", ".join(blas), flush=True)
    x_train, x_test = images(root, "train"), images(root, "t10k")
    perm = torch.from_numpy(rng.permutation(784))
    xp_train, xp_test = x_train[:, perm].contiguous(), x_test[:, perm].contiguous()

    layer = torch.nn.Linear(784, 784, bias=False)
    off_diagonal = 1 - torch.eye(784)

    def forward(x):
        w = layer.weight * off_diagonal if a.objective == "masked" else layer.weight
        return x @ w.T

    opt = torch.optim.Adam(layer.parameters(), lr=a.lr)
    plateau = None if a.no_plateau else torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
    mean = x_train.mean(0)
    mean_mse = float(((x_test - mean) ** 2).mean())

    def test_mse():
        with torch.no_grad():
            return float(((forward(xp_test) - xp_test) ** 2).mean())

    epochs = []
    g = torch.Generator().manual_seed(a.seed)
    for epoch in range(1, a.epochs + 1):
        lr = opt.param_groups[0]["lr"]
        order = torch.randperm(len(xp_train), generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        losses = []
        for b in range(len(order) // a.batch):  # drop_last=True
            x = xp_train[order[b * a.batch:(b + 1) * a.batch]]
            opt.zero_grad()
            loss = ((forward(x) - x) ** 2).sum() ** 0.5
            loss.backward()
            opt.step()
            losses.append(loss.item())
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        mse = test_mse()
        if plateau is not None:
            plateau.step(metrics=losses[-1])
        epochs.append({"epoch": epoch, "train_loss": sum(losses) / len(losses), "lr": lr, "seconds": secs, "cpu_seconds": cpu,
                       "test_mse": mse, "test_r2": 1 - mse / mean_mse})
        print(f"epoch {epoch:2d}  train loss {epochs[-1]['train_loss']:.4f}  test MSE {mse:.5f}  "
              f"(R2 {1 - mse / mean_mse:.3f})  lr {lr:g}  {secs:.2f} s ({cpu:.2f} CPU-s)", flush=True)

    w = layer.weight.detach().T.numpy().astype(np.float64)  # [in, out] in the permuted order
    if a.objective == "masked":
        np.fill_diagonal(w, 0)
    inv = perm.numpy()
    full = np.empty_like(w)
    full[np.ix_(inv, inv)] = w  # full[perm[k], perm[l]] = w[k, l]
    s = (full + full.T) / 2
    np.fill_diagonal(s, 0)
    active = np.nonzero((x_train.numpy() != 0).mean(0) >= 0.01)[0].tolist()
    shares = neighbour_shares(s, active, 8)
    prof = axis_profile(s, active)
    lrs = sorted({e["lr"] for e in epochs})
    result = {"objective": a.objective, "epochs": a.epochs, "threads": a.threads, "torch": torch.__version__, "blas": blas,
              "test_mse": epochs[-1]["test_mse"], "test_r2": epochs[-1]["test_r2"],
              "seconds_per_epoch": sum(e["seconds"] for e in epochs) / len(epochs),
              "best_seconds_per_epoch": min(e["seconds"] for e in epochs),
              "cpu_seconds_per_epoch": min(e["cpu_seconds"] for e in epochs),
              "loadavg_1min": float(open("/proc/loadavg").read().split()[0]),
              "plateau_reduced_lr": len(lrs) > 1, "active_pixels": len(active), **shares, "profile": prof, "per_epoch": epochs}
    print(f"neighbour share of the 8 strongest links: within sqrt2 {shares['share_within_sqrt2']:.3f} "
          f"(random {shares['random_within_sqrt2']:.3f}), within 2 {shares['share_within_2']:.3f} "
          f"(random {shares['random_within_2']:.3f}); plateau reduced lr: {len(lrs) > 1}")
    print("profile vertical " + " ".join(f"{v:+.4f}" for v in prof["vertical"])
          + " | horizontal " + " ".join(f"{v:+.4f}" for v in prof["horizontal"]))
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
