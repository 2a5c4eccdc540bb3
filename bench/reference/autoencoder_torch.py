#!/usr/bin/python3
"""The seed's autoencoder in PyTorch: the reference for `ml run autoencoder`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/autoencoder_torch.py \
        [--epochs 10] [--batch 64] [--lr 1e-3] [--seed 1] [--threads 2] [--limit 0] [--no-knn]

The same recipe in the Java platform (all defaults there):

    ML_DATA_DIR=/work/shared/datasets ./ml run autoencoder

(the frameworks' random streams differ, so --seed gives neither side the other's initial weights or
batch order; `./ml run autoencoder -P workers=1` under OMP_NUM_THREADS=1 uses one core.)

Recipe (the seed's network, seed 000 "Autoencoder"; the seed gives no optimiser, batch or epochs):
  data      $ML_DATA_DIR/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz read with gzip + numpy (no
            torchvision, no download); pixels scaled to [0, 1] (ToTensor), shape [N, 1, 28, 28]
  network   encode: Conv2d(1, 4, 2, stride 2), ReLU, Conv2d(4, 8, 2, stride 2), ReLU, Flatten, Linear(392, 32);
            decode: Linear(32, 392), ReLU, Linear(392, 784), reshape to [-1, 1, 28, 28]; PyTorch's default init
  loss      MSELoss (mean over all pixels of the batch) between the reconstruction and the input
  optimiser Adam(lr 1e-3), batch 64 (last partial batch kept), reshuffled every epoch, 10 epochs
  measured  per epoch: the training loss (mean over the epoch's batches), the test MSE per pixel after the
            epoch, seconds of the training pass (wall clock and this process's CPU time); at the end the
            leave-one-out kNN accuracy (k = 1, 5; Euclidean, ties between labels to the nearer one) of the
            10,000 test digits' 32-d codes, as `ml run autoencoder` measures it on its own codes

BLAS: Debian's python3-torch does its matrix products through the system's libblas.so.3 (the reference
BLAS on this machine unless libopenblas0-pthread is installed); the convolutions use PyTorch's own
kernels. The script prints which BLAS it loaded ("blas" in the JSON line); point LD_LIBRARY_PATH at an
OpenBLAS openblas-pthread directory for a fair comparison (see compare-autoencoder.sh).

Prints one line per epoch and a final line "JSON {...}".
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
import torch.nn as nn  # noqa: E402


def blas_loaded():
    """The BLAS libraries mapped into this process (after a matrix product has run)."""
    with open("/proc/self/maps") as f:
        return sorted({line.split()[-1] for line in f if "blas" in line.split()[-1].lower()})


def read_idx(path, magic, dims):
    """Read a gzip'ed IDX file; check the magic number and size; return a uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    got = int.from_bytes(data[0:4], "big")
    if got != magic:
        sys.exit(f"{path}: magic number {got:#x}, expected {magic:#x}")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if arr.size != int(np.prod(shape)):
        sys.exit(f"{path}: {arr.size} bytes of data, expected {int(np.prod(shape))} for shape {shape}")
    return arr.reshape(shape)


def load(root, prefix):
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"), 0x00000803, 3)
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"), 0x00000801, 1)
    return torch.from_numpy(x.astype(np.float32) / 255.0).unsqueeze(1).contiguous(), torch.from_numpy(y.astype(np.int64))


def setup_and_load(threads, seed):
    """Sets torch's threads and seed, loads the BLAS; returns (blas, (x_train, y_train), (x_test, y_test)) of MNIST in $ML_DATA_DIR."""
    data_dir = os.environ.get("ML_DATA_DIR")
    if not data_dir:
        sys.exit("ML_DATA_DIR is not set; expected a directory containing mnist/*.gz")
    root = os.path.join(data_dir, "mnist")
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    torch.ones(8, 8) @ torch.ones(8, 8)
    return blas_loaded(), load(root, "train"), load(root, "t10k")


class Autoencoder(nn.Module):
    """The seed's network, with its module names (encode.0.weight, ..., decode.2.bias)."""

    def __init__(self):
        super().__init__()
        self.encode = nn.Sequential(nn.Conv2d(1, 4, 2, stride=2), nn.ReLU(), nn.Conv2d(4, 8, 2, stride=2), nn.ReLU(),
                                    nn.Flatten(), nn.Linear(392, 32))
        self.decode = nn.Sequential(nn.Linear(32, 392), nn.ReLU(), nn.Linear(392, 784))

    def forward(self, x):
        return self.decode(self.encode(x)).reshape(-1, 1, 28, 28)


def test_mse(model, x, batch=2000):
    with torch.no_grad():
        sse = sum(float(((model(x[i:i + batch]) - x[i:i + batch]) ** 2).double().sum()) for i in range(0, len(x), batch))
    return sse / x.numel()


def knn_accuracy(z, labels, ks=(1, 5), chunk=1000):
    """Leave-one-out kNN accuracy of the rows of z (ties between labels go to the label met first in distance order)."""
    z = z.double()
    kmax = max(ks)
    correct = {k: 0 for k in ks}
    for i in range(0, len(z), chunk):
        d = torch.cdist(z[i:i + chunk], z)
        d[torch.arange(len(d)), torch.arange(i, i + len(d))] = float("inf")
        nb = torch.topk(d, kmax, largest=False, sorted=True).indices
        for r, row in enumerate(nb.tolist()):
            for k in ks:
                votes = {}
                for j in row[:k]:
                    votes[int(labels[j])] = votes.get(int(labels[j]), 0) + 1
                best = max(votes.values())
                winner = next(int(labels[j]) for j in row[:k] if votes[int(labels[j])] == best)
                correct[k] += winner == int(labels[i + r])
    return {f"k{k}": correct[k] / len(z) for k in ks}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (0 = all)")
    p.add_argument("--no-knn", action="store_true", help="skip the kNN accuracy of the codes (speed comparisons)")
    a = p.parse_args()
    blas, (x_train, _), (x_test, y_test) = setup_and_load(a.threads, a.seed)
    if a.limit:
        x_train = x_train[:a.limit]
    mean_mse = float(((x_test - x_train.mean(0)) ** 2).double().mean())
    model = Autoencoder()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.MSELoss()
    g = torch.Generator().manual_seed(a.seed)
    epochs = []
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(len(x_train), generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        loss_sum, n = 0.0, 0
        for i in range(0, len(order), a.batch):
            x = x_train[order[i:i + a.batch]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), x)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(x)
            n += len(x)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        mse = test_mse(model, x_test)
        epochs.append({"epoch": epoch, "train_loss": loss_sum / n, "test_mse": mse, "seconds": secs, "cpu_seconds": cpu})
        print(f"epoch {epoch:2d}  train loss {loss_sum / n:.5f}  test MSE {mse:.5f}  {secs:.2f} s ({cpu:.2f} CPU-s, "
              f"{n / secs:.0f} samples/s)", flush=True)
    knn = None
    if not a.no_knn:
        with torch.no_grad():
            codes = model.encode(x_test)
        t0 = time.perf_counter()
        knn = knn_accuracy(codes, y_test)
        print(f"kNN accuracy of the test codes (leave-one-out): {knn} ({time.perf_counter() - t0:.1f} s)")
    result = {"impl": "torch", "torch": torch.__version__, "threads": a.threads, "blas": blas, "epochs": a.epochs,
              "batch": a.batch, "lr": a.lr, "seed": a.seed, "test_mse": epochs[-1]["test_mse"],
              "test_mse_predicting_the_mean_image": mean_mse,
              "seconds_per_epoch": sum(e["seconds"] for e in epochs) / len(epochs),
              "best_seconds_per_epoch": min(e["seconds"] for e in epochs),
              "cpu_seconds_per_epoch": min(e["cpu_seconds"] for e in epochs),
              "loadavg_1min": float(open("/proc/loadavg").read().split()[0]),
              "codes_knn_accuracy": knn, "per_epoch": epochs}
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
