#!/usr/bin/python3
"""The seed's staged network in PyTorch: the reference for `ml run staged`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/staged_torch.py \
        [--stages 10] [--epochs-per-stage 1] [--batch 64] [--lr 1e-3] [--dropout 0.5] [--seed 42] [--threads 2] [--no-control]

The same recipe in the Java platform (all defaults there; two workers of one OpenMP thread each,
as --threads 2 here):

    ML_DATA_DIR=/work/shared/datasets ./ml run staged

and a short one: `./ml run staged -P stages=3 -P control=false` (here --stages 3 --no-control).

Recipe (the seed's _08_staged_networks.py module tree; the training around it is the Java defaults'):
  data      $ML_DATA_DIR/mnist/{train,t10k}-*-idx*-ubyte.gz read with gzip + numpy; pixels scaled to [0, 1]
  network   Flatten -> branches side by side, outputs concatenated -> head. Branch i = RandomSample(784 -> 16)
            (a fixed random subset, randperm(784)[:16]) then L_i x Residual(Linear(16,16) -> LayerNorm(16) ->
            ReLU -> Dropout(0.5)), L_i = 1 for the first ten branches (2, 4, 8, 16 for five more each).
            Stage s (0-based): branches 0..s concatenated, (s+1)*16 features, read by a new head
            Linear((s+1)*16, 10) with fresh initial values (the seed's ExpansionReplace); branches 0..s-1 and
            the earlier heads frozen (requires_grad False, not in the optimiser). As in the Java graph, the
            whole network is in train mode while a stage trains, so the frozen branches' dropout stays on.
  training  per stage: a new Adam(lr 1e-3) over branch s and head s, batch 64, reshuffled every epoch,
            1 epoch, CrossEntropyLoss (mean)
  control   the final network from fresh initial values, every branch and the last head trained jointly for
            stages x epochs-per-stage epochs
  measured  test accuracy after each stage and of the control; whether every frozen parameter is bit-identical
            (torch.equal) after the later stages trained; seconds per epoch

Prints one line per stage and a final line "JSON {...}".
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

LAYERS = [1] * 10 + [2] * 5 + [4] * 5 + [8] * 5 + [16] * 5


class RandomSample(nn.Module):
    def __init__(self, n, k, generator):
        super().__init__()
        self.register_buffer("indices", torch.randperm(n, generator=generator)[:k])

    def forward(self, x):
        return x[:, self.indices]


class Residual(nn.Module):
    def __init__(self, network):
        super().__init__()
        self.network = network

    def forward(self, x):
        return x + self.network(x)


def branch(layers, k, dropout, generator):
    return nn.Sequential(RandomSample(784, k, generator), *[Residual(nn.Sequential(
        nn.Linear(k, k), nn.LayerNorm(k), nn.ReLU(), nn.Dropout(dropout))) for _ in range(layers)])


class Staged(nn.Module):
    """Flatten -> branches 0..stage concatenated -> head `stage`."""

    def __init__(self, stages, k, dropout, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.branches = nn.ModuleList([branch(LAYERS[i], k, dropout, g) for i in range(stages)])
        self.heads = nn.ModuleList([nn.Linear((i + 1) * k, 10) for i in range(stages)])
        self.stage = 0

    def forward(self, x):
        x = x.flatten(1)
        return self.heads[self.stage](torch.cat([b(x) for b in self.branches[:self.stage + 1]], dim=-1))


def train(model, params, epochs, data, batch, lr, g):
    x_train, y_train = data
    opt = torch.optim.Adam(params, lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    seconds = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=g)
        t0 = time.perf_counter()
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            opt.zero_grad()
            loss_fn(model(x_train[idx]), y_train[idx]).backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
    return seconds


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--stages", type=int, default=10)
    p.add_argument("--epochs-per-stage", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--subset", type=int, default=16)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="first N training images only (0 = all; for a smoke test)")
    p.add_argument("--no-control", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    root = os.path.join(os.environ.get("ML_DATA_DIR", "/usr/share/datasets"), "mnist")
    train_data, (x_test, y_test) = load(root, "train"), load(root, "t10k")
    if a.limit:
        train_data = (train_data[0][:a.limit], train_data[1][:a.limit])
    torch.manual_seed(a.seed)
    model = Staged(a.stages, a.subset, a.dropout, a.seed)
    g = torch.Generator().manual_seed(a.seed)
    stages, frozen, seconds = [], {}, []
    for s in range(a.stages):
        model.stage = s
        trainable = list(model.branches[s].parameters()) + list(model.heads[s].parameters())
        for q in model.parameters():
            q.requires_grad_(False)
        for q in trainable:
            q.requires_grad_(True)
        sec = train(model, trainable, a.epochs_per_stage, train_data, a.batch, a.lr, g)
        seconds += sec
        acc = accuracy(model, x_test, y_test)
        stages.append({"stage": s + 1, "test_accuracy": acc, "seconds": sum(sec)})
        for name, q in list(model.branches[s].named_parameters()) + list(model.heads[s].named_parameters()):
            frozen[f"{s}.{name}"] = q.detach().clone()
        print(f"stage {s + 1:2d}: test accuracy {100 * acc:.2f}%  {sum(sec):.1f} s", flush=True)
    now = {f"{s}.{n}": q for s in range(a.stages) for n, q in
           list(model.branches[s].named_parameters()) + list(model.heads[s].named_parameters())}
    checked = [k for k in frozen if not k.startswith(f"{a.stages - 1}.")]
    identical = sum(torch.equal(frozen[k], now[k]) for k in checked)
    print(f"frozen parameters bit-identical after the later stages: {identical} of {len(checked)}", flush=True)
    result = {"impl": "pytorch", "torch": torch.__version__, "threads": a.threads, "stages": stages,
              "test_accuracy": stages[-1]["test_accuracy"], "frozen_bit_identical": identical, "frozen_checked": len(checked),
              "seconds_per_epoch": sum(seconds) / len(seconds)}
    if not a.no_control:
        torch.manual_seed(a.seed + 1)
        control = Staged(a.stages, a.subset, a.dropout, a.seed)
        control.stage = a.stages - 1
        params = list(control.branches.parameters()) + list(control.heads[a.stages - 1].parameters())
        for q in control.heads[:a.stages - 1].parameters():
            q.requires_grad_(False)
        sec = train(control, params, a.stages * a.epochs_per_stage, train_data, a.batch, a.lr, g)
        result["control_test_accuracy"] = accuracy(control, x_test, y_test)
        result["control_seconds_per_epoch"] = sum(sec) / len(sec)
        print(f"control (jointly, {a.stages * a.epochs_per_stage} epochs): test accuracy "
              f"{100 * result['control_test_accuracy']:.2f}%  {sum(sec):.1f} s", flush=True)
    result["loadavg_1min"] = float(open("/proc/loadavg").read().split()[0])
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
