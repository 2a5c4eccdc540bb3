#!/usr/bin/python3
"""Bigram models of names in PyTorch, as makemore's bigram lecture (which the seed's
softMax_linLayer_makemore notes retrace): the reference for the Java experiment `bigram`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/bigram_torch.py \
        [--epochs 300] [--lr 50] [--l2 0.01] [--smoothing 1] [--grouped] [--samples 20] [--seed 2147483647] \
        [--threads 1]

The matching Java runs (same data, same recipe; the initial weights come from each side's own
generator, so the first epochs differ and the converged figures agree):

    ML_DATA_DIR=/work/shared/datasets ./ml run bigram
    ML_DATA_DIR=/work/shared/datasets ./ml run bigram -P batch=grouped

Data: $ML_DATA_DIR/names/names.txt (32,033 names), '.' = 0 starts and ends every name, a..z = 1..26:
228,146 (previous, next) pairs.

Count model: N[prev][next] + smoothing, rows normalised; its mean negative log-likelihood over all pairs
(2.4546 nats with add-one on both sides).

Linear layer: W = torch.randn(27, 27, generator=g) (makemore's init, no bias), logits = one_hot(prev) @ W,
loss = cross-entropy of the next character + l2 * mean(W^2), full batch, W -= lr * grad, `epochs` steps.
--grouped: the 27 distinct one-hot rows with their count rows as weights (the Java side's -P batch=grouped):
the same loss and gradient computed from the 27 x 27 count matrix.

Prints the NLL of both models, seconds per epoch (mean after the first), twenty names sampled from each
(torch.multinomial with one seeded generator per model), and a final line "JSON {...}".
"""
import argparse
import json
import os
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--lr", type=float, default=50.0)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--smoothing", type=float, default=1.0)
    ap.add_argument("--grouped", action="store_true")
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2147483647)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    path = os.path.join(os.environ.get("ML_DATA_DIR", "/usr/share/datasets"), "names", "names.txt")
    words = open(path).read().splitlines()
    chars = sorted(set("".join(words)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    stoi["."] = 0
    itos = {i: c for c, i in stoi.items()}
    xs, ys = [], []
    for w in words:
        cs = ["."] + list(w) + ["."]
        for c1, c2 in zip(cs, cs[1:]):
            xs.append(stoi[c1])
            ys.append(stoi[c2])
    xs, ys = torch.tensor(xs), torch.tensor(ys)
    n = xs.numel()
    counts = torch.zeros((27, 27), dtype=torch.float64)
    counts.index_put_((xs, ys), torch.ones(n, dtype=torch.float64), accumulate=True)
    p_counts = (counts + a.smoothing) / (counts + a.smoothing).sum(1, keepdim=True)
    count_nll = -p_counts[xs, ys].log().mean().item()
    print(f"{len(words)} names, {n} pairs; count model (add-{a.smoothing:g}) mean NLL {count_nll:.4f}")

    g = torch.Generator().manual_seed(a.seed)
    W = torch.randn((27, 27), generator=g, requires_grad=True)
    if a.grouped:
        xenc = torch.eye(27)
        weights = (counts / n).float()                       # sum over all entries = 1
    else:
        xenc = F.one_hot(xs, num_classes=27).float()
    times, history = [], []
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        logits = xenc @ W
        if a.grouped:
            nll = -(weights * F.log_softmax(logits, dim=1)).sum()
        else:
            nll = F.cross_entropy(logits, ys)
        loss = nll + a.l2 * (W ** 2).mean()
        W.grad = None
        loss.backward()
        with torch.no_grad():
            W -= a.lr * W.grad
        times.append(time.perf_counter() - t0)
        history.append(nll.item())
    with torch.no_grad():
        logp = F.log_softmax(W.double(), dim=1)
        nll = -logp[xs, ys].mean().item()
        penalised = nll + a.l2 * (W.double() ** 2).mean().item()
    per_epoch = sum(times[1:]) / max(1, len(times) - 1)
    first = next((e + 1 for e, v in enumerate(history) if v <= 2.47), -1)
    print(f"Linear(27, 27) softmax mean NLL {nll:.4f} (with the penalty {penalised:.4f}) after {a.epochs} epochs "
          f"({'grouped' if a.grouped else 'pairs'}), first <= 2.47 at epoch {first}; {per_epoch:.4g} s per epoch after the first")

    def sample(p, gen):
        out = []
        for _ in range(a.samples):
            ix, name = 0, ""
            while True:
                ix = torch.multinomial(p[ix], num_samples=1, replacement=True, generator=gen).item()
                if ix == 0 or len(name) >= 50:
                    break
                name += itos[ix]
            out.append(name)
        return out
    known = set(words)
    from_counts = sample(p_counts.float(), torch.Generator().manual_seed(a.seed))
    from_linear = sample(logp.exp().float(), torch.Generator().manual_seed(a.seed))
    for s1, s2 in zip(from_counts, from_linear):
        print(f"    {s1:16s} {s2}")
    print(f"  {sum(s in known for s in from_counts)} and {sum(s in known for s in from_linear)} are real names; "
          f"{sum(s1 == s2 for s1, s2 in zip(from_counts, from_linear))} identical")
    print("JSON " + json.dumps({"impl": "pytorch", "threads": a.threads, "count_nll": count_nll, "linear_nll": nll,
                               "penalised_loss": penalised, "epochs": a.epochs, "grouped": a.grouped,
                               "seconds_per_epoch": per_epoch, "first_epoch_at_most_2_47": first,
                               "samples_counts": from_counts, "samples_linear": from_linear}))


if __name__ == "__main__":
    main()
