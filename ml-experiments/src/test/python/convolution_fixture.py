"""PyTorch reference for ConvolutionNetTest: pytorch/examples' MNIST Net, forward, NLL loss and
gradients on four images, in float64, with weights both sides compute from the same formula.

Regenerate from the repository root with PyTorch 1.13 CPU (Debian: apt-get install python3-torch):

    /usr/bin/python3 ml-experiments/src/test/python/convolution_fixture.py

It rewrites, deterministically, ml-experiments/src/test/resources/convolution/ (float64 .npy files,
read with Nd4j.createFromNpyFile):

    x.npy                 [4, 1, 28, 28]  input (standard normal, seeded)
    y.npy                 [4]             class labels
    logp.npy              [4, 10]         the network's output, log-probabilities (eval mode: no dropout)
    loss.npy              [1]             F.nll_loss(logp, y), mean over the batch
    grad_<name>.npy                       d loss / d parameter in PyTorch's layout for conv1.weight,
                                          conv1.bias, conv2.weight, conv2.bias, fc1.bias, fc2.weight, fc2.bias
    grad_fc1.weight_every_97.npy          fc1.weight's gradient [128, 9216] flattened, every 97th value
                                          (the whole gradient would be 9 MB)

Weights: parameter number j (conv1.weight, conv1.bias, conv2.weight, ..., fc2.bias) in PyTorch's
layout, flattened in C order, element k: bound * sin(1.7 k + j), bound = 4/sqrt(fan_in) (four times PyTorch's
default init range, so that the outputs are far from uniform). ConvolutionNetTest builds the same values, converts them to the platform's
layouts with ConvolutionNet.fromTorch and compares in double precision.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "convolution")
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "bench", "reference"))
from convolution_torch import Net  # noqa: E402  (the reference script's network)

ORDER = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
SCALE = 4.0  # four times PyTorch's init range, so the log-probabilities are far from uniform
FAN_IN = {"conv1": 9, "conv2": 32 * 9, "fc1": 9216, "fc2": 128}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    net = Net()
    state = net.state_dict()
    with torch.no_grad():
        for j, name in enumerate(ORDER):
            p = state[name]
            k = torch.arange(p.numel(), dtype=torch.float64)
            bound = SCALE / math.sqrt(FAN_IN[name.split(".")[0]])
            p.copy_((bound * torch.sin(1.7 * k + j)).reshape(p.shape))
    net.eval()
    g = torch.Generator().manual_seed(2024)
    x = torch.randn(4, 1, 28, 28, generator=g)
    y = torch.tensor([3, 7, 0, 9])
    logp = net(x)
    loss = F.nll_loss(logp, y)
    loss.backward()
    np.save(os.path.join(OUT, "x.npy"), x.numpy())
    np.save(os.path.join(OUT, "y.npy"), y.double().numpy())
    np.save(os.path.join(OUT, "logp.npy"), logp.detach().numpy())
    np.save(os.path.join(OUT, "loss.npy"), loss.detach().reshape(1).numpy())
    params = dict(net.named_parameters())
    for name in ORDER:
        grad = params[name].grad.numpy()
        if name == "fc1.weight":
            np.save(os.path.join(OUT, "grad_fc1.weight_every_97.npy"), grad.reshape(-1)[::97].copy())
        else:
            np.save(os.path.join(OUT, f"grad_{name}.npy"), grad)
    print("loss", loss.item(), "predicted", logp.argmax(1).tolist(), "log-probabilities", logp.min().item(), logp.max().item())


if __name__ == "__main__":
    main()
