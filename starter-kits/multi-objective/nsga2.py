"""A starter for the hardware-aware multi-objective track (ADR 0048): an NSGA-II-like search, numpy only.

Input: the phase's public table (download it: nasarena.py download --phase PHASE public-table), every candidate
architecture of the "demo" space with the accuracy of its public half. Objectives, both minimised: error (1 - accuracy;
for a candidate without one, the mean error of its 3 nearest public architectures by L1 distance of the widths: a
surrogate) and parameters (counted from the space's definition, as the platform counts them). The search evolves
subsets of candidates: mutation moves an architecture to a near candidate, selection is non-dominated sorting with
crowding distance. Output: a JSON array of at most K architectures, the submission.

Usage: python3 nsga2.py public-table.json --k 6 --out front.json [--generations 40] [--population 24] [--seed 0]
"""
import argparse
import json

import numpy as np

# The demo space (docs/supernet.md): input channels, classes, blocks (in, mid, out position, stride).
IN_CHANNELS, CLASSES = 1, 10
BLOCKS = [(0, 1, 2, 1), (2, 3, 4, 2), (4, 5, 6, 2)]


def parameters(w):
    p = 9 * IN_CHANNELS * w[0] + 2 * w[0]
    for i, m, o, _ in BLOCKS:
        p += 9 * w[i] * w[m] + 2 * w[m] + 9 * w[m] * w[o] + 2 * w[o] + w[i] * w[o] + 2 * w[o]
    return p + CLASSES * w[BLOCKS[-1][2]] + CLASSES


def objectives(table):
    archs = [v["arch"] for v in table.values()]
    widths = np.array([[int(x) for x in a.split("-")] for a in archs], dtype=float)
    known = np.array(["acc" in v for v in table.values()])
    err = np.array([1 - v.get("acc", np.nan) for v in table.values()])
    for i in np.where(~known)[0]:
        d = np.abs(widths[known] - widths[i]).sum(axis=1)
        err[i] = err[known][np.argsort(d, kind="stable")[:3]].mean()
    params = np.array([parameters([int(x) for x in a.split("-")]) for a in archs], dtype=float)
    return archs, widths, np.stack([err, params], axis=1)


def non_dominated_sort(f):
    n = len(f)
    dominated_by = [np.where(np.all(f <= f[i], axis=1) & np.any(f < f[i], axis=1))[0] for i in range(n)]
    rank = np.full(n, -1)
    level, remaining = 0, set(range(n))
    while remaining:
        front = [i for i in remaining if not any(j in remaining for j in dominated_by[i])]
        for i in front:
            rank[i] = level
        remaining -= set(front)
        level += 1
    return rank


def crowding(f):
    n = len(f)
    dist = np.zeros(n)
    for k in range(f.shape[1]):
        order = np.argsort(f[:, k], kind="stable")
        dist[order[[0, -1]]] = np.inf
        span = f[order[-1], k] - f[order[0], k] or 1.0
        dist[order[1:-1]] += (f[order[2:], k] - f[order[:-2], k]) / span
    return dist


def select(f, idx, size):
    """NSGA-II survival: by rank, then by crowding distance within the last rank admitted."""
    rank = non_dominated_sort(f[idx])
    chosen = []
    for level in range(rank.max() + 1):
        members = np.array(idx)[rank == level]
        if len(chosen) + len(members) <= size:
            chosen += list(members)
        else:
            c = crowding(f[members])
            chosen += list(members[np.argsort(-c, kind="stable")[: size - len(chosen)]])
            break
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("table")
    ap.add_argument("--k", type=int, default=6)
    ap.add_argument("--out", default="front.json")
    ap.add_argument("--generations", type=int, default=40)
    ap.add_argument("--population", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    with open(args.table) as fh:
        archs, widths, f = objectives(json.load(fh))
    n = len(archs)
    pop = list(rng.choice(n, size=min(args.population, n), replace=False))
    for _ in range(args.generations):
        children = []
        for i in pop:
            # Mutation: perturb the widths, then take the nearest candidate (the search moves inside the table).
            target = widths[i] + rng.normal(0, 4, size=widths.shape[1])
            children.append(int(np.argmin(np.abs(widths - target).sum(axis=1))))
        union = sorted(set(pop) | set(children))
        pop = select(f, union, min(args.population, len(union)))
    best = [i for i, r in zip(pop, non_dominated_sort(f[pop])) if r == 0]
    if len(best) > args.k:
        best = list(np.array(best)[np.argsort(-crowding(f[best]), kind="stable")[: args.k]])
    front = sorted((archs[i] for i in best), key=lambda a: parameters([int(x) for x in a.split("-")]))
    with open(args.out, "w") as fh:
        json.dump(front, fh, indent=1)
    print(f"wrote {args.out}: {len(front)} architectures")
    for a in front:
        i = archs.index(a)
        print(f"  {a}  estimated error {f[i, 0]:.4f}  parameters {int(f[i, 1])}")


if __name__ == "__main__":
    main()
