#!/usr/bin/env python3
"""Runs a NAS package on a data set the way the platform does, and scores it, on your own machine.

    python3 run_local.py PACKAGE DATASET [DATASET ...] [--time-limit 1800] [--shared-budget] [--keep DIR]

PACKAGE is your package folder or zip (DataProcessor, NAS and Trainer in its .py files); DATASET a data set zip
(train_x, train_y, valid_x, valid_y, test_x, test_y .npy + metadata.json) or a folder of those files.

It runs harness/main.py, the platform's own harness (the same file the platform runs inside its sandbox), in a
separate Python process that sees a copy of the data set without test_y, with the time limit and the 60 s grace
for prediction, and scores the predictions as the platform does: 10 * (acc - benchmark) / (100 - benchmark),
floored at -10, summed over data sets. There is no sandbox here (no network, memory or process limits): the
platform's limits are described in docs/unseen-data.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "harness", "main.py")
PUBLIC = ["train_x.npy", "train_y.npy", "valid_x.npy", "valid_y.npy", "test_x.npy", "metadata.json"]
RESERVED = {"main.py", "score.py"}


def unpack(path, target):
    """A zip is extracted (a single top folder is taken as the root, as the platform does); a folder is used as is."""
    if os.path.isdir(path):
        return path
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("/") or ".." in name.split("/"):
                sys.exit(f"{path}: unsafe entry {name!r}; the platform rejects such packages")
        z.extractall(target)
    entries = [e for e in os.listdir(target) if e != "__MACOSX"]
    if len(entries) == 1 and os.path.isdir(os.path.join(target, entries[0])):
        return os.path.join(target, entries[0])
    return target


def score(accuracy, benchmark):
    return max(-10.0, 10.0 * (accuracy - benchmark) / (100.0 - benchmark))


def run_one(package, dataset, time_limit, grace, keep, index=0, count=1, budget=None, used=0.0):
    import numpy as np

    work = tempfile.mkdtemp(prefix="nasarena-local-")
    try:
        source = unpack(dataset, os.path.join(work, "dataset"))
        data = os.path.join(work, "data")
        os.makedirs(data)
        for name in PUBLIC:  # test_y stays out of what the package can see, as on the platform
            shutil.copy(os.path.join(source, name), data)
        with open(os.path.join(data, "metadata.json")) as f:
            metadata = json.load(f)
        out = keep or os.path.join(work, "out")
        os.makedirs(out, exist_ok=True)
        cwd = os.path.join(work, "cwd")
        os.makedirs(cwd)
        cmd = [sys.executable, "-u", HARNESS, "--submission", package, "--data", data,
               "--time-limit", str(time_limit), "--out", out, "--dataset-index", str(index), "--dataset-count", str(count),
               "--budget", str(time_limit if budget is None else budget), "--budget-used", str(used)]
        print(f"=== {metadata['codename']}: {' '.join(cmd)}", flush=True)
        started = time.monotonic()
        try:
            code = subprocess.run(cmd, cwd=cwd, timeout=time_limit + grace).returncode
        except subprocess.TimeoutExpired:
            return metadata, None, f"Time limit: stopped after {time_limit + grace:g} s", time_limit + grace
        elapsed = time.monotonic() - started

        status = {}
        with open(os.path.join(out, "status.jsonl")) as f:
            for line in f:
                try:
                    status.update(json.loads(line))
                except ValueError:
                    pass
        if code != 0 or not status.get("ok"):
            error = status.get("error") or {}
            return metadata, None, f"failed in phase {status.get('phase')!r}: {error.get('type')}: {error.get('message')}", elapsed
        predictions = np.load(os.path.join(out, "predictions.npy"), allow_pickle=False)
        labels = np.load(os.path.join(source, "test_y.npy"))
        if predictions.shape != labels.shape:
            return metadata, None, f"Bad predictions: shape {predictions.shape}; expected {labels.shape}", elapsed
        if predictions.dtype.kind not in "iu":
            return metadata, None, f"Bad predictions: dtype {predictions.dtype}; expected integer class indices", elapsed
        accuracy = 100.0 * float((predictions == labels).mean())
        print(f"=== {metadata['codename']}: accuracy {accuracy:.2f} % in {elapsed:.0f} s", flush=True)
        return metadata, accuracy, None, elapsed
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("package")
    p.add_argument("datasets", nargs="+")
    p.add_argument("--time-limit", type=float, default=1800.0, help="seconds per data set (the track's timeLimitSeconds)")
    p.add_argument("--grace", type=float, default=60.0, help="extra seconds for prediction")
    p.add_argument("--shared-budget", action="store_true",
                   help="--time-limit is for all data sets together (the track's timeBudget \"shared\", 2022-2025 kits)")
    p.add_argument("--keep", help="keep predictions.npy and status.jsonl in this folder (one data set only)")
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="nasarena-package-") as tmp:
        package = os.path.abspath(unpack(args.package, tmp))
        clash = RESERVED & set(os.listdir(package))
        if clash:
            sys.exit(f"{args.package}: the platform rejects packages holding {', '.join(sorted(clash))} (the harness's own names)")
        total, rows, used = 0.0, [], 0.0
        for index, dataset in enumerate(args.datasets):
            limit = args.time_limit - used if args.shared_budget else args.time_limit
            if limit <= 0:
                rows.append((os.path.basename(dataset), None, 0.0, -10.0, "did not run: the shared budget was spent"))
                total -= 10.0
                continue
            metadata, accuracy, error, elapsed = run_one(package, dataset, limit, args.grace, args.keep, index,
                                                         len(args.datasets), args.time_limit, used)
            used += elapsed if args.shared_budget else 0.0
            s = -10.0 if accuracy is None else score(accuracy, metadata["benchmark"])
            total += s
            rows.append((metadata["codename"], accuracy, metadata["benchmark"], s, error))
    print()
    for codename, accuracy, benchmark, s, error in rows:
        acc = "failed" if accuracy is None else f"{accuracy:6.2f} %"
        print(f"{codename:<16} accuracy {acc:>9}  benchmark {benchmark:6.2f} %  score {s:7.3f}" + (f"  ({error})" if error else ""))
    print(f"{'total':<16} score {total:.3f}")


if __name__ == "__main__":
    main()
