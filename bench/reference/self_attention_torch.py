#!/usr/bin/python3
"""The pixel-level self-attention network in PyTorch: the reference for `ml run self-attention`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/self_attention_torch.py \
        [--epochs 5] [--batch 64] [--lr 1e-3] [--image-size 14] [--pool max] [--layers 2] [--seed 1] [--threads 2] [--limit 0]

The same recipe in the Java platform (all defaults there; --layers 0 is its baseline):

    ML_DATA_DIR=/work/shared/datasets ./ml run self-attention

(the frameworks' random streams differ, so --seed gives neither side the other's initial weights or
batch order; `./ml run self-attention -P baseline=false -P epochs=1` times one epoch of the attention network
alone, and `./ml run self-attention -P image-size=28 -P limit=2000 -P epochs=1` is the 784-token variant.)

Recipe (seed 000 "Self-attention"; its printout gives the tokens and blocks, not the head or recipe):
  data      $ML_DATA_DIR/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz read with gzip + numpy (no
            torchvision, no download); pixels scaled to [0, 1] (ToTensor), shape [N, 1, 28, 28]
  network   MaxPool2d(2) (or AvgPool2d(2); none for --image-size 28) -> T = side^2 tokens
            e[t] = x[t] * w + b + p[t] (Linear(1, 8) of the pixel value plus a learned position [T, 8], N(0, 1))
            L x Residual: x + Attention(LayerNorm((T, 8))(x)), Attention = 2-head scaled dot-product
            self-attention, q, k, v = Linear(8, 8, bias=False), per head softmax(q k^T / sqrt(4)) v, heads
            concatenated, Linear(8, 8) out
            Flatten -> Linear(T * 8, 10) logits; PyTorch's default initialisation
  loss      CrossEntropyLoss; Adam(lr 1e-3), batch 64 (last partial batch kept), reshuffled every epoch
  measured  per epoch: training loss (mean over the epoch's batches), test accuracy after the epoch, seconds of
            the training pass (wall clock and this process's CPU time)

BLAS: Debian's python3-torch multiplies through the system's libblas.so.3; point LD_LIBRARY_PATH at an
OpenBLAS openblas-pthread directory for a fair comparison (see compare-self-attention.sh).

Prints one line per epoch and a final line "JSON {...}".
"""
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import argparse  # noqa: E402 (the thread settings must come before numpy and torch load their BLAS)
import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from autoencoder_torch import setup_and_load  # noqa: E402 (the same IDX reader and set-up)


class SelfAttention(nn.Module):
    """Multi-head scaled dot-product self-attention, as ml-layers' SelfAttention: [batch, T, d] -> [batch, T, d]."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(width, width, bias=False)
        self.key = nn.Linear(width, width, bias=False)
        self.value = nn.Linear(width, width, bias=False)
        self.out = nn.Linear(width, width)

    def weights(self, x):
        b, t, d = x.shape
        q = self.query(x).reshape(b, t, self.heads, -1).transpose(1, 2)
        k = self.key(x).reshape(b, t, self.heads, -1).transpose(1, 2)
        return torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // self.heads), dim=-1)  # [b, h, T, T]

    def forward(self, x):
        b, t, d = x.shape
        v = self.value(x).reshape(b, t, self.heads, -1).transpose(1, 2)
        return self.out((self.weights(x) @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    """x + Attention(LayerNorm((T, d))(x))."""

    def __init__(self, tokens, width, heads):
        super().__init__()
        self.norm = nn.LayerNorm((tokens, width))
        self.attention = SelfAttention(width, heads)

    def forward(self, x):
        return x + self.attention(self.norm(x))


class AttentionNet(nn.Module):
    def __init__(self, side=14, pool="max", width=8, heads=2, layers=2):
        super().__init__()
        t = side * side
        self.pool = None if side == 28 else (nn.MaxPool2d(2) if pool == "max" else nn.AvgPool2d(2))
        self.value = nn.Linear(1, width)
        self.position = nn.Parameter(torch.randn(t, width))
        self.blocks = nn.Sequential(*[Block(t, width, heads) for _ in range(layers)])
        self.head = nn.Linear(t * width, 10)

    def forward(self, x):
        if self.pool is not None:
            x = self.pool(x)
        h = self.value(x.flatten(1).unsqueeze(-1)) + self.position  # [b, T, d]
        return self.head(self.blocks(h).flatten(1))


def accuracy(model, x, y, batch=500):
    with torch.no_grad():
        return sum(int((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum()) for i in range(0, len(x), batch)) / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--image-size", type=int, default=14, choices=(14, 28))
    p.add_argument("--pool", default="max", choices=("max", "avg"))
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (0 = all)")
    a = p.parse_args()
    blas, (x_train, y_train), (x_test, y_test) = setup_and_load(a.threads, a.seed)
    if a.limit:
        x_train, y_train = x_train[:a.limit], y_train[:a.limit]
    model = AttentionNet(a.image_size, a.pool, 8, 2, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    g = torch.Generator().manual_seed(a.seed)
    epochs = []
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(len(x_train), generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        loss_sum, n = 0.0, 0
        for i in range(0, len(order), a.batch):
            idx = order[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            n += len(idx)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        acc = accuracy(model, x_test, y_test)
        epochs.append({"epoch": epoch, "train_loss": loss_sum / n, "test_accuracy": acc, "seconds": secs, "cpu_seconds": cpu})
        print(f"epoch {epoch:2d}  train loss {loss_sum / n:.4f}  test accuracy {100 * acc:.2f}%  {secs:.1f} s ({cpu:.1f} CPU-s, "
              f"{n / secs:.0f} samples/s)", flush=True)
    result = {"impl": "torch", "torch": torch.__version__, "threads": a.threads, "blas": blas, "epochs": a.epochs,
              "batch": a.batch, "lr": a.lr, "image_size": a.image_size, "pool": a.pool, "layers": a.layers, "seed": a.seed,
              "limit": a.limit, "parameters": sum(q.numel() for q in model.parameters()),
              "test_accuracy": epochs[-1]["test_accuracy"],
              "seconds_per_epoch": sum(e["seconds"] for e in epochs) / len(epochs),
              "best_seconds_per_epoch": min(e["seconds"] for e in epochs),
              "cpu_seconds_per_epoch": min(e["cpu_seconds"] for e in epochs),
              "loadavg_1min": float(open("/proc/loadavg").read().split()[0]), "per_epoch": epochs}
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
