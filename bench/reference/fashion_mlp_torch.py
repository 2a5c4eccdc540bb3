#!/usr/bin/python3
"""Seed 002's Fashion-MNIST MLP in PyTorch: the reference for `ml run fashion-mlp`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/fashion_mlp_torch.py \
        [--dropouts 0.2,0] [--weight-decays 0.002,0] [--epochs 20] [--batch 256] [--lr 5e-4] \
        [--init-std 0.1] [--seed 1] [--threads 2] [--limit 0] [--reproduce-seed-bugs [--fix head,init,lr]]

The same recipe in the Java platform (every value above is a default on both sides):

    ML_DATA_DIR=/work/shared/datasets ./ml run fashion-mlp

one cell of the grid: `./ml run fashion-mlp -P dropouts=0.2 -P weight-decays=0.002` (here --dropouts 0.2
--weight-decays 0.002), and the notebook as written: `./ml run fashion-mlp -P reproduce-seed-bugs=true`
(here --reproduce-seed-bugs).

Recipe (the seed's cells [176] and [182], with the three bugs of cell [175] fixed):
  data      $ML_DATA_DIR/fashion-mnist/{train,t10k}-*-idx*-ubyte.gz read with gzip + numpy; pixels scaled
            to [0, 1] (ToTensor), no normalisation; batch 256 reshuffled every epoch
  network   Flatten -> Linear(784, 256) -> ReLU -> Dropout(p) -> Linear(256, 256) -> ReLU -> Linear(256, 10)
            (logits into CrossEntropyLoss); weights N(0, 0.1^2) (the seed's init_weights), biases
            PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in))
  training  Adam(lr 5e-4, weight_decay wd): torch's L2 form, g += wd * w before the Adam moments, on every
            parameter (biases too); 20 epochs; one training per (dropout, weight decay) pair of the grid
  measured  per epoch: mean training loss, seconds of the training pass; after each epoch accuracy and
            loss on the training set (eval mode) and on the test set; the train - test accuracy gap
  --reproduce-seed-bugs  cell [175] as written: Flatten -> Linear(784, 64) -> ReLU -> Linear(64, 10) ->
            ReLU -> Softmax into CrossEntropyLoss, weights N(0, 0) (all zero), Adam(lr 784,
            weight_decay 0.09) (build_model(learn_rate, input_dim, ...) called with the two swapped)
  --fix     with --reproduce-seed-bugs, fix some of the three bugs only (the rest of cell [175] as written):
            head = logits into CrossEntropyLoss (no ReLU + Softmax after the last Linear), init = weights
            N(0, 0.1^2), lr = learning rate 5e-4; for the table of what each bug does in docs/results.md

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

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from all_activations_torch import load  # noqa: E402 (the same IDX reader: [N, 1, 28, 28] floats in [0, 1], int64 labels)


def fixed_network(dropout, init_std):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(dropout),
                          nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0, std=init_std)
    return model


def seed_network(fix=()):
    head = [] if "head" in fix else [nn.ReLU(), nn.Softmax(dim=1)]
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10), *head)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0, std=0.1 if "init" in fix else 0.)
    return model


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        loss, correct = 0.0, 0
        for b in range(0, len(x), 1000):
            out = model(x[b:b + 1000])
            loss += float(loss_fn(out, y[b:b + 1000])) * len(out)
            correct += int((out.argmax(1) == y[b:b + 1000]).sum())
    return loss / len(x), correct / len(x)


def train(model, lr, wd, a, data):
    x_train, y_train, x_test, y_test = data
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    epochs = []
    for epoch in range(1, a.epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        total, last = 0.0, float("nan")
        for b in range(0, len(order), a.batch):
            idx = order[b:b + a.batch]
            opt.zero_grad()
            cost = loss_fn(model(x_train[idx]), y_train[idx])
            cost.backward()
            opt.step()
            last = float(cost)
            total += last * len(idx)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        train_loss, train_acc = evaluate(model, x_train, y_train, loss_fn)
        test_loss, test_acc = evaluate(model, x_test, y_test, loss_fn)
        e = {"epoch": epoch, "train_loss_running": total / len(order), "last_batch_loss": last, "train_loss": train_loss,
             "train_accuracy": train_acc, "test_loss": test_loss, "test_accuracy": test_acc, "seconds": seconds,
             "cpu_seconds": cpu}
        epochs.append(e)
        print(f"  epoch {epoch:2d}: loss {e['train_loss_running']:.4f} (last batch {last:.4f})  train acc {train_acc:.4f}  "
              f"test acc {test_acc:.4f}  {seconds:.2f} s", flush=True)
    return epochs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dropouts", default="0.2,0")
    p.add_argument("--weight-decays", default="0.002,0")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--init-std", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="first N training images only (0 = all; for a smoke test)")
    p.add_argument("--reproduce-seed-bugs", action="store_true")
    p.add_argument("--fix", default="", help="with --reproduce-seed-bugs: bugs to fix, of head,init,lr")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    root = os.path.join(os.environ.get("ML_DATA_DIR", "/usr/share/datasets"), "fashion-mnist")
    x_train, y_train = load(root, "train")
    if a.limit:
        x_train, y_train = x_train[:a.limit], y_train[:a.limit]
    x_test, y_test = load(root, "t10k")
    data = (x_train, y_train, x_test, y_test)
    cells = []
    if a.reproduce_seed_bugs:
        torch.manual_seed(a.seed)
        fix = [f for f in a.fix.split(",") if f]
        if any(f not in ("head", "init", "lr") for f in fix):
            sys.exit(f"--fix: expected a comma-separated list of head, init, lr; got '{a.fix}'")
        print("seed as written: 784-64-10, ReLU + Softmax before CrossEntropyLoss, std 0, Adam lr 784, wd 0.09"
              + (f"; fixed: {', '.join(fix)}" if fix else ""), flush=True)
        cells.append({"cell": "seed-bugs" + "".join("-fixed-" + f for f in fix),
                      "epochs": train(seed_network(fix), 5e-4 if "lr" in fix else 784.0, 0.09, a, data)})
    else:
        for dropout in [float(d) for d in a.dropouts.split(",")]:
            for wd in [float(w) for w in a.weight_decays.split(",")]:
                torch.manual_seed(a.seed)
                print(f"dropout {dropout:g}, weight decay {wd:g}", flush=True)
                cells.append({"dropout": dropout, "weight_decay": wd,
                              "epochs": train(fixed_network(dropout, a.init_std), a.lr, wd, a, data)})
    for c in cells:
        last = c["epochs"][-1]
        c.update(train_accuracy=last["train_accuracy"], test_accuracy=last["test_accuracy"],
                 gap=last["train_accuracy"] - last["test_accuracy"],
                 seconds_per_epoch=float(np.mean([e["seconds"] for e in c["epochs"]])),
                 best_seconds_per_epoch=float(min(e["seconds"] for e in c["epochs"])),
                 cpu_seconds_per_epoch=float(np.mean([e["cpu_seconds"] for e in c["epochs"]])))
        name = c.get("cell") or f"dropout {c['dropout']:g}, wd {c['weight_decay']:g}"
        print(f"{name:24s} train {c['train_accuracy']:.4f}  test {c['test_accuracy']:.4f}  gap {c['gap']:+.4f}  "
              f"{c['seconds_per_epoch']:.2f} s/epoch", flush=True)
    print("JSON " + json.dumps({"impl": "torch", "torch": torch.__version__, "threads": a.threads, "epochs": a.epochs,
                                "batch": a.batch, "lr": a.lr, "init_std": a.init_std, "limit": a.limit,
                                "loadavg_1min": float(open("/proc/loadavg").read().split()[0]), "cells": cells}))


if __name__ == "__main__":
    main()
