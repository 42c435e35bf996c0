"""PyTorch's side of `--profile` (OpProfile.cs): the same calibration forward, per kind of op.
Usage: /usr/bin/python3 op_profile.py THREADS ARCH"""
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)
widths = [int(v) for v in sys.argv[2].split("-")]
blocks = [(2 * k, 2 * k + 1, 2 * k + 2, 2 if k in (3, 6) else 1) for k in range(9)]
x = torch.randn(256, 3, 32, 32)
spent = {}


def timed(name, op):
    t = time.perf_counter()
    r = op()
    spent[name] = spent.get(name, 0) + time.perf_counter() - t
    return r


def bn(t, c):
    mean, var, gamma, beta = torch.zeros(c), torch.ones(c), torch.ones(c), torch.zeros(c)
    return timed("bn", lambda: F.batch_norm(t, mean, var, gamma, beta, True, 0.5, 1e-5))


def w(cout, cin, k):
    return torch.randn(cout, cin, k, k) * 0.1


stem = w(widths[0], 3, 3)
ws = [(w(widths[m], widths[i], 3), w(widths[o], widths[m], 3), w(widths[o], widths[i], 1)) for i, m, o, _ in blocks]


def once():  # as the starter kit's SuperNet.forward in calibration: F.relu and y + r out of place
    h = timed("relu", lambda: F.relu(bn(timed("conv3x3", lambda: F.conv2d(x, stem, None, 1, 1)), widths[0])))
    for (i, m, o, s), (w1, w2, w3) in zip(blocks, ws):
        y = bn(timed("conv3x3", lambda: F.conv2d(h, w1, None, s, 1)), widths[m])
        y = timed("relu", lambda: F.relu(y))
        y = bn(timed("conv3x3", lambda: F.conv2d(y, w2, None, 1, 1)), widths[o])
        r = bn(timed("conv1x1", lambda: F.conv2d(h, w3, None, s, 0)), widths[o])
        h = timed("add+relu", lambda: F.relu(y + r))


with torch.no_grad():
    once()
    once()
    spent.clear()
    cpu, t0 = time.process_time(), time.perf_counter()
    for _ in range(4):
        once()
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu
print(f"PyTorch eager: {total / 4 * 1000:.0f} ms per batch, CPU {cpu / 4 * 1000:.0f} ms; "
      + ", ".join(f"{k} {v / total * 100:.0f}%" for k, v in spent.items()))
