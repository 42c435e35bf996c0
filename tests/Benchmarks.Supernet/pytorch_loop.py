"""The reference: a plain PyTorch eager loop doing the platform's work (same archs, data, calibration, threads).
Usage: /usr/bin/python3 pytorch_loop.py STARTER_KIT_DIR DIR SPACE THREADS BATCH CALIB_BATCHES ARCH...  -> JSON"""
import json
import sys
import time

import torch

sys.path.insert(0, sys.argv[1])
from data import batches, read_asset  # noqa: E402
from export import load_safetensors  # noqa: E402
from supernet import SuperNet, evaluate_subnet, parse_arch  # noqa: E402

d, space, threads, bs, k = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
archs = sys.argv[7:]
torch.set_num_threads(threads)
net = SuperNet(space)
net.load_state_dict(load_safetensors(f"{d}/supernet.safetensors"))
ex, ey = read_asset(f"{d}/eval.zip")
cx, cy = read_asset(f"{d}/calib.zip")
ev = batches(ex, ey, bs)
cal = [x for x, _ in batches(cx, cy, bs, k)]
evaluate_subnet(net, parse_arch(space, archs[0]), ev, cal)  # warm-up
start, cpu = time.perf_counter(), time.process_time()
results = {a: evaluate_subnet(net, parse_arch(space, a), ev, cal) for a in archs}
print(json.dumps({"seconds": time.perf_counter() - start, "cpuSeconds": time.process_time() - cpu, "results": results}))
