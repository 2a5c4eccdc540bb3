#!/usr/bin/python3
"""The comparative experiment in PyTorch ("are these two digits the same?"): the reference for `ml run comparative`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/comparative_torch.py \
        [--epochs 5] [--batch 64] [--lr 1e-3] [--pairs 60000] [--test-pairs 10000] [--seed 1] [--threads 2] \
        [--draws 5] [--no-classify]

The same recipe in the Java platform (all defaults there):

    ML_DATA_DIR=/work/shared/datasets ./ml run comparative

(the frameworks' random streams differ, so --seed gives neither side the other's weights, pairs or references;
`./ml run comparative -P workers=1` under OMP_NUM_THREADS=1 uses one core.)

Recipe (ComparativeNet and ComparativeExperiment in ml-experiments):
  data      $ML_DATA_DIR/mnist/*.gz read with gzip + numpy (autoencoder_torch.py's reader), pixels in [0, 1]
  pairs     per epoch a fresh draw of --pairs training pairs, exactly half "same" (first image uniform over all,
            second uniform over the other images of its class) and half "different" (second uniform over the
            other classes), shuffled; --test-pairs drawn once the same way from the test images only
  network   encoder (the seed autoencoder's): Conv2d(1, 4, 2, s 2), ReLU, Conv2d(4, 8, 2, s 2), ReLU, Flatten,
            Linear(392, 32), applied to both images; head: [|a - b|, a * b] -> Linear(64, 64), ReLU, Linear(64, 1)
  loss      BCEWithLogitsLoss of the logit of "same"; Adam(lr 1e-3), batch 64, 5 epochs
  measured  per epoch the training loss, the test pairs' loss and accuracy, seconds of the training pass (wall and
            CPU); at the end each of the 10,000 test digits labelled by the highest mean p(same) over K = 1, 5, 10
            training references per class, against 1-NN on raw pixels with the same references (mean of --draws)

Prints one line per epoch and a final line "JSON {...}". For a fair speed comparison give PyTorch an OpenBLAS
(LD_LIBRARY_PATH, see autoencoder_torch.py).
"""
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402 (the thread settings must come before numpy and torch load their BLAS)
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from autoencoder_torch import blas_loaded, load  # noqa: E402


class Comparative(nn.Module):
    def __init__(self):
        super().__init__()
        self.encode = nn.Sequential(nn.Conv2d(1, 4, 2, stride=2), nn.ReLU(), nn.Conv2d(4, 8, 2, stride=2), nn.ReLU(),
                                    nn.Flatten(), nn.Linear(392, 32))
        self.head = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def compare(self, a, b):
        return self.head(torch.cat([(a - b).abs(), a * b], 1))

    def forward(self, x):  # x: [batch, 2, 28, 28]
        codes = self.encode(x.reshape(-1, 1, 28, 28)).reshape(-1, 2, 32)
        return self.compare(codes[:, 0], codes[:, 1])


def balanced_pairs(labels, count, rng):
    by_class = [np.flatnonzero(labels == c) for c in range(10)]
    half = count // 2
    a = rng.integers(0, len(labels), half)
    b = np.array([(lambda m: m[m != i][rng.integers(0, len(m) - 1)])(by_class[labels[i]]) for i in a])
    c = rng.integers(0, len(labels), half)
    d = rng.integers(0, len(labels), half)
    while (bad := labels[c] == labels[d]).any():
        d[bad] = rng.integers(0, len(labels), int(bad.sum()))
    first, second = np.concatenate([a, c]), np.concatenate([b, d])
    same = np.concatenate([np.ones(half), np.zeros(half)]).astype(np.float32)
    order = rng.permutation(count)
    return first[order], second[order], same[order]


def pair_scores(model, x, first, second, same, batch=2000):
    with torch.no_grad():
        z = torch.cat([model(torch.stack([x[first[i:i + batch]], x[second[i:i + batch]]], 1).squeeze(2))
                       for i in range(0, len(first), batch)]).squeeze(1)
    y = torch.from_numpy(same)
    return float(nn.functional.binary_cross_entropy_with_logits(z, y)), float(((z > 0).float() == y).float().mean())


def classify(model, x_train, y_train, x_test, y_test, draws, seed, ks=(1, 5, 10)):
    acc = {"network": {k: [] for k in ks}, "pixels_1nn": {k: [] for k in ks}}
    with torch.no_grad():
        codes = model.encode(x_test)
        for d in range(draws):
            rng = np.random.default_rng(seed + 2_000_000 + d)
            refs = np.concatenate([rng.choice(np.flatnonzero(y_train == c), max(ks), replace=False) for c in range(10)])
            ref_codes = model.encode(x_train[refs])
            p = torch.cat([torch.sigmoid(model.compare(codes[i:i + 200].repeat_interleave(len(refs), 0),
                                                       ref_codes.repeat(len(codes[i:i + 200]), 1))).reshape(-1, len(refs))
                           for i in range(0, len(codes), 200)]).reshape(-1, 10, max(ks))
            dist = torch.cdist(x_test.flatten(1).double(), x_train[refs].flatten(1).double()).reshape(-1, 10, max(ks))
            for k in ks:
                acc["network"][k].append(float((p[:, :, :k].mean(2).argmax(1) == y_test).float().mean()))
                acc["pixels_1nn"][k].append(float((dist[:, :, :k].amin(2).argmin(1) == y_test).float().mean()))
    return {m: {f"k{k}": float(np.mean(v)) for k, v in r.items()} for m, r in acc.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--pairs", type=int, default=60000)
    p.add_argument("--test-pairs", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--draws", type=int, default=5)
    p.add_argument("--no-classify", action="store_true", help="skip the classifier table (speed comparisons)")
    a = p.parse_args()
    data_dir = os.environ.get("ML_DATA_DIR")
    if not data_dir:
        sys.exit("ML_DATA_DIR is not set; expected a directory containing mnist/*.gz")
    root = os.path.join(data_dir, "mnist")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    torch.ones(8, 8) @ torch.ones(8, 8)
    blas = blas_loaded()
    x_train, y_train = load(root, "train")
    x_test, y_test = load(root, "t10k")
    ytr, yte = y_train.numpy(), y_test.numpy()
    tf, ts, tsame = balanced_pairs(yte, a.test_pairs, np.random.default_rng(a.seed + 1_000_000))
    model = Comparative()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.BCEWithLogitsLoss()
    epochs = []
    for epoch in range(a.epochs):
        first, second, same = balanced_pairs(ytr, a.pairs, np.random.default_rng(a.seed + epoch))
        t0, c0 = time.perf_counter(), time.process_time()
        loss_sum, n = 0.0, 0
        for i in range(0, a.pairs, a.batch):
            idx = slice(i, i + a.batch)
            x = torch.stack([x_train[first[idx]], x_train[second[idx]]], 1).squeeze(2)
            y = torch.from_numpy(same[idx]).unsqueeze(1)
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(y)
            n += len(y)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        test_loss, test_acc = pair_scores(model, x_test, tf, ts, tsame)
        epochs.append({"epoch": epoch + 1, "train_loss": loss_sum / n, "test_loss": test_loss, "test_pair_accuracy": test_acc,
                       "seconds": secs, "cpu_seconds": cpu})
        print(f"epoch {epoch + 1:2d}  train loss {loss_sum / n:.4f}  test pairs loss {test_loss:.4f} accuracy {100 * test_acc:.2f}%  "
              f"{secs:.2f} s ({cpu:.2f} CPU-s, {n / secs:.0f} pairs/s)", flush=True)
    table = None if a.no_classify else classify(model, x_train, y_train, x_test, y_test, a.draws, a.seed)
    if table:
        print("classifier accuracy (mean over draws):", table)
    print("JSON " + json.dumps({
        "impl": "torch", "torch": torch.__version__, "threads": a.threads, "blas": blas, "epochs": a.epochs, "batch": a.batch,
        "lr": a.lr, "seed": a.seed, "test_pair_accuracy": epochs[-1]["test_pair_accuracy"], "test_loss": epochs[-1]["test_loss"],
        "seconds_per_epoch": sum(e["seconds"] for e in epochs) / len(epochs),
        "best_seconds_per_epoch": min(e["seconds"] for e in epochs),
        "cpu_seconds_per_epoch": min(e["cpu_seconds"] for e in epochs),
        "loadavg_1min": float(open("/proc/loadavg").read().split()[0]), "classifier_accuracy": table, "per_epoch": epochs}))


if __name__ == "__main__":
    main()
