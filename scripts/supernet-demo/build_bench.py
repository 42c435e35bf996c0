"""Builds the demo supernet track's hidden assets and a mini NAS-bench on Fashion-MNIST (Debian's dataset-fashion-mnist):

  benchmark.json          {"archN": {"arch", "acc": stand-alone test accuracy, "split"}} for N architectures of the demo space,
                          each trained stand-alone from scratch (same recipe for all), accuracy on the full 10,000-image test set
  eval-data.zip           train[50000:52000]: validation images the platform evaluates subnets on
  calibration-data.zip    train[52000:54048]: images for BN recalibration
  stand-alone and supernet training both use train[:TRAIN] only.

Usage: /usr/bin/python3 scripts/supernet-demo/build_bench.py OUT_DIR [--archs 24] [--train 10000] [--epochs 2] [--threads 2] [--assets-only]
Deterministic (fixed seeds, fixed threads)."""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

KIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "starter-kits", "supernet")
sys.path.insert(0, KIT)
from data import fashion_mnist, write_asset  # noqa: E402
from supernet import SPACES, SuperNet  # noqa: E402


def all_archs():
    out = [[]]
    for choices in SPACES["demo"]["choices"]:
        out = [a + [c] for a in out for c in choices]
    return out


def train_standalone(widths, x, y, epochs, seed):
    """A stand-alone network of this architecture: the supernet class at exactly these widths, trained alone."""
    torch.manual_seed(seed)
    net = SuperNet("demo")
    bs = 128
    steps = epochs * ((len(x) + bs - 1) // bs)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    g = torch.Generator().manual_seed(seed)
    net.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), bs):
            idx = perm[i:i + bs]
            loss = F.cross_entropy(net(x[idx], widths), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return net


@torch.no_grad()
def test_accuracy(net, widths, tx, ty):
    net.eval()
    stats = net.subnet_bn_stats(widths, reset=False)  # the stand-alone net's own running statistics
    correct = 0
    for i in range(0, len(tx), 1000):
        correct += (net(tx[i:i + 1000], widths, stats).argmax(1) == ty[i:i + 1000]).sum().item()
    return correct / len(tx)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--archs", type=int, default=24)
    p.add_argument("--train", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--assets-only", action="store_true", help="write only eval-data.zip and calibration-data.zip (deterministic)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    x, y = fashion_mnist("train")
    tx, ty = fashion_mnist("t10k")
    write_asset(os.path.join(a.out, "eval-data.zip"), x[50000:52000], y[50000:52000])
    write_asset(os.path.join(a.out, "calibration-data.zip"), x[52000:54048], y[52000:54048])
    if a.assets_only:
        return
    xt, yt = torch.from_numpy(x[:a.train]), torch.from_numpy(y[:a.train])
    txt, tyt = torch.from_numpy(tx), torch.from_numpy(ty)

    space = all_archs()
    g = torch.Generator().manual_seed(2021)
    picks = sorted(torch.randperm(len(space), generator=g)[:a.archs].tolist())
    bench, start = {}, time.time()
    for n, i in enumerate(picks):
        widths = space[i]
        net = train_standalone(widths, xt, yt, a.epochs, seed=i)
        acc = test_accuracy(net, widths, txt, tyt)
        arch = "-".join(map(str, widths))
        # Deterministic split: every third architecture private.
        bench[f"arch{n + 1}"] = {"arch": arch, "acc": acc, "split": "private" if n % 3 == 2 else "public"}
        print(f"{n + 1}/{len(picks)} {arch}: {acc:.4f} ({time.time() - start:.0f} s)", flush=True)
    with open(os.path.join(a.out, "benchmark.json"), "w") as f:
        json.dump(bench, f, indent=1)
    print(f"done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
