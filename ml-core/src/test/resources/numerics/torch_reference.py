"""PyTorch reference values for the numerics tests of ml-core and ml-layers.

The tests compare our activations, losses and layers with what PyTorch computes, forward and
backward, in float32 and float64, for one row and for several rows, at ordinary inputs and at
extreme ones (logits of 120, -89, -1000, +-1e4; exact zeros for the kinks; +-inf and NaN). The
tests never run Python: they read the JSON this script writes. Exception: LayerNorm's float32
cases are PyTorch's float64 result on the same float32 inputs (see layer_norm_case).

Regenerate from the repository root with PyTorch 1.13 CPU (Debian: apt-get install python3-torch):

    /usr/bin/python3 ml-core/src/test/resources/numerics/torch_reference.py

It rewrites, deterministically,

    ml-core/src/test/resources/numerics/torch-reference.json     activations and losses
    ml-layers/src/test/resources/numerics/torch-layers.json      SoftmaxGrouped, SelfAttention, LayerNorm, Softfloor

Format: {"torch": version, "cases": [case, ...]}; every case has an "id", a function name "fn",
the "dtype" ("float32" or "float64"), the input "x" (float32 inputs are stored as the doubles they
round to), the expected "out" and the expected gradient "grad" of x. Element-wise and row-wise
functions are differentiated with the upstream gradient "upstream" (out.backward(upstream));
losses (a scalar "out", mean reduction) with upstream 1. Loss targets are "target" (class
indices; our graphs get them one-hot) or, for MSE and BCE, a tensor of the input's shape.
Non-finite numbers are written as Infinity/-Infinity/NaN (Jackson: ALLOW_NON_NUMERIC_NUMBERS).
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))
CORE_OUT = os.path.join(HERE, "torch-reference.json")
LAYERS_OUT = os.path.join(ROOT, "ml-layers", "src", "test", "resources", "numerics", "torch-layers.json")

DTYPES = {"float32": torch.float32, "float64": torch.float64}
UPSTREAM_PATTERN = [1.0, -0.5, 0.25, 2.0, -1.5, 0.75, -1.0]


def nested(t):
    """A tensor as nested lists of Python floats (exact for float32 and float64)."""
    if t.dim() == 0:
        return float(t.item())
    return [nested(r) for r in t]


def upstream_like(x):
    flat = [UPSTREAM_PATTERN[i % len(UPSTREAM_PATTERN)] for i in range(x.numel())]
    return torch.tensor(flat, dtype=x.dtype).reshape(x.shape)


def ordinary(seed, rows, cols, scale=2.0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(rows, cols, generator=g, dtype=torch.float64) * scale).tolist()


# ---------------------------------------------------------------------------------------------
# ml-core: activations

ELEMENTWISE_EXTREMES = [-1e4, -1000.0, -120.0, -100.0, -89.0, -88.0, -30.0, -20.0, -1.0, -1e-3, 0.0,
                        1e-3, 1.0, 20.0, 30.0, 88.0, 89.0, 100.0, 120.0, 1000.0, 1e4]

NONFINITE = [-math.inf, math.inf, math.nan]

ROWWISE_EXTREME_ROW = [[120.0, 0.0, 0.0]]
ROWWISE_EXTREME_ROWS = [[120.0, 0.0, 0.0], [1e4, -1e4, 0.0], [-1000.0, 0.0, 1000.0], [0.0, 0.0, 0.0],
                        [-1e4, -1e4, -1e4], [-89.0, -100.0, -120.0]]
ROWWISE_MASKED_ROWS = [[-math.inf, 0.0, 1.0], [-math.inf, -math.inf, 5.0]]  # -inf: a masked entry, as in attention

ACTIVATIONS = {
    "identity": lambda x: x * 1,
    "relu": F.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softplus": F.softplus,
    "gelu": F.gelu,
    "leakyRelu(0.01)": lambda x: F.leaky_relu(x, 0.01),
    "leakyRelu(0.1)": lambda x: F.leaky_relu(x, 0.1),
    "logSigmoid": F.logsigmoid,
    "lecunTanh": lambda x: 1.7159 * torch.tanh(x * (2.0 / 3.0)),
    "softmax": lambda x: F.softmax(x, dim=-1),
    "logSoftmax": lambda x: F.log_softmax(x, dim=-1),
}
ROWWISE = {"softmax", "logSoftmax"}


def activation_case(fn, dtype, label, rows):
    x = torch.tensor(rows, dtype=DTYPES[dtype], requires_grad=True)
    y = ACTIVATIONS[fn](x)
    up = upstream_like(y)
    y.backward(up)
    return {"id": f"{fn}/{dtype}/{label}", "fn": fn, "dtype": dtype, "x": nested(x.detach()),
            "upstream": nested(up), "out": nested(y.detach()), "grad": nested(x.grad)}


def activation_cases():
    cases = []
    for fn in ACTIVATIONS:
        for dtype in DTYPES:
            cases.append(activation_case(fn, dtype, "ordinary-one-row", ordinary(1, 1, 5)))
            cases.append(activation_case(fn, dtype, "ordinary-rows", ordinary(2, 4, 5)))
            if fn in ROWWISE:
                cases.append(activation_case(fn, dtype, "extreme-one-row", ROWWISE_EXTREME_ROW))
                cases.append(activation_case(fn, dtype, "extreme-rows", ROWWISE_EXTREME_ROWS))
                cases.append(activation_case(fn, dtype, "masked-rows", ROWWISE_MASKED_ROWS))
            else:
                cases.append(activation_case(fn, dtype, "extreme-one-row", [ELEMENTWISE_EXTREMES]))
                cases.append(activation_case(fn, dtype, "extreme-rows",
                                             [ELEMENTWISE_EXTREMES[i:i + 7] for i in range(0, 21, 7)]))
                cases.append(activation_case(fn, dtype, "nonfinite", [NONFINITE]))
    return cases


# ---------------------------------------------------------------------------------------------
# ml-core: losses (mean reduction, gradient of the input with upstream 1)

def loss_value(fn, x, target):
    if fn == "crossEntropy":
        return F.cross_entropy(x, target)
    if fn == "nll":
        return F.nll_loss(x, target)
    if fn == "logSoftmax+nll":
        return F.nll_loss(F.log_softmax(x, dim=-1), target)
    if fn == "mse":
        return F.mse_loss(x, target)
    if fn == "bce":
        return F.binary_cross_entropy_with_logits(x, target)
    raise ValueError(fn)


def loss_case(fn, dtype, label, rows, target):
    dt = DTYPES[dtype]
    x = torch.tensor(rows, dtype=dt, requires_grad=True)
    by_class = fn in ("crossEntropy", "nll", "logSoftmax+nll")
    t = torch.tensor(target, dtype=torch.long) if by_class else torch.tensor(target, dtype=dt)
    loss = loss_value(fn, x, t)
    loss.backward()
    return {"id": f"{fn}/{dtype}/{label}", "fn": fn, "dtype": dtype, "x": nested(x.detach()),
            "target": target if by_class else nested(t), "out": float(loss.item()), "grad": nested(x.grad)}


def log_probs(rows, dtype):
    return nested(F.log_softmax(torch.tensor(rows, dtype=DTYPES[dtype]), dim=-1))


def loss_cases():
    cases = []
    ninf = -math.inf
    for dtype in DTYPES:
        for fn in ("crossEntropy", "logSoftmax+nll"):
            cases.append(loss_case(fn, dtype, "ordinary-one-row", ordinary(3, 1, 4), [2]))
            cases.append(loss_case(fn, dtype, "ordinary-rows", ordinary(4, 5, 4), [0, 3, 1, 1, 2]))
            cases.append(loss_case(fn, dtype, "extreme-one-row", [[120.0, 0.0, 0.0]], [0]))
            cases.append(loss_case(fn, dtype, "extreme-one-row-wrong", [[1e4, -1e4, 0.0]], [1]))
            cases.append(loss_case(fn, dtype, "extreme-rows",
                                   [[120.0, 0.0, 0.0], [1e4, -1e4, 0.0], [1e4, -1e4, 0.0], [-1000.0, 0.0, 1000.0],
                                    [0.0, 0.0, 0.0], [-1e4, -1e4, -1e4]], [0, 0, 1, 2, 1, 2]))
        # NLL of given log-probabilities, including -inf at non-target classes (a "certain" model)
        cases.append(loss_case("nll", dtype, "ordinary-one-row", log_probs(ordinary(5, 1, 4), dtype), [1]))
        cases.append(loss_case("nll", dtype, "ordinary-rows", log_probs(ordinary(6, 5, 4), dtype), [0, 3, 1, 1, 2]))
        cases.append(loss_case("nll", dtype, "extreme-one-row", [[0.0, ninf, ninf]], [0]))
        cases.append(loss_case("nll", dtype, "extreme-rows",
                               [[0.0, ninf, ninf], [-120.0, 0.0, -1e4], [-1e4, -2e4, 0.0], [-1000.0, -1000.0, -0.5]],
                               [0, 1, 0, 2]))
        cases.append(loss_case("nll", dtype, "minus-inf-at-target", [[ninf, 0.0, ninf], [-0.5, -1.0, -2.0]], [0, 1]))
        # MSE
        cases.append(loss_case("mse", dtype, "ordinary-one-row", ordinary(7, 1, 4), ordinary(8, 1, 4)))
        cases.append(loss_case("mse", dtype, "ordinary-rows", ordinary(9, 5, 4), ordinary(10, 5, 4)))
        cases.append(loss_case("mse", dtype, "extreme-one-row", [[1e4, -1e4, 0.0, 120.0]], [[0.0, 1.0, -1000.0, 120.0]]))
        cases.append(loss_case("mse", dtype, "extreme-rows", [[1e4, -1e4, 0.0], [120.0, -1000.0, 1e-3], [-89.0, 88.0, 0.0]],
                               [[-1e4, 0.0, 1e4], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]))
        # BCE from logits
        cases.append(loss_case("bce", dtype, "ordinary-one-row", ordinary(11, 1, 4), [[1.0, 0.0, 1.0, 0.25]]))
        cases.append(loss_case("bce", dtype, "ordinary-rows", ordinary(12, 5, 4),
                               [[float((i + j) % 2) for j in range(4)] for i in range(5)]))
        cases.append(loss_case("bce", dtype, "extreme-one-row", [[1e4, -1e4, 1e4, -1e4]], [[1.0, 0.0, 0.0, 1.0]]))
        cases.append(loss_case("bce", dtype, "extreme-rows",
                               [[1e4, -1e4, 0.0], [120.0, -120.0, 30.0], [-1000.0, 1000.0, 88.0], [-89.0, 89.0, -30.0]],
                               [[1.0, 1.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.5], [0.0, 1.0, 0.0]]))
    return cases


# ---------------------------------------------------------------------------------------------
# ml-layers

def grouped_softmax_case(dtype, label, rows, group):
    x = torch.tensor(rows, dtype=DTYPES[dtype], requires_grad=True)
    n, c = x.shape
    y = F.softmax(x.reshape(n, c // group, group), dim=-1).reshape(n, c)
    up = upstream_like(y)
    y.backward(up)
    return {"id": f"SoftmaxGrouped({group})/{dtype}/{label}", "fn": "SoftmaxGrouped", "group": group, "dtype": dtype,
            "x": nested(x.detach()), "upstream": nested(up), "out": nested(y.detach()), "grad": nested(x.grad)}


def attention_case(dtype, label, x_rows, weights, heads):
    """Our SelfAttention: Linear weights are [in, out]; Q, K, V without bias; output projection with bias."""
    dt = DTYPES[dtype]
    x = torch.tensor(x_rows, dtype=dt, requires_grad=True)
    w = {k: torch.tensor(v, dtype=dt) for k, v in weights.items()}
    b, t, d = x.shape
    dh = d // heads

    def split(m):
        return m.reshape(b, t, heads, dh).permute(0, 2, 1, 3)

    q, k, v = split(x @ w["query.weight"]), split(x @ w["key.weight"]), split(x @ w["value.weight"])
    scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(dh))
    o = (F.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(b, t, d)
    y = o @ w["out.weight"] + w["out.bias"]
    up = upstream_like(y)
    y.backward(up)
    return {"id": f"SelfAttention/{dtype}/{label}", "fn": "SelfAttention", "heads": heads, "dtype": dtype,
            "weights": {k: nested(v) for k, v in w.items()}, "x": nested(x.detach()), "upstream": nested(up),
            "out": nested(y.detach()), "grad": nested(x.grad)}


def layer_norm_case(dtype, label, rows, weight, bias):
    """float32 cases are computed in float64 on the float32 inputs and rounded to float32: PyTorch's
    float32 layer_norm accumulates the variance in float32 and is itself off by 3e-5 relative on
    rows such as [1e4+1, 1e4+2, 1e4+3, 1e4+4] (it gives -1.3415964 where the exact value rounds to
    -1.3416355); the field "torch_float32_out" keeps PyTorch's own float32 output for comparison."""
    dt = DTYPES[dtype]
    x32 = torch.tensor(rows, dtype=dt)

    def run(t, compute):
        x = x32.to(compute).requires_grad_(True)
        wt, bt = torch.tensor(weight, dtype=compute), torch.tensor(bias, dtype=compute)
        y = F.layer_norm(x, (x.shape[-1],), wt, bt, 1e-5)
        up = upstream_like(y)
        y.backward(up)
        return y.detach().to(t), x.grad.to(t), up.to(t)

    y, grad, up = run(dt, torch.float64)
    case = {"id": f"LayerNorm/{dtype}/{label}", "fn": "LayerNorm", "dtype": dtype, "weight": weight, "bias": bias,
            "x": nested(x32), "upstream": nested(up), "out": nested(y), "grad": nested(grad)}
    if dt == torch.float32:
        case["torch_float32_out"] = nested(run(dt, torch.float32)[0])
    return case


def softfloor_case(dtype, label, rows, epsilon):
    """The seed's softfloor_make(epsilon) formula, in torch."""
    dt = DTYPES[dtype]
    f = 1.0 + epsilon
    a = math.log((f + 1.0) / (f - 1.0))
    x = torch.tensor(rows, dtype=dt, requires_grad=True)
    r = torch.floor(x + 0.5)
    t = x - r
    y = r + (torch.sigmoid(t * (2 * a)) - 1.0) * f + (0.5 * f - 0.5)
    up = upstream_like(y)
    y.backward(up)
    return {"id": f"Softfloor({epsilon})/{dtype}/{label}", "fn": "Softfloor", "epsilon": epsilon, "dtype": dtype,
            "x": nested(x.detach()), "upstream": nested(up), "out": nested(y.detach()), "grad": nested(x.grad)}


def layer_cases():
    cases = []
    g = torch.Generator().manual_seed(20)
    d, heads = 4, 2
    base = {name: (torch.randn(d, d, generator=g, dtype=torch.float64) * 0.5).tolist()
            for name in ("query.weight", "key.weight", "value.weight", "out.weight")}
    base["out.bias"] = (torch.randn(d, generator=g, dtype=torch.float64) * 0.1).tolist()
    sharp = dict(base)
    sharp["query.weight"] = [[100.0 * v for v in row] for row in base["query.weight"]]  # scores of order 1e3..1e4
    xs = (torch.randn(2, 3, d, generator=g, dtype=torch.float64) * 2).tolist()
    # every score of a row far below zero (the double softmax kernel's NaN case): W_q = -1000 W_k and
    # tokens that all point the same way, so q.k = -1000 |x W_k|^2 < 0 for every pair
    negative = dict(base)
    negative["query.weight"] = [[-1000.0 * v for v in row] for row in base["key.weight"]]
    direction = torch.randn(d, generator=g, dtype=torch.float64)
    aligned = (direction + 0.05 * torch.randn(2, 3, d, generator=g, dtype=torch.float64)).tolist()
    for dtype in DTYPES:
        cases.append(grouped_softmax_case(dtype, "ordinary-one-row", ordinary(13, 1, 6), 3))
        cases.append(grouped_softmax_case(dtype, "ordinary-rows", ordinary(14, 4, 6), 3))
        cases.append(grouped_softmax_case(dtype, "extreme-one-row", [[120.0, 0.0, 0.0, 1e4, -1e4, 0.0]], 3))
        cases.append(grouped_softmax_case(dtype, "extreme-rows",
                                          [[120.0, 0.0, 0.0, 1e4, -1e4, 0.0], [-1000.0, 0.0, 1000.0, 0.0, 0.0, 0.0],
                                           [-1e4, -1e4, -1e4, -89.0, -100.0, -120.0]], 3))
        cases.append(attention_case(dtype, "ordinary", xs, base, heads))
        cases.append(attention_case(dtype, "extreme-scores", xs, sharp, heads))
        if dtype == "float64":
            # double only: the NaN was the double kernel's; in float32, scores of -5000 made with weights of
            # 1000 carry rounding errors of ~1e-3 that the softmax turns into percent-level gradient differences
            cases.append(attention_case(dtype, "very-negative-scores", aligned, negative, heads))
        cases.append(layer_norm_case(dtype, "ordinary", ordinary(15, 3, 4), [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]))
        cases.append(layer_norm_case(dtype, "ordinary-affine", ordinary(16, 3, 4), [0.5, -1.0, 2.0, 1.5], [0.1, 0.0, -0.2, 0.3]))
        cases.append(layer_norm_case(dtype, "extreme-rows",
                                     [[1e4, -1e4, 0.0, 1.0], [5.0, 5.0, 5.0, 5.0], [1e4 + 1, 1e4 + 2, 1e4 + 3, 1e4 + 4],
                                      [1e-3, -1e-3, 0.0, 2e-3], [-1000.0, 120.0, -89.0, 1e4]],
                                     [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]))
        for eps in (1e-4, 1e-2):
            cases.append(softfloor_case(dtype, "ordinary", [[-2.5, -0.7, -0.5, 0.0, 0.3, 0.5, 1.0, 2.49]], eps))
            cases.append(softfloor_case(dtype, "extreme", [[-1e4, -1000.25, -120.5, 120.7, 1000.0, 1e4 + 0.25]], eps))
    return cases


def write(path, cases):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    doc = {"generator": "ml-core/src/test/resources/numerics/torch_reference.py", "torch": torch.__version__,
           "cases": cases}
    with open(path, "w") as f:  # one case per line: readable diffs when the reference changes
        f.write("{" + f'"generator": {json.dumps(doc["generator"])}, "torch": {json.dumps(doc["torch"])}, "cases": [\n')
        f.write(",\n".join(json.dumps(c, allow_nan=True) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(path, ROOT)}", file=sys.stderr)


def main():
    torch.set_num_threads(1)
    write(CORE_OUT, activation_cases() + loss_cases())
    write(LAYERS_OUT, layer_cases())


if __name__ == "__main__":
    main()
