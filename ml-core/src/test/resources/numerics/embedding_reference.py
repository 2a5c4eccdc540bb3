"""PyTorch reference values for ml-core's Embedding (EmbeddingTest).

Two kinds of case, each in float32 and float64, for a batch of several examples and a batch of one:

- "embedding": nn.Embedding alone. Input "x" (class indices [batch, T], with repeats, so the
  table's gradient sums several upstream rows), the table "weight" [num, dim] (PyTorch's own
  N(0, 1) initialisation, seeded), the output "out" [batch, T, dim] and the gradient of the table
  "grad_weight" for out.backward(upstream) with the fixed pattern "upstream".
- "mlp": the mlp-names network in small: Embedding(27, 4) -> Flatten -> Linear(3*4, 8) -> tanh ->
  Linear(8, 27), cross-entropy (mean) against class targets "target". Gives the "weights" in
  PyTorch's layouts (Linear weights [out, in]; our Linear stores the transpose), the "logits",
  the "loss" and the gradient of every parameter ("grads", same layouts).

The tests never run Python: they read the JSON this script writes. Regenerate from the
repository root with PyTorch 1.13 CPU (Debian: apt-get install python3-torch):

    /usr/bin/python3 ml-core/src/test/resources/numerics/embedding_reference.py

It rewrites, deterministically, ml-core/src/test/resources/numerics/embedding-reference.json.
Format: {"generator", "torch", "cases": [case, ...]}; every case has "id", "kind" ("embedding" or
"mlp"), "dtype" ("float32" or "float64"); float32 values are stored as the doubles they are.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "embedding-reference.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
UPSTREAM_PATTERN = [1.0, -0.5, 0.25, 2.0, -1.5, 0.75, -1.0]


def nested(t):
    """A tensor as nested lists of Python numbers (exact for float32 and float64)."""
    if t.dim() == 0:
        return t.item()
    return [nested(r) for r in t]


def upstream_like(y):
    flat = [UPSTREAM_PATTERN[i % len(UPSTREAM_PATTERN)] for i in range(y.numel())]
    return torch.tensor(flat, dtype=y.dtype).reshape(y.shape)


def embedding_case(dtype, label, x, num, dim, seed):
    torch.manual_seed(seed)
    emb = nn.Embedding(num, dim).to(DTYPES[dtype])
    idx = torch.tensor(x, dtype=torch.long)
    out = emb(idx)
    up = upstream_like(out)
    out.backward(up)
    return {"id": f"embedding/{dtype}/{label}", "kind": "embedding", "dtype": dtype, "num": num, "dim": dim,
            "x": x, "weight": nested(emb.weight.detach()), "upstream": nested(up), "out": nested(out.detach()),
            "grad_weight": nested(emb.weight.grad)}


def mlp_case(dtype, label, x, target, seed):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Embedding(27, 4), nn.Flatten(), nn.Linear(12, 8), nn.Tanh(), nn.Linear(8, 27)).to(DTYPES[dtype])
    logits = net(torch.tensor(x, dtype=torch.long))
    loss = F.cross_entropy(logits, torch.tensor(target, dtype=torch.long))
    loss.backward()
    names = {"0.weight": net[0].weight, "2.weight": net[2].weight, "2.bias": net[2].bias,
             "4.weight": net[4].weight, "4.bias": net[4].bias}
    return {"id": f"mlp/{dtype}/{label}", "kind": "mlp", "dtype": dtype, "x": x, "target": target,
            "weights": {k: nested(p.detach()) for k, p in names.items()},
            "logits": nested(logits.detach()), "loss": loss.item(),
            "grads": {k: nested(p.grad) for k, p in names.items()}}


def main():
    cases = []
    several = [[0, 0, 5], [5, 13, 13], [26, 1, 0], [13, 5, 26]]  # '..e', 'emm', 'za.', 'mez': repeats within and across rows
    one = [[0, 1, 13]]
    targets = [13, 1, 0, 1]
    for dtype in DTYPES:
        cases.append(embedding_case(dtype, "rows", several, 27, 10, 1))
        cases.append(embedding_case(dtype, "one-row", one, 27, 10, 2))
        cases.append(embedding_case(dtype, "rank-1", [3, 3, 0, 7], 8, 2, 3))
        cases.append(mlp_case(dtype, "rows", several, targets, 4))
        cases.append(mlp_case(dtype, "one-row", one, [1], 5))
    doc = {"generator": "ml-core/src/test/resources/numerics/embedding_reference.py", "torch": torch.__version__}
    with open(OUT, "w") as f:  # one case per line: readable diffs when the reference changes
        f.write("{" + f'"generator": {json.dumps(doc["generator"])}, "torch": {json.dumps(doc["torch"])}, "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
