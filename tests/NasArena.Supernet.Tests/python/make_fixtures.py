"""Builds the test suite's files with the starter kit and Debian's PyTorch: a briefly trained demo supernet in both
formats, data assets from Fashion-MNIST, and one faulty file per bad-input test.
Usage: /usr/bin/python3 make_fixtures.py STARTER_KIT_DIR OUT_DIR"""
import io
import os
import sys
import zipfile

import numpy as np
import torch

sys.path.insert(0, sys.argv[1])
from data import fashion_mnist, write_asset  # noqa: E402
from export import save_pt, save_safetensors  # noqa: E402
from supernet import SuperNet, sample_arch  # noqa: E402

out = sys.argv[2]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(2)
P = lambda name: os.path.join(out, name)  # noqa: E731

# Data assets: evaluation from the test split, calibration from the training split (disjoint from training below).
tx, ty = fashion_mnist("t10k")
x, y = fashion_mnist("train")
write_asset(P("eval.zip"), tx[:600], ty[:600])
write_asset(P("calib.zip"), x[-512:], y[-512:])
write_asset(P("eval-mismatched.zip"), tx[:10], ty[:9])

# A supernet trained well above chance (calibrated subnets about 0.7 accuracy on 10 classes; about 10 s on 2 cores):
# near chance, logits are nearly tied and a last-bit difference flips predictions, which tests nothing.
# 2 epochs of uniform subnet sampling on train[:12000], deterministic from the seeds above.
net = SuperNet("demo")
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
g = torch.Generator().manual_seed(0)
xt, yt = torch.from_numpy(x[:12000]), torch.from_numpy(y[:12000])
net.train()
for epoch in range(2):
    for i in range(0, len(xt), 64):
        loss = torch.nn.functional.cross_entropy(net(xt[i:i + 64], sample_arch("demo", g)), yt[i:i + 64])
        opt.zero_grad()
        loss.backward()
        opt.step()
sd = net.state_dict()
save_safetensors(sd, P("supernet.safetensors"))
save_pt(sd, P("supernet.pt"))


def variant(name, change, fmt):
    d = {k: v.clone() for k, v in sd.items()}
    change(d)
    (save_safetensors if fmt == "safetensors" else save_pt)(d, P(name))


def rename(d, old, new):
    d[new] = d.pop(old)


variant("missing-key.safetensors", lambda d: d.pop("blocks.0.bn1.bias"), "safetensors")
variant("extra-key.safetensors", lambda d: d.__setitem__("blocks.0.conv3.weight", torch.zeros(8, 8, 3, 3)), "safetensors")
variant("misspelt-key.pt", lambda d: rename(d, "blocks.1.conv1.weight", "blocks.1.conv_1.weight"), "pt")
variant("shape-larger.pt", lambda d: d.__setitem__("stem.conv.weight", torch.zeros(12, 1, 3, 3)), "pt")
variant("shape-smaller.pt", lambda d: d.__setitem__("fc.weight", torch.zeros(10, 16)), "pt")
variant("wrong-dtype.pt", lambda d: d.__setitem__("fc.bias", d["fc.bias"].double()), "pt")
variant("nan.pt", lambda d: d["blocks.2.conv2.weight"].view(-1).__setitem__(5, float("nan")), "pt")
variant("inf.safetensors", lambda d: d["blocks.1.bn2.weight"].__setitem__(0, float("inf")), "safetensors")
# Finite weights whose logits overflow float32 (|logit| > 3.4e38): the scorer must name the architecture, not crash.
variant("overflow.safetensors", lambda d: d["fc.weight"].mul_(1e38), "safetensors")

for name in ("supernet.pt", "supernet.safetensors"):
    data = open(P(name), "rb").read()
    open(P("truncated-" + name), "wb").write(data[: int(len(data) * 0.7)])

with zipfile.ZipFile(P("not-a-checkpoint.zip"), "w") as z:
    z.writestr("readme.txt", "holiday photos")


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/nasarena-pwned",))


sd_evil = dict(sd)
sd_evil["fc.bias"] = Evil()
torch.save(sd_evil, P("code.pt"))
torch.save(net, P("whole-model.pt"))
torch.jit.script(torch.nn.Linear(2, 2)).save(P("torchscript.pt"))
torch.save(sd, P("legacy.pt"), _use_new_zipfile_serialization=False)
print("ok")
