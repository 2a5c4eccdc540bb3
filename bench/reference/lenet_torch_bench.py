#!/usr/bin/python3
"""PyTorch reference benchmark of the seed LeNet (training and inference samples/s).

Run with Debian's interpreter, which is where python3-torch (PyTorch 1.13, CPU) is installed:

    /usr/bin/python3 bench/reference/lenet_torch_bench.py [--threads 1,2] [--seconds 10] [--batch 64]

The `python3` first on PATH may be a pyenv interpreter without torch; use /usr/bin/python3.

The same measurement in the Java platform (same network, batch 64, float32, synthetic input, plain
SGD lr 0.01; bench/reference/compare-lenet.sh runs both and prints one table):

    OMP_NUM_THREADS=1 ./ml bench lenet -P workers=1 --batch-size 64

Network (the seed LeNet, input 1x28x28):
  Conv2d(1->6, 5x5, pad 2) -> 1.7159*tanh(2x/3) -> AvgPool 2x2/2
  Conv2d(6->16, 5x5)       -> 1.7159*tanh(2x/3) -> AvgPool 2x2/2 -> Flatten
  Linear 400->120 -> scaled tanh -> Linear 120->84 -> scaled tanh -> Linear 84->10
Loss: cross-entropy from logits. Training step = forward + backward + SGD(lr 0.01) step.
Input: fixed synthetic N(0,1) float32 batch and random labels (seed 0), batch 64.
Besides wall-clock samples/s it reports samples per CPU-second of the process (time.process_time),
which is less sensitive to other processes sharing the cores (for 1 thread it approximates the
idle-machine figure; with 2 threads OpenMP spin-waiting inflates CPU time), and the 1-minute
load average, so a noisy measurement can be recognised.

For every thread setting it prints a human-readable line and one machine-readable line
starting with "JSON " (one JSON object per line) for scripts that build a table.
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
import torch.nn as nn


class ScaledTanh(nn.Module):
    """LeCun's scaled tanh: 1.7159 * tanh(2x/3)."""

    def forward(self, x):
        return 1.7159 * torch.tanh(x * (2.0 / 3.0))


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), ScaledTanh(), nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), ScaledTanh(), nn.AvgPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(400, 120), ScaledTanh(),
        nn.Linear(120, 84), ScaledTanh(),
        nn.Linear(84, 10),
    )


def timed(step, warmup_iters, seconds, batch):
    for _ in range(warmup_iters):
        step()
    iters = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    while True:
        step()
        iters += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            break
    cpu = time.process_time() - c0
    return iters, elapsed, iters * batch / elapsed, iters * batch / cpu


def bench(threads, batch, seconds, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = lenet()
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    model.train()
    t_iters, t_sec, t_sps, t_cpu = timed(train_step, warmup, seconds, batch)

    model.eval()

    def infer_step():
        with torch.no_grad():
            model(x)

    i_iters, i_sec, i_sps, i_cpu = timed(infer_step, warmup, seconds, batch)
    return {
        "bench": "lenet", "impl": "pytorch", "torch": torch.__version__,
        "python": platform.python_version(), "threads": threads, "batch": batch,
        "dtype": "float32",
        "train_samples_per_s": round(t_sps, 1), "train_iters": t_iters, "train_seconds": round(t_sec, 3),
        "infer_samples_per_s": round(i_sps, 1), "infer_iters": i_iters, "infer_seconds": round(i_sec, 3),
        "train_samples_per_cpu_s": round(t_cpu, 1), "infer_samples_per_cpu_s": round(i_cpu, 1),
        "loadavg_1min": round(os.getloadavg()[0], 2),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=10.0, help="timed seconds per measurement")
    p.add_argument("--warmup", type=int, default=50, help="warm-up iterations per measurement")
    a = p.parse_args()
    if a.batch <= 0 or a.seconds <= 0:
        sys.exit("--batch and --seconds must be positive")
    for t in [int(s) for s in a.threads.split(",") if s.strip()]:
        r = bench(t, a.batch, a.seconds, a.warmup)
        print(f"pytorch {r['torch']} threads={t} batch={a.batch}: "
              f"train {r['train_samples_per_s']:.0f} samples/s, infer {r['infer_samples_per_s']:.0f} samples/s "
              f"(per CPU-second: train {r['train_samples_per_cpu_s']:.0f}, infer {r['infer_samples_per_cpu_s']:.0f}; "
              f"load {r['loadavg_1min']})",
              flush=True)
        print("JSON " + json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
