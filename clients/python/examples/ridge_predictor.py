#!/usr/bin/env python3
"""A better-than-baseline predictor for the demo's performance-prediction track (standard library only).

Ridge regression on one-hot features of the architecture encoding (16 blocks x [next1, next2, op1, op2]).

    nasarena.py download --phase cvpr21-nas-replay/prediction/replay training-data
    nasarena.py download --phase cvpr21-nas-replay/prediction/replay query-architectures
    python3 ridge_predictor.py training-data.json query-architectures.json > predictions.csv
"""
import json
import sys


def flatten(arch):
    return [v for block in arch for v in block]


def features(encoding, index):
    x = [0.0] * len(index)
    for pos, value in enumerate(encoding):
        j = index.get((pos, value))
        if j is not None:
            x[j] = 1.0
    return x


def solve(a, b):
    """Gaussian elimination with partial pivoting: a is n x n, b has n entries."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    w = [0.0] * n
    for r in range(n - 1, -1, -1):
        w[r] = (m[r][n] - sum(m[r][c] * w[c] for c in range(r + 1, n))) / m[r][r]
    return w


def main(training_path, query_path, lam=1.0):
    with open(training_path, encoding="utf-8") as f:
        training = json.load(f)
    with open(query_path, encoding="utf-8") as f:
        query = json.load(f)
    rows = [(flatten(v["arch"]), v["acc"]) for v in training.values()]
    index = {}
    for enc, _ in rows:
        for pos, value in enumerate(enc):
            index.setdefault((pos, value), len(index))
    mean = sum(acc for _, acc in rows) / len(rows)
    xs = [features(enc, index) for enc, _ in rows]
    ys = [acc - mean for _, acc in rows]
    n = len(index)
    xtx = [[sum(x[i] * x[j] for x in xs) + (lam if i == j else 0.0) for j in range(n)] for i in range(n)]
    xty = [sum(x[i] * y for x, y in zip(xs, ys)) for i in range(n)]
    w = solve(xtx, xty)
    print("arch_id,prediction")
    for arch_id, v in query.items():
        x = features(flatten(v["arch"]), index)
        print(f"{arch_id},{mean + sum(wi * xi for wi, xi in zip(w, x))!r}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
