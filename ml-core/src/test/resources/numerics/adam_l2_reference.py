"""PyTorch reference for AdamWeightDecayTest: torch.optim.Adam with weight_decay (L2 added to the gradient).

Regenerate from the repository root with PyTorch 1.13 CPU (Debian: apt-get install python3-torch):

    /usr/bin/python3 ml-core/src/test/resources/numerics/adam_l2_reference.py

It rewrites, deterministically, in ml-core/src/test/resources/numerics/adam-l2/ (float64 .npy files,
read by Nd4j.createFromNpyFile):

    x.npy          [8, 4]       inputs of the one batch
    y.npy          [8, 3]       one-hot labels
    weight0.npy    [3, 4]       Linear(4, 3).weight before the first step (PyTorch's layout; ND4J's is its transpose)
    bias0.npy      [3]          its bias
    weights.npy    [5, 3, 4]    the weight after each of 5 steps
    biases.npy     [5, 3]       the bias after each step

Recipe: Linear(4, 3), CrossEntropyLoss (mean) on the same batch at every step, Adam(lr=0.05,
betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1): torch's L2 form, g <- g + 0.1 * w for every parameter
(bias too) before the moments, not AdamW's decoupled decay. fashion-mlp trains with this recipe
(weight_decay 0.002, seed 002).
"""
import os

import numpy as np
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adam-l2")
STEPS = 5


def main():
    os.makedirs(HERE, exist_ok=True)
    g = torch.Generator().manual_seed(14)
    x = torch.randn(8, 4, generator=g, dtype=torch.float64) * 2.0
    labels = torch.arange(8) % 3
    lin = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        lin.weight.copy_(torch.randn(3, 4, generator=g, dtype=torch.float64))
        lin.bias.copy_(torch.randn(3, generator=g, dtype=torch.float64))
    np.save(os.path.join(HERE, "x.npy"), x.numpy())
    np.save(os.path.join(HERE, "y.npy"), torch.nn.functional.one_hot(labels, 3).double().numpy())
    np.save(os.path.join(HERE, "weight0.npy"), lin.weight.detach().numpy().copy())
    np.save(os.path.join(HERE, "bias0.npy"), lin.bias.detach().numpy().copy())
    opt = torch.optim.Adam(lin.parameters(), lr=0.05, weight_decay=0.1)
    weights, biases = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(lin(x), labels).backward()
        opt.step()
        weights.append(lin.weight.detach().numpy().copy())
        biases.append(lin.bias.detach().numpy().copy())
    np.save(os.path.join(HERE, "weights.npy"), np.stack(weights))
    np.save(os.path.join(HERE, "biases.npy"), np.stack(biases))
    print("final weight", weights[-1])


if __name__ == "__main__":
    main()
