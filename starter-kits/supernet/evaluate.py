"""Evaluates subnets of a supernet checkpoint as the platform does: top-1 accuracy and mean cross-entropy loss,
with optional BN recalibration on the first K batches of the calibration data.

  /usr/bin/python3 evaluate.py --space demo --checkpoint supernet.safetensors --eval-data eval.zip \
      [--calibration-data calib.zip --calibration-batches 4] [--batch-size 256] [--threads 2] ARCH [ARCH ...]
Prints one JSON object {arch: {"accuracy": a, "loss": l}}."""
import argparse
import json

import torch

from data import batches, read_asset
from export import load_checkpoint
from supernet import SuperNet, evaluate_subnet, parse_arch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--space", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--eval-data", required=True)
    p.add_argument("--calibration-data")
    p.add_argument("--calibration-batches", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("archs", nargs="+")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    net = SuperNet(a.space)
    net.load_state_dict(load_checkpoint(a.checkpoint), strict=False)
    ex, ey = read_asset(a.eval_data)
    eval_batches = batches(ex, ey, a.batch_size)
    calib = []
    if a.calibration_batches > 0:
        cx, cy = read_asset(a.calibration_data)
        calib = [x for x, _ in batches(cx, cy, a.batch_size, a.calibration_batches)]
    out = {}
    for arch in a.archs:
        acc, loss = evaluate_subnet(net, parse_arch(a.space, arch), eval_batches, calib)
        out[arch] = {"accuracy": acc, "loss": loss}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
