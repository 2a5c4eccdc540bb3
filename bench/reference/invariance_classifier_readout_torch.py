#!/usr/bin/python3
"""The linear read-out of `ml run invariance-classifier` on raw pixels, in PyTorch.

PyTorch has no counterpart of the unsupervised sparse and invariant layers, so only the read-out's
"raw" row has a reference: the same softmax regression on the same standardised pixels.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/invariance_classifier_readout_torch.py \
        [--epochs 10] [--batch 128] [--lr 1e-3] [--seed 42] [--threads 2]

The same recipe in the Java platform (the "raw" row of its table, `accuracy_raw` in metrics.json):

    ML_DATA_DIR=/work/shared/datasets ./ml run invariance-classifier

Recipe: the 60,000 training and 10,000 test digits, pixels p/255, each of the 784 columns standardised
with the training set's mean and standard deviation (a constant column becomes 0); Linear(784, 10) with
weights and biases 0 at the start, cross-entropy from the logits, Adam(lr 1e-3), batch 128 reshuffled
every epoch, 10 epochs; test accuracy after the last epoch. (The random streams differ, so the batch
order is not the Java side's; the problem is convex and both start from 0.)

Prints one line per epoch and a final line "JSON {...}".
"""
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import argparse  # noqa: E402 (the thread settings must come before numpy and torch load their BLAS)
import json  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from autoencoder_torch import setup_and_load  # noqa: E402 (the same IDX reader, thread and BLAS set-up)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    blas, (x, y), (xt, yt) = setup_and_load(a.threads, a.seed)
    x = x.reshape(-1, 784)
    xt = xt.reshape(-1, 784)
    mean = x.double().mean(0)
    std = x.double().std(0, unbiased=False)
    scale = torch.where(std < 1e-8, torch.zeros_like(std), 1 / std)
    x = ((x.double() - mean) * scale).float()
    xt = ((xt.double() - mean) * scale).float()
    model = nn.Linear(784, 10)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    seconds = 0.0
    acc = 0.0
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(x.shape[0])
        total = 0.0
        for i in range(0, x.shape[0], a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * idx.numel()
        seconds += time.perf_counter() - t0
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        print(f"epoch {epoch}: train loss {total / x.shape[0]:.4f}, test accuracy {acc:.4f}", flush=True)
    print("JSON " + json.dumps({"test_accuracy": acc, "train_seconds": seconds, "epochs": a.epochs, "blas": blas}))


if __name__ == "__main__":
    main()
