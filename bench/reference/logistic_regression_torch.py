#!/usr/bin/python3
"""The seed's logistic regression in 1-D (004, LogReg_PyTorch.py) and the softmax regressions of the
Java experiment `logistic-regression`, in PyTorch: the reference, on the same data.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/logistic_regression_torch.py \
        [--seed 42] [--epochs 1000] [--lr 2] [--batch 20] [--argmax-epochs 300] [--argmax-lr 0.1] \
        [--mnist-epochs 5] [--mnist-batch 64] [--mnist-lr 0.1] [--no-mnist] [--threads 1]

The matching Java run (the same 1-D and argmax data: both draw from np.random.seed(seed), the Java side
with a bit-exact port of NumPy's legacy generator; MNIST is shuffled by each side's own generator):

    ML_DATA_DIR=/work/shared/datasets ./ml run logistic-regression

1-D: NoisyBinaryData(N=100, x0=-3, x1=5, stdDev=2) drawn call for call as the seed (rand() < 0.5 picks
class 0, then normal), float64; nn.Linear(1, 1) with weight -0.1 and bias 0.5 (the seed's script),
BCEWithLogitsLoss (the seed's sigmoid + BCELoss, without its clamp of log at -100), optim.SGD(lr 2),
DataLoader batch 20 in data order, 1000 epochs. The exact optimum by Newton-Raphson in numpy.

Argmax example: x = np.random.uniform(-5, 5, 300) after np.random.seed(seed), class argmax(-x, 1, x - 1);
nn.Linear(1, 3) from zeros, cross-entropy, SGD lr 0.1, batch 20 in data order, 300 epochs; the class
boundaries read off a grid of 2001 points on [-5, 5].

MNIST: $ML_DATA_DIR/mnist IDX files, pixels / 255, nn.Linear(784, 10) from zeros, cross-entropy, SGD lr
0.1, batch 64 reshuffled each epoch, 5 epochs, float32; test accuracy and seconds per epoch (mean after the
first epoch, as the Java side reports it: its first epoch records the graph).

Prints each part's figures and a final line "JSON {...}".
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def noisy_binary(seed, n=100, x0=-3.0, x1=5.0, std=2.0):
    np.random.seed(seed)
    xs, ys = [], []
    for _ in range(n):
        if np.random.rand() < 0.5:
            xs.append(np.random.normal(x0, std))
            ys.append(0.0)
        else:
            xs.append(np.random.normal(x1, std))
            ys.append(1.0)
    return np.array(xs), np.array(ys)


def newton(x, y, iterations=100):
    """Maximum-likelihood logistic regression of y on [1, x] (None when the classes are separable)."""
    if x[y == 0].max() < x[y == 1].min() or x[y == 1].max() < x[y == 0].min():
        return None
    a = np.stack([np.ones_like(x), x], axis=1)
    beta = np.zeros(2)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-a @ beta))
        step = np.linalg.solve(a.T @ (a * (p * (1 - p))[:, None]), a.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-13 * (1 + np.max(np.abs(beta))):
            break
    z = a @ beta
    bce = float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))
    return beta[1], beta[0], bce


def logistic(x, y, epochs, lr, batch):
    loader = DataLoader(TensorDataset(torch.from_numpy(x).view(-1, 1), torch.from_numpy(y).view(-1, 1)), batch_size=batch)
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.fill_(-0.1)
        model.bias.fill_(0.5)
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        for xb, yb in loader:
            optimizer.zero_grad()
            criterion(model(xb), yb).backward()
            optimizer.step()
        times.append(time.perf_counter() - t0)
    with torch.no_grad():
        z = model(torch.from_numpy(x).view(-1, 1))
        bce = criterion(z, torch.from_numpy(y).view(-1, 1)).item()
        acc = ((z.view(-1) > 0).double() == torch.from_numpy(y)).double().mean().item()
    return model.weight.item(), model.bias.item(), bce, acc, sum(times[1:]) / max(1, len(times) - 1)


def argmax(seed, n, epochs, lr):
    np.random.seed(seed)
    x = np.random.uniform(-5, 5, n)
    labels = np.argmax(np.stack([-x, np.ones_like(x), x - 1], axis=1), axis=1)
    loader = DataLoader(TensorDataset(torch.from_numpy(x).view(-1, 1), torch.from_numpy(labels)), batch_size=20)
    model = nn.Linear(1, 3).double()
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            criterion(model(xb), yb).backward()
            optimizer.step()
    grid = np.linspace(-5, 5, 2001)
    with torch.no_grad():
        cls = model(torch.from_numpy(grid).view(-1, 1)).argmax(1).numpy()
        acc = (model(torch.from_numpy(x).view(-1, 1)).argmax(1).numpy() == labels).mean()
    b01 = b12 = float("nan")
    for i in range(1, len(grid)):
        if cls[i - 1] != cls[i] and cls[i] == 1:
            b01 = (grid[i - 1] + grid[i]) / 2
        elif cls[i - 1] != cls[i] and cls[i] == 2:
            b12 = (grid[i - 1] + grid[i]) / 2
    return b01, b12, float(acc)


def read_idx(path, magic, dims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != magic:
        sys.exit(f"{path}: not an IDX file with magic {magic:#x}")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(root, epochs, batch, lr, seed):
    def load(prefix):
        x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"), 0x803, 3)
        y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"), 0x801, 1)
        return torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    model = nn.Linear(784, 10)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    seconds = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        for idx in torch.randperm(len(xtr), generator=g).split(batch):
            optimizer.zero_grad()
            criterion(model(xtr[idx]), ytr[idx]).backward()
            optimizer.step()
        seconds.append(time.perf_counter() - t0)
        with torch.no_grad():
            out = model(xte)
            acc = (out.argmax(1) == yte).float().mean().item()
            loss = criterion(out, yte).item()
        print(f"  MNIST epoch {epoch + 1}: test accuracy {100 * acc:.2f}%  test loss {loss:.4f}  {seconds[-1]:.2f} s")
    return acc, loss, sum(seconds[1:]) / (len(seconds) - 1) if len(seconds) > 1 else seconds[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--epochs", type=int, default=1000)
    ap.add_argument("--lr", type=float, default=2.0)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--argmax-epochs", type=int, default=300)
    ap.add_argument("--argmax-lr", type=float, default=0.1)
    ap.add_argument("--mnist-epochs", type=int, default=5)
    ap.add_argument("--mnist-batch", type=int, default=64)
    ap.add_argument("--mnist-lr", type=float, default=0.1)
    ap.add_argument("--no-mnist", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    out = {"impl": "pytorch", "threads": a.threads, "seed": a.seed}

    x, y = noisy_binary(a.seed)
    exact = newton(x, y)
    t0 = time.perf_counter()
    w, b, bce, acc, per_epoch = logistic(x, y, a.epochs, a.lr, a.batch)
    secs = time.perf_counter() - t0
    print(f"SGD       w {w:.4f}  b {b:.4f}  boundary x = {-b / w:.4f}  BCE {bce:.5f}  accuracy {100 * acc:.1f}%  "
          f"({a.epochs} epochs, {secs:.2f} s, {per_epoch:.2g} s per epoch after the first)")
    out["sgd"] = {"weight": w, "bias": b, "boundary": -b / w, "bce": bce, "accuracy": acc, "seconds": secs,
                  "seconds_per_epoch": per_epoch}
    if exact is None:
        print("Newton    none: the classes are linearly separable")
    else:
        print(f"Newton    w {exact[0]:.4f}  b {exact[1]:.4f}  boundary x = {-exact[1] / exact[0]:.4f}  BCE {exact[2]:.5f}")
        out["newton"] = {"weight": exact[0], "bias": exact[1], "boundary": -exact[1] / exact[0], "bce": exact[2]}
    t0 = time.perf_counter()
    b01, b12, acc = argmax(a.seed, 300, a.argmax_epochs, a.argmax_lr)
    secs = time.perf_counter() - t0
    print(f"argmax    boundaries x = {b01:.3f} and {b12:.3f}, accuracy {100 * acc:.1f}%  ({secs:.2f} s)")
    out["argmax"] = {"boundary_01": b01, "boundary_12": b12, "accuracy": acc, "seconds": secs}
    if not a.no_mnist:
        root = os.path.join(os.environ.get("ML_DATA_DIR", "/usr/share/datasets"), "mnist")
        acc, loss, per_epoch = mnist(root, a.mnist_epochs, a.mnist_batch, a.mnist_lr, a.seed)
        print(f"MNIST     test accuracy {100 * acc:.2f}%  test loss {loss:.4f}  {per_epoch:.2f} s per epoch after the first")
        out["mnist"] = {"test_accuracy": acc, "test_loss": loss, "seconds_per_epoch": per_epoch}
    print("JSON " + json.dumps(out))


if __name__ == "__main__":
    main()
