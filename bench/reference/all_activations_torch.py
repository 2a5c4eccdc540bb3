#!/usr/bin/python3
"""The seed's "all the activations" comparison in PyTorch: the reference for `ml run all-activations`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/all_activations_torch.py \
        [--datasets mnist,fashion-mnist] [--variants all,relu,...] [--seeds 1,2,3] [--hidden 64] [--epochs 2] \
        [--batch 128] [--lr 1e-3] [--threads 2]

The same recipe in the Java platform (all defaults there; two workers of one OpenMP thread each,
as --threads 2 here):

    ML_DATA_DIR=/work/shared/datasets ./ml run all-activations

and a short one: `./ml run all-activations -P datasets=mnist -P variants=all,relu -P seeds=1` (here
--datasets mnist --variants all,relu --seeds 1).

Recipe (the seed's _07_all_the_activations.py block; the training around it is the Java defaults'):
  data      $ML_DATA_DIR/{mnist,fashion-mnist}/{train,t10k}-*-idx*-ubyte.gz read with gzip + numpy; pixels
            scaled to [0, 1] (ToTensor), no normalisation
  network   Flatten -> Linear(784, H) -> block -> Linear(w, 10); block = Parallel of the ten branches,
            outputs concatenated along the last axis (w = 10 H; ml-layers' Parallel concatenates too), or
            one branch alone (w = H). Branches in the seed's order: identity, ReLU, GELU (exact), Sigmoid,
            LeakyReLU(0.01), LogSigmoid, SoftmaxGrouped(4), SoftmaxGrouped(8, permuted), Conv1d(4),
            Conv1d(8, permuted). SoftmaxGrouped: softmax within consecutive groups; with a permutation,
            grouped after permuting the features and the permutation undone afterwards (as ml-layers does;
            the seed leaves it permuted, which differs only by a fixed order of the next layer's inputs).
            Conv1d(k): nn.Conv1d(1, k, kernel_size=k, stride=k) over the features, flattened channel-major,
            then GELU; with a permutation, applied to the permuted features (not undone, as the seed).
            Permutations are drawn from torch.Generator seeded by the run seed (ml-layers draws them
            with its own generator: same kind of permutation, other values). PyTorch's default inits.
  training  Adam(lr 1e-3), batch 128, reshuffled every epoch, 2 epochs, CrossEntropyLoss (mean)
  measured  test accuracy per variant and seed; seconds per epoch (training pass only); parameters; for the
            all block the share of the last layer's weight mass sum |W| on the rows fed by each branch

Prints one line per training and a final line "JSON {...}".
"""
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import argparse  # noqa: E402 (the thread settings must come before numpy and torch load their BLAS)
import gzip  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

VARIANTS = ["all", "identity", "relu", "gelu", "sigmoid", "leaky-relu", "log-sigmoid", "softmax-grouped-4",
            "softmax-grouped-8", "conv1d-4", "conv1d-8"]
FOLDERS = {"mnist": "mnist", "fashion-mnist": "fashion-mnist"}


def read_idx(path, magic, dims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got = int.from_bytes(data[0:4], "big")
    if got != magic:
        sys.exit(f"{path}: magic number {got:#x}, expected {magic:#x}")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(root, prefix):
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"), 0x803, 3)
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"), 0x801, 1)
    return torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1), torch.from_numpy(y.astype(np.int64))


class Parallel(nn.Module):
    def __init__(self, branches):
        super().__init__()
        self.networks = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([n(x) for n in self.networks], dim=-1)


class SoftmaxGrouped(nn.Module):
    def __init__(self, group_size, permute_size=None, generator=None):
        super().__init__()
        self.g = group_size
        perm = torch.randperm(permute_size, generator=generator) if permute_size else None
        self.register_buffer("perm", perm)
        self.register_buffer("inverse", torch.argsort(perm) if perm is not None else None)

    def forward(self, x):
        u = x[:, self.perm] if self.perm is not None else x
        y = torch.softmax(u.reshape(len(u), -1, self.g), dim=-1).reshape(u.shape)
        return y[:, self.inverse] if self.perm is not None else y


class Conv1d(nn.Module):
    def __init__(self, k, permute_size=None, generator=None):
        super().__init__()
        self.conv = nn.Conv1d(1, k, kernel_size=k, stride=k)
        self.register_buffer("perm", torch.randperm(permute_size, generator=generator) if permute_size else None)

    def forward(self, x):
        u = x[:, self.perm] if self.perm is not None else x
        return nn.functional.gelu(self.conv(u.unsqueeze(1)).flatten(1))


def branches(h, seed):
    g = torch.Generator().manual_seed(seed)
    return [nn.Identity(), nn.ReLU(), nn.GELU(), nn.Sigmoid(), nn.LeakyReLU(0.01), nn.LogSigmoid(), SoftmaxGrouped(4),
            SoftmaxGrouped(8, h, g), Conv1d(4), Conv1d(8, h, g)]


def network(variant, h, seed):
    bs = branches(h, seed)
    block = Parallel(bs) if variant == "all" else bs[VARIANTS.index(variant) - 1]
    width = 10 * h if variant == "all" else h
    return nn.Sequential(nn.Flatten(), nn.Linear(784, h), block, nn.Linear(width, 10))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--datasets", default="mnist,fashion-mnist")
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="first N training images only (0 = all; for a smoke test)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    base = os.environ.get("ML_DATA_DIR", "/usr/share/datasets")
    results = []
    for ds in a.datasets.split(","):
        root = os.path.join(base, FOLDERS[ds])
        x_train, y_train = load(root, "train")
        if a.limit:
            x_train, y_train = x_train[:a.limit], y_train[:a.limit]
        x_test, y_test = load(root, "t10k")
        for variant in a.variants.split(","):
            for seed in [int(s) for s in a.seeds.split(",")]:
                torch.manual_seed(seed)
                model = network(variant, a.hidden, seed)
                opt = torch.optim.Adam(model.parameters(), lr=a.lr)
                loss_fn = nn.CrossEntropyLoss()
                g = torch.Generator().manual_seed(seed)
                seconds = []
                for epoch in range(a.epochs):
                    model.train()
                    order = torch.randperm(len(x_train), generator=g)
                    t0 = time.perf_counter()
                    for b in range(0, len(order), a.batch):
                        idx = order[b:b + a.batch]
                        opt.zero_grad()
                        loss_fn(model(x_train[idx]), y_train[idx]).backward()
                        opt.step()
                    seconds.append(time.perf_counter() - t0)
                acc = accuracy(model, x_test, y_test)
                r = {"dataset": ds, "variant": variant, "seed": seed, "test_accuracy": acc,
                     "seconds_per_epoch": sum(seconds) / len(seconds),
                     "parameters": sum(q.numel() for q in model.parameters())}
                if variant == "all":
                    w = model[3].weight.detach().abs()  # [10, 10 H]: columns b*H .. (b+1)*H-1 read branch b
                    r["branch_weight_share"] = [float(w[:, b * a.hidden:(b + 1) * a.hidden].sum() / w.sum()) for b in range(10)]
                results.append(r)
                print(f"{ds:14s} {variant:18s} seed {seed}: test accuracy {100 * acc:.2f}%  "
                      f"{r['seconds_per_epoch']:.2f} s/epoch  {r['parameters']} parameters", flush=True)
    summary = {}
    for ds in a.datasets.split(","):
        for variant in a.variants.split(","):
            rs = [r for r in results if r["dataset"] == ds and r["variant"] == variant]
            accs = np.array([r["test_accuracy"] for r in rs])
            summary[f"{ds}/{variant}"] = {"test_accuracy_mean": float(accs.mean()),
                                          "test_accuracy_sd": float(accs.std(ddof=1)) if len(accs) > 1 else 0.0,
                                          "seconds_per_epoch": float(np.mean([r["seconds_per_epoch"] for r in rs])),
                                          "parameters": rs[0]["parameters"]}
            if variant == "all":
                summary[f"{ds}/{variant}"]["branch_weight_share"] = np.mean([r["branch_weight_share"] for r in rs], axis=0).tolist()
            s = summary[f"{ds}/{variant}"]
            print(f"{ds:14s} {variant:18s} {100 * s['test_accuracy_mean']:.2f} +- {100 * s['test_accuracy_sd']:.2f}%  "
                  f"{s['seconds_per_epoch']:.2f} s/epoch", flush=True)
    print("JSON " + json.dumps({"impl": "pytorch", "torch": torch.__version__, "threads": a.threads, "hidden": a.hidden,
                                "epochs": a.epochs, "batch": a.batch, "lr": a.lr,
                                "loadavg_1min": float(open("/proc/loadavg").read().split()[0]),
                                "summary": summary, "trainings": results}))


if __name__ == "__main__":
    main()
