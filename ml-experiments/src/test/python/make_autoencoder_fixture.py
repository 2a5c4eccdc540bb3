#!/usr/bin/python3
"""Fixture for AutoencoderTest: the seed's autoencoder forward pass, loss and gradients in PyTorch, float64.

The weights are not stored: every parameter of the PyTorch state dict (in its order, p = 0, 1, ...)
is set to w[i] = sin(0.731 i + p + 0.5) / sqrt(fan_in) over its flat C-order index i in PyTorch's
layout ([out, in, kh, kw] for Conv2d, [out, in] for Linear), which the Java test recomputes and
converts to ND4J's layouts (Conv2d permute(2, 3, 1, 0), Linear W.T). The input is the first 4 MNIST
test digits scaled to [0, 1] (the embedded sample has them, byte-identical). Saved with numpy.save,
read by Nd4j.createFromNpyFile:

    output.npy          [4, 1, 28, 28]  the reconstruction
    code.npy            [4, 32]         the encoder's output
    loss.npy            []              MSELoss (mean over all pixels)
    grad_<name>.npy     the gradient of the loss for each parameter except decode.2.weight (PyTorch layout)
    grad_decode.2.weight_rows.npy  [8, 392]  its first 8 rows (the whole is 307,328 values)

Run from the repository root with Debian's PyTorch 1.13:

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 ml-experiments/src/test/python/make_autoencoder_fixture.py \
        ml-experiments/src/test/resources/autoencoder
"""
import gzip
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../bench/reference"))
from autoencoder_torch import Autoencoder  # noqa: E402

FAN_IN = {"encode.0": 1 * 2 * 2, "encode.2": 4 * 2 * 2, "encode.5": 392, "decode.0": 32, "decode.2": 392}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with gzip.open(os.path.join(os.environ["ML_DATA_DIR"], "mnist", "t10k-images-idx3-ubyte.gz"), "rb") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)[:4 * 784]
    x = torch.from_numpy(raw.reshape(4, 1, 28, 28).astype(np.float64) / 255.0)
    model = Autoencoder().double()
    with torch.no_grad():
        for p, (name, param) in enumerate(model.state_dict().items()):
            i = np.arange(param.numel(), dtype=np.float64)
            bound = 1 / math.sqrt(FAN_IN[name.rsplit(".", 1)[0]])
            param.copy_(torch.from_numpy(np.sin(0.731 * i + p + 0.5) * bound).reshape(param.shape))
    y = model(x)
    loss = nn.MSELoss()(y, x)
    loss.backward()
    np.save(os.path.join(out, "output.npy"), y.detach().numpy())
    np.save(os.path.join(out, "code.npy"), model.encode(x).detach().numpy())
    np.save(os.path.join(out, "loss.npy"), loss.detach().numpy())
    for name, param in model.named_parameters():
        g = param.grad.numpy()
        if name == "decode.2.weight":
            np.save(os.path.join(out, "grad_decode.2.weight_rows.npy"), np.ascontiguousarray(g[:8]))
        else:
            np.save(os.path.join(out, f"grad_{name}.npy"), g)
    print(f"loss {loss.item():.10f}, output sum {y.sum().item():.10f}")


if __name__ == "__main__":
    main()
