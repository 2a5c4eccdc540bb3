#!/usr/bin/python3
"""pytorch/examples mnist/main.py ("Convolution Example" of seed 000) on full MNIST: the reference
for `ml run convolution`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/convolution_torch.py \
        [--epochs 14] [--batch-size 64] [--test-batch-size 1000] [--lr 1.0] [--gamma 0.7] \
        [--seed 1] [--threads 2] [--limit 0]

The same recipe in the Java platform (every value above is a default on both sides):

    ML_DATA_DIR=/work/shared/datasets ./ml run convolution

Differences from pytorch/examples, none of which changes the recipe: MNIST is read from the IDX
files in $ML_DATA_DIR/mnist with gzip + numpy (no torchvision, no download) and standardised with
(0.1307, 0.3081) as torchvision's Normalize does; the epoch loop prints one "JSON {...}" line per
epoch (train loss, test loss and accuracy, seconds, samples/s, load average) for the comparison
script bench/reference/compare-convolution.sh; --threads sets torch.set_num_threads (2 = both
cores here); --limit N trains on the first N images only (0 = all). The frameworks' random streams
differ, so --seed gives neither side the other's initial weights, dropout masks or batch order.

Network: Conv(1->32, 3x3) ReLU Conv(32->64, 3x3) ReLU MaxPool 2 Dropout 0.25 Flatten
Linear(9216->128) ReLU Dropout 0.5 Linear(128->10) log_softmax; NLL loss (mean);
Adadelta(lr 1.0, rho 0.9, eps 1e-6); StepLR(step_size 1, gamma 0.7); batch 64 shuffled every epoch.

Debian's python3-torch multiplies Linear layers through the system libblas.so.3; where that is the
reference BLAS, put an OpenBLAS libblas.so.3 first on LD_LIBRARY_PATH (see compare-convolution.sh).
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
import torch.nn.functional as F
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR

MEAN, STD = 0.1307, 0.3081


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def read_idx(path, magic, dims):
    """A gzip'ed IDX file as a uint8 array; the magic number and size are checked."""
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


def load(root, prefix, limit=0):
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"), 0x00000803, 3)
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"), 0x00000801, 1)
    if limit > 0:
        x, y = x[:limit], y[:limit]
    x = (torch.from_numpy(x.astype(np.float32) / 255.0) - MEAN) / STD
    return x.unsqueeze(1).contiguous(), torch.from_numpy(y.astype(np.int64))


def train(model, x, y, optimizer, batch_size, gen):
    model.train()
    perm = torch.randperm(len(x), generator=gen)
    loss_sum, n = 0.0, 0
    for i in range(0, len(x), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        output = model(x[idx])
        loss = F.nll_loss(output, y[idx])
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(idx)
        n += len(idx)
    return loss_sum / n, n


def test(model, x, y, batch_size):
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch_size):
            output = model(x[i:i + batch_size])
            test_loss += F.nll_loss(output, y[i:i + batch_size], reduction="sum").item()
            correct += (output.argmax(dim=1) == y[i:i + batch_size]).sum().item()
    return test_loss / len(x), correct / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--test-batch-size", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=14)
    p.add_argument("--lr", type=float, default=1.0)
    p.add_argument("--gamma", type=float, default=0.7, help="learning-rate step factor after every epoch")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="train on the first N images only (0 = all)")
    a = p.parse_args()
    data_dir = os.environ.get("ML_DATA_DIR")
    if not data_dir:
        sys.exit("ML_DATA_DIR is not set; expected a directory containing mnist/*.gz")
    root = os.path.join(data_dir, "mnist")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load(root, "train", a.limit)
    xte, yte = load(root, "t10k")
    model = Net()
    optimizer = optim.Adadelta(model.parameters(), lr=a.lr)
    scheduler = StepLR(optimizer, step_size=1, gamma=a.gamma)
    gen = torch.Generator().manual_seed(a.seed)
    print("hyper-parameters: " + json.dumps(vars(a) | {"normalise": [MEAN, STD], "torch": torch.__version__}), flush=True)
    total = 0.0
    for epoch in range(1, a.epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        t0, c0 = time.perf_counter(), time.process_time()
        train_loss, n = train(model, xtr, ytr, optimizer, a.batch_size, gen)
        train_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
        test_loss, acc = test(model, xte, yte, a.test_batch_size)
        total += time.perf_counter() - t0
        scheduler.step()
        print(f"epoch {epoch:2d} lr {lr:.4g} train loss {train_loss:.4f} test loss {test_loss:.4f} "
              f"accuracy {acc * 100:.2f}% train {train_s:.1f}s ({n / train_s:.0f} samples/s)", flush=True)
        print("JSON " + json.dumps({"impl": "torch", "torch": torch.__version__, "threads": a.threads, "epoch": epoch,
                                    "lr": lr, "train_loss": train_loss, "test_loss": test_loss, "test_accuracy": acc,
                                    "train_seconds": round(train_s, 2), "cpu_seconds": round(cpu_s, 2),
                                    "samples_per_s": round(n / train_s, 1), "total_seconds": round(total, 2),
                                    "loadavg_1min": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
