#!/usr/bin/python3
"""Seed 003's from-scratch network in NumPy, as the notebook writes it (plus its fix): the reference for `ml run backprop`.

Run with Debian's interpreter (NumPy; no PyTorch needed, the seed is NumPy):

    /usr/bin/python3 bench/reference/backprop_numpy.py [--facts 1000] [--alphas 0.001,0.01,0.1,0.5]
        [--fixture DIR] [--repeat 3]

The same in the Java platform (ml-regression's io.github.mlplatform.regression.backprop):

    ./ml run backprop -P facts=1000

Recipe (seed 003, "Neural Nets t2"): AffinityLayer y = M x + b with M, b drawn by np.random.randn
(M first, row by row, then b) after np.random.seed(init_seed); MapLayer with np.vectorize; Network.learn
with e = y - t, loss e.e/2, agrad = e * alpha passed back through the layers; NNBench facts
np.random.seed(3), v = np.random.randn(2), (v, ideal(v)). The one change: AffinityLayer.backprop returns
M.T @ agrad (the chain rule); --seed-gradient keeps the seed's M @ agrad. For every architecture, task and
alpha it learns `facts` facts one at a time and measures the mean loss over 1000 held-out facts
(np.random.seed(4)), and the seconds per 1000 facts (best of --repeat). With --fixture DIR it writes
DIR/numpy-curves.csv (every fact's loss at alpha 0.1 for 100 facts, both gradients where defined), which
ml-regression's BackpropAgainstNumpyTest compares with the Java network. Last line: "JSON {...}".
"""
import argparse
import json
import math
import os
import time

import numpy as np


class AffinityLayer:
    def __init__(self, n, m, seed_gradient):
        self.M = np.random.randn(m, n)
        self.b = np.random.randn(m)
        self.seed_gradient = seed_gradient

    def __call__(self, x):
        self.input = x
        return self.M @ x + self.b

    def backprop(self, output_delE):
        input_delE = (self.M if self.seed_gradient else self.M.T) @ output_delE
        self.M -= np.einsum('i,j', output_delE, self.input)
        self.b -= output_delE
        return input_delE


class MapLayer:
    def __init__(self, fun, dfundx):
        self.vfun = np.vectorize(fun)
        self.vdfundx = np.vectorize(dfundx)

    def __call__(self, x):
        self.input = x
        return self.vfun(x)

    def backprop(self, output_delE):
        return self.vdfundx(self.input) * output_delE


class Network:
    def __init__(self, layers, alpha):
        self.layers = layers
        self.alpha = alpha

    def __call__(self, v):
        for layer in self.layers:
            v = layer(v)
        return v

    def learn_one(self, x, expected):
        y = self(x)
        e = y - expected
        loss = e.dot(e) / 2.0
        agrad = e * self.alpha
        for layer in reversed(self.layers):
            agrad = layer.backprop(agrad)
        return loss


def dtanh(x):
    v = np.tanh(x)
    return (1 + v) * (1 - v)


def build(arch, init_seed, seed_gradient, alpha):
    np.random.seed(init_seed)
    if arch == 'affine':
        layers = [AffinityLayer(2, 2, seed_gradient)]
    elif arch == 'affine-half-square':
        layers = [AffinityLayer(2, 2, seed_gradient), MapLayer(lambda x: x * x / 2.0, lambda d: d)]
    elif arch == 'affine-relu':
        layers = [AffinityLayer(2, 2, seed_gradient), MapLayer(lambda x: (x + abs(x)) / 2, lambda d: 1.0 if d > 0 else 0.0)]
    elif arch == 'affine-affine':
        layers = [AffinityLayer(2, 2, seed_gradient), AffinityLayer(2, 2, seed_gradient)]
    elif arch == 'affine-tanh-affine':
        layers = [AffinityLayer(2, 2, seed_gradient), MapLayer(np.tanh, dtanh), AffinityLayer(2, 2, seed_gradient)]
    else:  # wide-tanh
        layers = [AffinityLayer(2, 8, False), MapLayer(np.tanh, dtanh), AffinityLayer(8, 2, False)]
    return Network(layers, alpha)


TASKS = {
    'identity': lambda v: np.array([v[0], v[1]]),
    'swap': lambda v: np.array([v[1], v[0]]),
    'rotate': lambda v: np.array([-v[1], v[0]]),
    'squared-difference': lambda v: np.array([(v[0] - v[1]) ** 2, 0.0]),
    'xor': lambda v: (lambda s: np.array([s, -s]))(1.0 if (v[0] > 0) != (v[1] > 0) else -1.0),
}
ARCHS = ['affine', 'affine-half-square', 'affine-relu', 'affine-affine', 'affine-tanh-affine', 'wide-tanh']


def facts(task, seed, n):
    np.random.seed(seed)
    out = []
    for _ in range(n):
        v = np.random.randn(2)
        out.append((v, TASKS[task](v)))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--facts', type=int, default=1000)
    p.add_argument('--alphas', default='0.001,0.003,0.01,0.03,0.1,0.3,1')
    p.add_argument('--init-seed', type=int, default=0)
    p.add_argument('--seed', type=int, default=3)
    p.add_argument('--eval-facts', type=int, default=1000)
    p.add_argument('--seed-gradient', action='store_true')
    p.add_argument('--fixture')
    p.add_argument('--repeat', type=int, default=1)
    a = p.parse_args()
    np.seterr(all='ignore')
    alphas = [float(x) for x in a.alphas.split(',')]
    if a.fixture:
        os.makedirs(a.fixture, exist_ok=True)
        rows = ['architecture,task,gradient,alpha,fact,loss']
        for arch in ARCHS:
            for grad in (['transposed', 'seed'] if arch != 'wide-tanh' else ['transposed']):
                for task in TASKS:
                    net = build(arch, a.init_seed, grad == 'seed', 0.1)
                    for i, (x, t) in enumerate(facts(task, a.seed, 100)):
                        rows.append('%s,%s,%s,0.1,%d,%r' % (arch, task, grad, i, float(net.learn_one(x, t))))
        with open(os.path.join(a.fixture, 'numpy-curves.csv.tmp'), 'w') as f:
            f.write('\n'.join(rows) + '\n')
        os.replace(os.path.join(a.fixture, 'numpy-curves.csv.tmp'), os.path.join(a.fixture, 'numpy-curves.csv'))
    held_out = {t: facts(t, a.seed + 1, a.eval_facts) for t in TASKS}
    train = {t: facts(t, a.seed, a.facts) for t in TASKS}
    results = {}
    best_s = math.inf
    for rep in range(a.repeat):
        t0 = time.perf_counter()
        steps = 0
        for arch in ARCHS:
            for task in TASKS:
                for alpha in alphas:
                    net = build(arch, a.init_seed, a.seed_gradient and arch != 'wide-tanh', alpha)
                    for x, t in train[task]:
                        net.learn_one(x, t)
                    steps += len(train[task])
                    if rep == 0:
                        loss = np.mean([np.dot(net(x) - t, net(x) - t) / 2 for x, t in held_out[task]])
                        results['%s/%s/%g' % (arch, task, alpha)] = float(loss)
        best_s = min(best_s, time.perf_counter() - t0)
    for arch in ARCHS:
        for task in TASKS:
            row = ' '.join('%9.3g' % results['%s/%s/%g' % (arch, task, al)] for al in alphas)
            print('%-20s %-19s %s' % (arch, task, row))
    per_1000 = best_s / steps * 1e6
    print('%d facts learned in %.2f s (%.1f ms per 1000 facts, learning only, best of %d)' % (steps, best_s, per_1000, a.repeat))
    print('JSON ' + json.dumps({'held_out_loss': results, 'ms_per_1000_facts': per_1000, 'alphas': alphas,
                                'facts': a.facts, 'seed_gradient': a.seed_gradient}))


if __name__ == '__main__':
    main()
