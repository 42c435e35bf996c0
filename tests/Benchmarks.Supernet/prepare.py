"""Benchmark inputs: a demo supernet trained briefly with the starter kit, Fashion-MNIST eval and calibration assets.
Usage: /usr/bin/python3 prepare.py STARTER_KIT_DIR OUT_DIR EVAL_SAMPLES [cvpr21-resnet20]
With cvpr21-resnet20: an untrained ResNet-20 supernet (seeded Kaiming initialisation) and synthetic CIFAR-sized data
(3x32x32 normal noise, 100 classes): enough for timing, where what matters is the work per subnet, not its accuracy."""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, sys.argv[1])
from data import fashion_mnist, write_asset  # noqa: E402
from export import save_safetensors  # noqa: E402
from supernet import SuperNet, sample_arch  # noqa: E402

out, n = sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(2)
if len(sys.argv) > 4 and sys.argv[4] == "cvpr21-resnet20":
    g = torch.Generator().manual_seed(0)
    write_asset(os.path.join(out, "eval.zip"), torch.randn(n, 3, 32, 32, generator=g).numpy(), torch.randint(100, (n,), generator=g).numpy())
    write_asset(os.path.join(out, "calib.zip"), torch.randn(1024, 3, 32, 32, generator=g).numpy(), torch.randint(100, (1024,), generator=g).numpy())
    save_safetensors(SuperNet("cvpr21-resnet20").state_dict(), os.path.join(out, "supernet.safetensors"))
    sys.exit(0)
tx, ty = fashion_mnist("t10k")
x, y = fashion_mnist("train")
write_asset(os.path.join(out, "eval.zip"), tx[:n], ty[:n])
write_asset(os.path.join(out, "eval-small.zip"), tx[:256], ty[:256])
write_asset(os.path.join(out, "calib.zip"), x[-1024:], y[-1024:])
net = SuperNet("demo")
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
g = torch.Generator().manual_seed(0)
xt, yt = torch.from_numpy(x[:3072]), torch.from_numpy(y[:3072])
for i in range(0, len(xt), 64):
    loss = F.cross_entropy(net(xt[i:i + 64], sample_arch("demo", g)), yt[i:i + 64])
    opt.zero_grad()
    loss.backward()
    opt.step()
save_safetensors(net.state_dict(), os.path.join(out, "supernet.safetensors"))
