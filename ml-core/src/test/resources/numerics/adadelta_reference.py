"""PyTorch reference for ScaledAdaDeltaTest: torch.optim.Adadelta with StepLR, a few steps on fixed tensors.

Regenerate from the repository root with PyTorch 1.13 CPU (Debian: apt-get install python3-torch):

    /usr/bin/python3 ml-core/src/test/resources/numerics/adadelta_reference.py

It rewrites, deterministically, in ml-core/src/test/resources/numerics/adadelta/ (float64 .npy files,
read by Nd4j.createFromNpyFile):

    param0.npy     [3, 4]       the parameter before the first step
    grads.npy      [6, 3, 4]    the gradient given at each step
    params.npy     [6, 3, 4]    the parameter after each step
    lrs.npy        [6]          the learning rate in force at each step

Recipe: Adadelta(lr=1.0, rho=0.9, eps=1e-6) (PyTorch's defaults, the convolution experiment's
recipe), StepLR(step_size=1, gamma=0.7) stepped after every second step (an "epoch" of 2 steps).
"""
import os

import numpy as np
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adadelta")
STEPS, STEPS_PER_EPOCH = 6, 2


def main():
    os.makedirs(HERE, exist_ok=True)
    g = torch.Generator().manual_seed(12)
    p = torch.nn.Parameter(torch.randn(3, 4, generator=g, dtype=torch.float64))
    grads = torch.randn(STEPS, 3, 4, generator=g, dtype=torch.float64)
    grads[3] *= 100.0  # one large gradient: the running averages must follow it
    grads[4, 0, 0] = 0.0  # and an exact zero
    opt = torch.optim.Adadelta([p], lr=1.0, rho=0.9, eps=1e-6)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)
    np.save(os.path.join(HERE, "param0.npy"), p.detach().numpy().copy())
    params, lrs = [], []
    for i in range(STEPS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        p.grad = grads[i].clone()
        opt.step()
        params.append(p.detach().numpy().copy())
        if (i + 1) % STEPS_PER_EPOCH == 0:
            sched.step()
    np.save(os.path.join(HERE, "grads.npy"), grads.numpy())
    np.save(os.path.join(HERE, "params.npy"), np.stack(params))
    np.save(os.path.join(HERE, "lrs.npy"), np.array(lrs, dtype=np.float64))
    print("lrs", lrs)


if __name__ == "__main__":
    main()
