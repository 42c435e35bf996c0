"""Trains a supernet with uniform subnet sampling (one random architecture per step) and exports it.

  /usr/bin/python3 train.py --space demo --epochs 1 --out supernet      # Fashion-MNIST from Debian's package
writes supernet.safetensors and supernet.pt (the state_dict), both loadable by the platform."""
import argparse
import time

import torch
import torch.nn.functional as F

from data import fashion_mnist
from export import save_pt, save_safetensors
from supernet import SPACES, SuperNet, sample_arch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--space", default="demo")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--limit", type=int, default=0, help="use only the first N training samples (0 = all)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="supernet")
    a = p.parse_args()
    if SPACES[a.space]["input_shape"] != (1, 28, 28):
        raise SystemExit(f"train.py feeds Fashion-MNIST; bring your own data for {a.space}")
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    x, y = fashion_mnist("train")
    if a.limit:
        x, y = x[:a.limit], y[:a.limit]
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    net = SuperNet(a.space)
    steps = a.epochs * ((len(x) + a.batch_size - 1) // a.batch_size)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    g = torch.Generator().manual_seed(a.seed)
    start = time.time()
    for epoch in range(a.epochs):
        net.train()
        perm = torch.randperm(len(x), generator=g)
        total = 0.0
        for i in range(0, len(x), a.batch_size):
            idx = perm[i:i + a.batch_size]
            widths = sample_arch(a.space, g)  # uniform sampling: every choice equally likely at every position
            loss = F.cross_entropy(net(x[idx], widths), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}: loss {total / len(x):.4f} ({time.time() - start:.0f} s)", flush=True)
    state = net.state_dict()
    save_safetensors(state, a.out + ".safetensors")
    save_pt(state, a.out + ".pt")
    print(f"wrote {a.out}.safetensors and {a.out}.pt")


if __name__ == "__main__":
    main()
