#!/usr/bin/python3
"""The seed's softfloor in PyTorch, exactly as the notebook writes it: the reference for `ml run softfloor`.

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU; SymPy as the seed uses it):

    /usr/bin/python3 bench/reference/softfloor_torch.py [--factors 0.5,0.1,0.01,1e-4] [--x-min -2] [--x-max 2]
        [--compare runs/softfloor/<run>/table.csv]

The same in the Java platform (its defaults are these):

    ./ml run softfloor

Recipe (seed 000, "Softfloor"): softfloor_make(factor) solves 1 = f*(2*sigmoid(a) - 1) for a with
SymPy (f = 1 + factor), then y = r + f*(sigmoid(2*(x - r)*a) - 1) + 0.5*f - 0.5 with r = floor(x + 0.5).
Values in float64; derivatives by autograd. Prints, per factor, a, the value, the derivative and the
distance to floor(x) at every integer and half-integer of [x-min, x-max], and the width of x around an
integer where y is more than 0.01 from both floor values (bisection on the same formula). With --compare,
reads the Java run's table.csv (factor,x,value,derivative,distance_to_floor) and prints the largest
absolute differences. Last line: "JSON {...}".
"""
import argparse
import csv
import json
import math

import sympy
import torch


def softfloor_make(factor=1e-4):
    """The seed's function, verbatim apart from the dtype."""
    factor = 1 + factor
    equation = sympy.Eq(1, factor * (2 / (1 + sympy.exp(-sympy.symbols("x"))) - 1))
    adjustment = float(sympy.solve(equation)[0])

    def f(xs):
        floor = torch.floor(xs + 0.5)
        xs = xs - floor
        ys = floor + factor * ((1 / (1 + torch.exp(-(2 * xs) * adjustment))) - 1)
        return ys + 0.5 * factor - 0.5

    return f, adjustment


def transition_width(f):
    lo, hi = 0.0, 0.5
    value = lambda t: f(torch.tensor([t], dtype=torch.float64)).item()
    if value(hi) < -0.01:
        return 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if value(mid) < -0.01:
            lo = mid
        else:
            hi = mid
    return lo + hi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--factors', default='0.5,0.1,0.01,1e-4')
    ap.add_argument('--x-min', type=float, default=-2.0)
    ap.add_argument('--x-max', type=float, default=2.0)
    ap.add_argument('--compare', help="the Java run's table.csv")
    a = ap.parse_args()

    n0, n1 = math.ceil(a.x_min * 2), math.floor(a.x_max * 2)
    points = [k / 2 for k in range(n0, n1 + 1)]
    rows, summary = {}, []
    for factor in [float(s) for s in a.factors.split(',')]:
        f, adjustment = softfloor_make(factor)
        xs = torch.tensor(points, dtype=torch.float64, requires_grad=True)
        ys = f(xs)
        (grad,) = torch.autograd.grad(ys.sum(), xs)
        width = transition_width(f)
        print(f'factor {factor:g}: a = {adjustment:.6f}, within 0.01 of floor on {100 * (1 - width):.1f}% of each unit interval')
        for x, y, d in zip(points, ys.tolist(), grad.tolist()):
            rows[(factor, x)] = (y, d, y - math.floor(x))
            print(f'  x {x:5.1f}  y {y: .16f}  dy/dx {d:.16f}  y - floor(x) {y - math.floor(x): .3g}')
        summary.append({'factor': factor, 'a': adjustment, 'within_0_01_share': 1 - width})

    out = {'factors': summary}
    if a.compare:
        worst = [0.0, 0.0, 0.0]
        seen = 0
        with open(a.compare) as fh:
            for r in csv.DictReader(fh):
                key = (float(r['factor']), float(r['x']))
                if key not in rows:
                    continue
                seen += 1
                ours = (float(r['value']), float(r['derivative']), float(r['distance_to_floor']))
                for i in range(3):
                    worst[i] = max(worst[i], abs(ours[i] - rows[key][i]))
        print(f'compared {seen} points with {a.compare}: largest |difference| value {worst[0]:.3g}, '
              f'derivative {worst[1]:.3g}, distance to floor {worst[2]:.3g}')
        out.update({'compared_points': seen, 'max_abs_diff_value': worst[0],
                    'max_abs_diff_derivative': worst[1], 'max_abs_diff_distance': worst[2]})
    print('JSON ' + json.dumps(out))


if __name__ == '__main__':
    main()
