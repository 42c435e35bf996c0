"""Data helpers: Fashion-MNIST from Debian's dataset-fashion-mnist, and the platform's data asset format
(a zip holding x.npy float32 (N, C, H, W) and y.npy int64 (N))."""
import gzip
import io
import zipfile

import numpy as np
import torch

FASHION = "/usr/share/datasets/fashion-mnist"


def fashion_mnist(split):
    """split 'train' or 't10k' -> (x float32 (N,1,28,28) in [0,1], y int64 (N))."""
    with gzip.open(f"{FASHION}/{split}-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(f"{FASHION}/{split}-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    return (x.astype(np.float32) / 255.0), y.astype(np.int64)


def write_asset(path, x, y):
    with zipfile.ZipFile(path, "w") as z:
        for name, a in (("x.npy", np.ascontiguousarray(x)), ("y.npy", np.ascontiguousarray(y))):
            buf = io.BytesIO()
            np.save(buf, a)
            z.writestr(name, buf.getvalue())


def read_asset(path):
    with zipfile.ZipFile(path) as z:
        x = np.load(io.BytesIO(z.read("x.npy")))
        y = np.load(io.BytesIO(z.read("y.npy")))
    return x, y


def batches(x, y, batch_size, count=None):
    """Consecutive batches in order (the platform never shuffles), as torch tensors."""
    n = len(x) if count is None else min(len(x), count * batch_size)
    return [(torch.from_numpy(x[i:i + batch_size]), torch.from_numpy(y[i:i + batch_size]))
            for i in range(0, n, batch_size)]
