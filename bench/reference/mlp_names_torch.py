#!/usr/bin/python3
"""The character-level MLP of Bengio et al. 2003 on names, as in the makemore MLP lecture: the
PyTorch reference for the Java experiment `mlp-names` (issue: ml-regression and seed 004).

Run with Debian's interpreter (python3-torch, PyTorch 1.13 CPU):

    ML_DATA_DIR=/work/shared/datasets /usr/bin/python3 bench/reference/mlp_names_torch.py \
        [--steps 200000] [--decay-step 100000] [--lr 0.1] [--lr-after 0.01] [--batch 32] \
        [--block 3] [--embedding 10] [--hidden 200] [--seed 42] [--threads 1] [--samples 20]

The same recipe on the platform (the defaults of the Java experiment; the settings have the options' names,
batch-size and block-size for --batch and --block):

    ./ml run mlp-names
    ./ml run mlp-names -P steps=200000 -P decay-step=100000 -P lr=0.1 -P lr-after=0.01 -P batch-size=32 -P block-size=3 -P embedding=10 -P hidden=200 -P seed=42 -P samples=20

Data: $ML_DATA_DIR/names/names.txt (32,033 names). Split as makemore does it:
random.seed(42); random.shuffle(words); 80% train, 10% dev, 10% test by word. Vocabulary '.'=0,
a..z=1..26; every name contributes len+1 examples of (3 previous characters -> next character).

Network: Embedding(27, 10) -> flatten (30) -> Linear(30, 200) -> tanh -> Linear(200, 27), logits
into cross-entropy. PyTorch's default initialisation (Embedding ~ N(0, 1); Linear weights and biases
~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))); the lecture used unscaled randn for every tensor instead.
Plain SGD, learning rate 0.1 for the first 100,000 steps and 0.01 after, minibatches of 32 drawn
uniformly with replacement (torch.randint with a seeded generator), 200,000 steps.

Prints the train/dev/test mean loss, twenty sampled names (and how many are training names), the
seconds per 10,000 steps after 1,000 warm-up steps (wall clock, and the process's CPU time, which
other jobs on a busy machine disturb less), and a final line "JSON {...}".
"""
import argparse
import json
import os
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def build(words, stoi, block):
    xs, ys = [], []
    for w in words:
        context = [0] * block
        for ch in w + '.':
            ix = stoi[ch]
            xs.append(context)
            ys.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(xs), torch.tensor(ys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=200000)
    ap.add_argument('--decay-step', type=int, default=100000)
    ap.add_argument('--lr', type=float, default=0.1)
    ap.add_argument('--lr-after', type=float, default=0.01)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--block', type=int, default=3)
    ap.add_argument('--embedding', type=int, default=10)
    ap.add_argument('--hidden', type=int, default=200)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--samples', type=int, default=20)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    path = os.path.join(os.environ['ML_DATA_DIR'], 'names', 'names.txt')
    words = [w.strip() for w in open(path, encoding='utf-8') if w.strip()]
    chars = sorted(set(''.join(words)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    stoi['.'] = 0
    itos = {i: c for c, i in stoi.items()}
    vocab = len(stoi)
    random.seed(42)
    random.shuffle(words)
    n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
    Xtr, Ytr = build(words[:n1], stoi, a.block)
    Xdev, Ydev = build(words[n1:n2], stoi, a.block)
    Xte, Yte = build(words[n2:], stoi, a.block)

    torch.manual_seed(a.seed)
    model = nn.Sequential(nn.Embedding(vocab, a.embedding), nn.Flatten(),
                          nn.Linear(a.block * a.embedding, a.hidden), nn.Tanh(), nn.Linear(a.hidden, vocab))
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    g = torch.Generator().manual_seed(a.seed)

    warmup, t0, c0 = 1000, None, None
    for step in range(a.steps):
        if step == a.decay_step:
            for group in opt.param_groups:
                group['lr'] = a.lr_after
        if step == warmup:
            t0, c0 = time.perf_counter(), time.process_time()
        ix = torch.randint(0, Xtr.shape[0], (a.batch,), generator=g)
        loss = F.cross_entropy(model(Xtr[ix]), Ytr[ix])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 10000 == 0:
            print(f'step {step:7d}/{a.steps} loss {loss.item():.4f}', flush=True)
    seconds = time.perf_counter() - t0 if t0 is not None else float('nan')
    cpu_seconds = time.process_time() - c0 if c0 is not None else float('nan')
    per10k = seconds / max(1, a.steps - warmup) * 10000
    cpu_per10k = cpu_seconds / max(1, a.steps - warmup) * 10000

    model.eval()
    with torch.no_grad():
        losses = {name: F.cross_entropy(model(X), Y).item()
                  for name, (X, Y) in {'train': (Xtr, Ytr), 'dev': (Xdev, Ydev), 'test': (Xte, Yte)}.items()}
        train_set = set(words[:n1])
        names = []
        for _ in range(a.samples):
            context, out = [0] * a.block, []
            while True:
                p = F.softmax(model(torch.tensor([context])), dim=1)
                ix = torch.multinomial(p, num_samples=1, generator=g).item()
                if ix == 0 or len(out) >= 50:
                    break
                out.append(itos[ix])
                context = context[1:] + [ix]
            names.append(''.join(out))
    for k, v in losses.items():
        print(f'{k} loss {v:.4f}')
    print('samples:', ' '.join(names))
    print(f'{sum(n in train_set for n in names)} of {len(names)} samples are training names')
    print(f'seconds per 10,000 steps: {per10k:.2f} (threads {a.threads}, load {os.getloadavg()[0]:.2f}); '
          f'CPU seconds of the process per 10,000 steps: {cpu_per10k:.2f}')
    print('JSON ' + json.dumps({'train_loss': losses['train'], 'dev_loss': losses['dev'], 'test_loss': losses['test'],
                                'seconds_per_10k_steps': per10k, 'cpu_seconds_per_10k_steps': cpu_per10k,
                                'threads': a.threads, 'samples': names,
                                'load_average': os.getloadavg()[0]}))


if __name__ == '__main__':
    main()
