"""The parity reference at the level of logits: PyTorch's float32 logits of each subnet (the starter kit's own
evaluation) and, per logit, a bound E on |float32 result - exact result| for ANY float32 implementation of the same
network: any summation order (blocked, parallel, padded with zeros), BN applied after the conv or folded into it.
First-order (linearized) rounding error analysis with errors modelled as independent random variables (Higham and
Mary, "A new approach to probabilistic rounding error analysis", 2019), E = K standard deviations; two
implementations then differ by at most 2E. Derivation and why not the worst-case bound: docs/decisions/0008.

Usage: /usr/bin/python3 logit_bound.py STARTER_KIT CHECKPOINT EVAL_ZIP CALIB_ZIP CALIB_BATCHES BATCH_SIZE OUT.json ARCH...
Writes {arch: {"logits": [[...]...], "bound": [[...]...], "labels": [...]}}."""
import json
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, sys.argv[1])
from data import batches, read_asset  # noqa: E402
from export import load_checkpoint  # noqa: E402
from supernet import BN_EPS, SuperNet, evaluate_subnet, parse_arch  # noqa: E402

U = 2.0 ** -24  # unit roundoff of float32 (round to nearest): every operation's relative error is at most U
K = 6.0  # the bound is K standard deviations of the modelled error (docs/decisions/0008)


def rounding_sd(n, terms):
    """Standard deviation of the rounding error of a float32 sum of n terms whose absolute values sum to `terms`:
    at most n roundings, each modelled as an independent error uniform in [-U, U] times a partial sum no larger than
    `terms` (sd U / sqrt(3) each), in any summation order: sqrt(n) U terms / sqrt(3) (Higham and Mary, 2019)."""
    return (n ** 0.5) * U / 3 ** 0.5 * terms


class B:
    """A value computed exactly (float64 stands in for exact: its own error is 2^29 times smaller) and the standard
    deviation `sd` of a float32 implementation's difference from it; `mag` is the sum of absolute terms that
    produced it and `fan` the number of terms (for the rounding of the sums)."""

    def __init__(self, v, sd, mag=None, fan=1):
        self.v, self.sd = v, sd
        self.mag = v.abs() if mag is None else mag
        self.fan = fan


def conv(x, w, stride, padding):
    # Upstream errors propagate through the signed weights: independent errors add in variance, var = conv(sd^2, w^2).
    w = w.double()
    return B(F.conv2d(x.v, w, None, stride, padding), F.conv2d(x.sd ** 2, w * w, None, stride, padding).sqrt(),
             F.conv2d(x.mag, w.abs(), None, stride, padding), fan=w.shape[1] * w.shape[2] * w.shape[3])


def batch_stats(t):
    """Batch mean and biased variance per channel over (N, H, W), with their error sd. The errors of one channel's
    elements are taken as fully correlated (sd of the mean = mean of the sds: the largest it can be); the variance is
    computed in two passes (mean, then squared deviations), as PyTorch's CPU batch norm does."""
    m = t.v.shape[0] * t.v.shape[2] * t.v.shape[3]
    dims = (0, 2, 3)
    mu = t.v.mean(dims)
    sd_mu = t.sd.mean(dims) + rounding_sd(m + 1, t.mag.mean(dims))
    d = t.v - mu.view(1, -1, 1, 1)
    var = (d * d).mean(dims)
    sd_var = 2 * (d.abs() * t.sd).mean(dims) + rounding_sd(m + 3, (d * d).mean(dims))
    return mu, sd_mu, var, sd_var, m


def bn(t, weight, bias, mu, sd_mu, var, sd_var):
    """(t - mu) * s + beta with s = weight / sqrt(var + eps): the input's error times |s|, the statistics' errors,
    and the rounding of the conv's n-term sum plus at most 6 more roundings (BN after the conv, or folded into it)."""
    weight, bias = weight.double(), bias.double()
    view = lambda a: a.view(1, -1, 1, 1)  # noqa: E731
    s = weight / (var + BN_EPS).sqrt()
    sd_s = weight.abs() * sd_var / (2 * (var + BN_EPS) ** 1.5)
    d = t.v - view(mu)
    v = d * view(s) + view(bias)
    rounding = rounding_sd(t.fan + 6, view(s.abs()) * (t.mag + view(mu.abs())) + view(bias.abs()))
    sd = (view(s * s) * (t.sd ** 2 + view(sd_mu ** 2)) + view(sd_s ** 2) * d * d + rounding ** 2).sqrt()
    return B(v, sd)


def relu(t):
    # 1-Lipschitz: an error passes where the exact value is positive or within K sd of the kink, else it is cut off.
    keep = t.v > -K * t.sd
    return B(t.v.clamp(min=0), torch.where(keep, t.sd, torch.zeros_like(t.sd)), t.v.clamp(min=0))


def add(a, b):
    v = a.v + b.v
    return B(v, (a.sd ** 2 + b.sd ** 2 + rounding_sd(1, a.v.abs() + b.v.abs()) ** 2).sqrt())


def forward(net, widths, x, stats, momentum=None):
    """The subnet's forward pass on modelled values, as SuperNet.forward; with momentum set, BN normalizes with batch
    statistics and folds them into `stats` (calibration), each entry (mean, sd_mean, var, sd_var)."""
    def norm(t, module, name, c):
        if momentum is None:
            mu, sd_mu, var, sd_var = stats[name]
        else:
            mu, sd_mu, var, sd_var, m = batch_stats(t)
            rm, sd_rm, rv, sd_rv = stats[name]
            unbiased, sd_unbiased = var * m / (m - 1), sd_var * m / (m - 1) + rounding_sd(2, var * m / (m - 1))
            stats[name] = ((1 - momentum) * rm + momentum * mu,
                           (1 - momentum) * sd_rm + momentum * sd_mu + rounding_sd(3, (1 - momentum) * rm.abs() + momentum * mu.abs()),
                           (1 - momentum) * rv + momentum * unbiased,
                           (1 - momentum) * sd_rv + momentum * sd_unbiased + rounding_sd(3, (1 - momentum) * rv.abs() + momentum * unbiased.abs()))
        return bn(t, module.weight[:c], module.bias[:c], mu, sd_mu, var, sd_var)

    h = B(x.double(), torch.zeros_like(x, dtype=torch.float64))
    c0 = widths[0]
    h = relu(norm(conv(h, net.stem.conv.weight[:c0, :x.shape[1]], 1, 1), net.stem.bn, "stem.bn", c0))
    for k, (blk, (i, mi, o, s)) in enumerate(zip(net.blocks, net.blocks_spec)):
        cin, mid, cout = widths[i], widths[mi], widths[o]
        y = relu(norm(conv(h, blk.conv1.weight[:mid, :cin], s, 1), blk.bn1, f"blocks.{k}.bn1", mid))
        y = norm(conv(y, blk.conv2.weight[:cout, :mid], 1, 1), blk.bn2, f"blocks.{k}.bn2", cout)
        r = norm(conv(h, blk.shortcut.conv.weight[:cout, :cin], s, 0), blk.shortcut.bn, f"blocks.{k}.shortcut.bn", cout)
        h = relu(add(y, r))
    hw = h.v.shape[2] * h.v.shape[3]
    # Pooling: the errors of one channel's pixels taken as fully correlated (mean of the sds).
    pooled = B(h.v.mean((2, 3)), h.sd.mean((2, 3)) + rounding_sd(hw + 1, h.v.abs().mean((2, 3))))
    c = widths[net.blocks_spec[-1][2]]
    w, b = net.fc.weight[:, :c].double(), net.fc.bias.double()
    logits = pooled.v @ w.T + b
    sd = ((pooled.sd ** 2) @ (w * w).T + rounding_sd(c + 1, pooled.v.abs() @ w.abs().T + b.abs()) ** 2).sqrt()
    return logits, K * sd


def initial_stats(net, widths, reset):
    out = {}
    for name, (mean, var) in net.subnet_bn_stats(widths, reset).items():
        out[name] = (mean.double(), torch.zeros_like(mean, dtype=torch.float64), var.double(), torch.zeros_like(var, dtype=torch.float64))
    return out


@torch.no_grad()
def main():
    kit, checkpoint, eval_zip, calib_zip, k, batch_size, out_path, *archs = sys.argv[1:]
    k, batch_size = int(k), int(batch_size)
    torch.set_num_threads(2)
    net = SuperNet("demo")
    net.load_state_dict(load_checkpoint(checkpoint), strict=False)
    net.eval()
    ex, ey = read_asset(eval_zip)
    eval_batches = batches(ex, ey, batch_size)
    calib = [x for x, _ in batches(*read_asset(calib_zip), batch_size, k)] if k > 0 else []
    result = {}
    for arch in archs:
        widths = parse_arch("demo", arch)
        # PyTorch's float32 logits, exactly as the starter kit evaluates (evaluate_subnet's steps).
        stats = net.subnet_bn_stats(widths, reset=k > 0)
        for b, x in enumerate(calib):
            net(x, widths, stats, momentum=1.0 / (b + 1))
        logits = torch.cat([net(x, widths, stats) for x, _ in eval_batches])
        bstats = initial_stats(net, widths, reset=k > 0)
        for b, x in enumerate(calib):
            forward(net, widths, x, bstats, momentum=1.0 / (b + 1))
        bounds = [forward(net, widths, x, bstats) for x, _ in eval_batches]
        exact = torch.cat([v for v, _ in bounds])
        bound = torch.cat([e for _, e in bounds])
        # The bound must hold for PyTorch itself, or the derivation is wrong.
        worst = ((logits.double() - exact).abs() / bound).max().item()
        if worst > 1:
            raise SystemExit(f"{arch}: PyTorch's float32 logits are {worst:.2f}x the derived bound from exact")
        result[arch] = {"logits": logits.tolist(), "bound": bound.tolist(), "labels": ey.tolist(),
                        "accuracy": evaluate_subnet(net, widths, eval_batches, calib)[0], "pytorchOverBound": worst}
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
