#!/usr/bin/python3
"""Builds the demo data sets of the unseen-data track as dataset asset zips, from Debian's dataset-fashion-mnist.

    /usr/bin/python3 scripts/make-unseen-datasets.py [--out .data/unseen] [--train 6000 --valid 1000 --test 1000]

Two data sets, both balanced over their classes and drawn with a fixed seed (the same zips on every machine):

  Fashion       Fashion-MNIST as it is: 1x28x28 float32 in [0, 1], 10 classes. train and valid come from the
                original training images, test from the original test images.
  FashionGroups A derived task the participant's NAS has not seen: each image is rotated by 90 degrees and inverted
                (1 - x), and the 10 classes are merged into 4 groups: tops (T-shirt, Pullover, Coat, Shirt),
                long (Trouser, Dress), footwear (Sandal, Sneaker, Ankle boot), bag (Bag). Each group is drawn with
                equal counts, so the classes stay balanced.

Each zip holds train_x, train_y, valid_x, valid_y, test_x, test_y (.npy, labels int64) and metadata.json
(num_classes, input_shape, codename, benchmark). The benchmark is the accuracy, in percent, of the organizer's
baseline package (starter-kits/unseen-data/baseline) measured with run_local.py on these exact zips; pass
--benchmark-fashion / --benchmark-groups to set other values.
"""
import argparse
import gzip
import io
import json
import os
import struct
import zipfile

import numpy as np

SOURCE = "/usr/share/datasets/fashion-mnist"
GROUPS = {0: 0, 2: 0, 4: 0, 6: 0, 1: 1, 3: 1, 5: 2, 7: 2, 9: 2, 8: 3}


def read_idx(path):
    """IDX: big-endian magic (0, 0, dtype 0x08 = ubyte, ndim), ndim big-endian uint32 sizes, then the data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load(split, source):
    prefix = "train" if split == "train" else "t10k"
    path = os.path.join(source, f"{prefix}-images-idx3-ubyte.gz")
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: apt-get install dataset-fashion-mnist")
    images = read_idx(path)
    labels = read_idx(os.path.join(source, f"{prefix}-labels-idx1-ubyte.gz"))
    return images, labels.astype(np.int64)


def balanced(labels, count, num_classes, rng, exclude=None):
    """Indices with count // num_classes items of each class, shuffled."""
    per_class = count // num_classes
    chosen = []
    for c in range(num_classes):
        pool = np.flatnonzero(labels == c)
        if exclude is not None:
            pool = np.setdiff1d(pool, exclude)
        if len(pool) < per_class:
            raise SystemExit(f"class {c} has only {len(pool)} items, {per_class} needed")
        chosen.append(rng.choice(pool, per_class, replace=False))
    out = np.concatenate(chosen)
    rng.shuffle(out)
    return out


def to_x(images):
    return (images.astype(np.float32) / 255.0)[:, None, :, :]


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write_zip(path, arrays, metadata):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, array in arrays.items():
            z.writestr(name + ".npy", npy(array))
        z.writestr("metadata.json", json.dumps(metadata, indent=2))
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, " +
          ", ".join(f"{k} {v.shape}" for k, v in arrays.items() if k.endswith("_x")))


def build(out, train, valid, test, benchmark_fashion, benchmark_groups, source=SOURCE, seed=2021):
    os.makedirs(out, exist_ok=True)
    train_images, train_labels = load("train", source)
    test_images, test_labels = load("test", source)

    rng = np.random.default_rng(seed)
    tr = balanced(train_labels, train, 10, rng)
    va = balanced(train_labels, valid, 10, rng, exclude=tr)
    te = balanced(test_labels, test, 10, rng)
    write_zip(os.path.join(out, "fashion.zip"), {
        "train_x": to_x(train_images[tr]), "train_y": train_labels[tr],
        "valid_x": to_x(train_images[va]), "valid_y": train_labels[va],
        "test_x": to_x(test_images[te]), "test_y": test_labels[te],
    }, {"num_classes": 10, "input_shape": [1, 28, 28], "codename": "Fashion", "benchmark": benchmark_fashion})

    rng = np.random.default_rng(seed + 1)
    grouped_train = np.vectorize(GROUPS.get)(train_labels)
    grouped_test = np.vectorize(GROUPS.get)(test_labels)
    tr = balanced(grouped_train, train, 4, rng)
    va = balanced(grouped_train, valid, 4, rng, exclude=tr)
    te = balanced(grouped_test, test, 4, rng)

    def derive(images):
        return 1.0 - to_x(np.rot90(images, k=1, axes=(1, 2)))

    write_zip(os.path.join(out, "fashion-groups.zip"), {
        "train_x": derive(train_images[tr]), "train_y": grouped_train[tr].astype(np.int64),
        "valid_x": derive(train_images[va]), "valid_y": grouped_train[va].astype(np.int64),
        "test_x": derive(test_images[te]), "test_y": grouped_test[te].astype(np.int64),
    }, {"num_classes": 4, "input_shape": [1, 28, 28], "codename": "FashionGroups", "benchmark": benchmark_groups})


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=".data/unseen")
    p.add_argument("--source", default=SOURCE, help="the folder of the Fashion-MNIST .gz files")
    p.add_argument("--train", type=int, default=6000)
    p.add_argument("--valid", type=int, default=1000)
    p.add_argument("--test", type=int, default=1000)
    p.add_argument("--benchmark-fashion", type=float, default=77.9)
    p.add_argument("--benchmark-groups", type=float, default=90.6)
    a = p.parse_args()
    build(a.out, a.train, a.valid, a.test, a.benchmark_fashion, a.benchmark_groups, a.source)


if __name__ == "__main__":
    main()
