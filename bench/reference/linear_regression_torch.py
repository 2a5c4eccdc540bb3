#!/usr/bin/python3
"""The seed's linear regression (004, "Linear Regression") in PyTorch: the reference for the Java
experiment `linear-regression`, the same data point for point.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    /usr/bin/python3 bench/reference/linear_regression_torch.py [--seed 42] [--epochs 4] [--lr 1e-4] \
        [--batch 20] [--module-batch 15] [--m-loss] [--m-epochs 3000] [--m-lr 1] [--threads 1]

The matching Java runs (the same data: both draw np.random.seed(seed), the Java side with a bit-exact
port of NumPy's legacy generator):

    ./ml run linear-regression
    ./ml run linear-regression -P m-loss=true
    ./ml run linear-regression --epochs 2000

Data: the seed's noisyLineData, x = linspace(-100, 100, 100), y = 3x + 2 + np.random.normal(0, 100, 100)
after np.random.seed(seed), in float64 (the seed's x is float32; float64 here and in Java makes the two
sides comparable to rounding).

Four fits, as the seed's three scripts and the exact optimum:
  least squares   numpy.linalg.lstsq of [1, x]
  full-batch GD   w, b tensors with requires_grad, w -= lr * w.grad after loss.backward(), one step per epoch
  mini-batch SGD  the same update per DataLoader batch (batch 20, data order, no shuffling)
  Module + SGD    nn.Linear(1, 1) with weight and bias set to 0, nn.MSELoss, optim.SGD(lr), DataLoader batch 15
all starting from w = b = 0 with one learning rate 1e-4, 4 epochs.

--m-loss: the seed's loss(m) = mean |y - yhat|^m on the data with the targets of the 5 largest x moved by
-1500, for m = 1, 2, 4: nn.Linear(1, 1) from zeros, full batch, Adam(m_lr) halved every m_epochs/10
epochs (StepLR), m_epochs epochs (Java: Trainer + Adam with the same step schedule).

Prints the parameters and MSE after each epoch per method, the seconds each method took (first call
included, as on the Java side) and its mean seconds per epoch after the first (the Java side's first
epoch records the graph), and a final line "JSON {...}".
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def data(seed, n=100, slope=3.0, intercept=2.0, noise=100.0):
    np.random.seed(seed)
    x = np.linspace(-100, 100, n)
    y = slope * x + intercept + np.random.normal(0, noise, n)
    return x, y


def mse(w, b, x, y):
    return float(np.mean((y - (w * x + b)) ** 2))


def full_batch(x, y, epochs, lr):
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    params = [(0, 0.0, 0.0)]
    times = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        loss = torch.mean((w * xt + b - yt) ** 2)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        times.append(time.perf_counter() - t0)
        params.append((epoch + 1, w.item(), b.item()))
    return params, times


def mini_batch(x, y, epochs, lr, batch):
    loader = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=batch)
    w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    params = [(0, 0.0, 0.0)]
    times = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        for xb, yb in loader:
            loss = torch.mean((w * xb + b - yb) ** 2)
            loss.backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
        times.append(time.perf_counter() - t0)
        params.append((epoch + 1, w.item(), b.item()))
    return params, times


def module_sgd(x, y, epochs, lr, batch):
    loader = DataLoader(TensorDataset(torch.from_numpy(x).view(-1, 1), torch.from_numpy(y).view(-1, 1)), batch_size=batch)
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    params = [(0, 0.0, 0.0)]
    times = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - t0)
        params.append((epoch + 1, model.weight.item(), model.bias.item()))
    return params, times


def m_loss(x, y, m, epochs, lr):
    xt, yt = torch.from_numpy(x).view(-1, 1), torch.from_numpy(y).view(-1, 1)
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.StepLR(optimizer, step_size=max(1, epochs // 10), gamma=0.5)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = torch.mean(torch.abs(yt - model(xt)) ** m)
        loss.backward()
        optimizer.step()
        schedule.step()
    with torch.no_grad():
        final = torch.mean(torch.abs(yt - model(xt)) ** m).item()
    return model.weight.item(), model.bias.item(), final


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--module-batch", type=int, default=15)
    ap.add_argument("--m-loss", action="store_true")
    ap.add_argument("--m-epochs", type=int, default=3000)
    ap.add_argument("--m-lr", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    x, y = data(a.seed)
    design = np.stack([np.ones_like(x), x], axis=1)
    (b_ls, w_ls), *_ = np.linalg.lstsq(design, y, rcond=None)
    out = {"least_squares": {"slope": w_ls, "intercept": b_ls, "mse": mse(w_ls, b_ls, x, y)}}
    print(f"least squares   w {w_ls:.6f}  b {b_ls:.6f}  MSE {mse(w_ls, b_ls, x, y):.4f}")
    runs = {
        "full_batch_gd": lambda: full_batch(x, y, a.epochs, a.lr),
        "mini_batch_sgd": lambda: mini_batch(x, y, a.epochs, a.lr, a.batch),
        "module_sgd": lambda: module_sgd(x, y, a.epochs, a.lr, a.module_batch),
    }
    for name, fn in runs.items():
        (params, times), secs = timed(fn)
        per_epoch = sum(times[1:]) / (len(times) - 1) if len(times) > 1 else times[0]
        e, w, b = params[-1]
        print(f"{name:15s} w {w:.6f}  b {b:.6f}  MSE {mse(w, b, x, y):.4f}  ({a.epochs} epochs, {secs:.4f} s, "
              f"{per_epoch:.2g} s per epoch after the first)")
        if a.epochs <= 10:
            for e, w_e, b_e in params:
                print(f"    epoch {e}: w {w_e:.6f}  b {b_e:.6f}  MSE {mse(w_e, b_e, x, y):.4f}")
        out[name] = {"slope": w, "intercept": b, "mse": mse(w, b, x, y), "seconds": secs, "seconds_per_epoch": per_epoch}
    if a.m_loss:
        y_out = y.copy()
        y_out[-5:] -= 1500
        for m in (1, 2, 4):
            (w, b, loss), secs = timed(m_loss, x, y_out, m, a.m_epochs, a.m_lr)
            print(f"m = {m}: w {w:.6f}  b {b:.6f}  loss {loss:.6g}  ({a.m_epochs} Adam epochs, {secs:.3f} s)")
            out[f"m{m}"] = {"slope": w, "intercept": b, "mean_loss": loss, "seconds": secs}
    print("JSON " + json.dumps({"impl": "pytorch", "threads": a.threads, "seed": a.seed, "epochs": a.epochs, **out}))


if __name__ == "__main__":
    main()
