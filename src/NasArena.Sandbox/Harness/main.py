#!/usr/bin/env python3
"""NasArena unseen-data harness: runs a participant's NAS package on one data set.

It is the platform's own program and runs inside the sandbox (bubblewrap or Docker), or on a participant's
machine through starter-kits/unseen-data/run_local.py. It follows the starting kit's API:

    DataProcessor(train_x, train_y, valid_x, valid_y, test_x, metadata).process() -> train, valid, test loaders
    NAS(train_loader, valid_loader, metadata).search()                              -> torch.nn.Module
    Trainer(model, device, train_loader, valid_loader, metadata).train(); .predict(test_loader) -> class indices

It reads train_x, train_y, valid_x, valid_y, test_x (.npy) and metadata.json from --data (test labels are never
there), adds metadata["time_remaining"], and writes predictions.npy plus status.jsonl: one JSON object per line,
the phase reached, and at the end either {"ok": true} or the exception with its traceback. Scoring against the
hidden labels happens outside, after this process has ended.
"""
import argparse
import importlib
import io
import json
import os
import random
import sys
import time
import traceback

PHASES = ["start", "load_data", "import", "process", "search", "train", "predict", "write", "done"]
ENTRY_MODULES = ["data_processor", "nas", "trainer"]  # the starting kit's file names, tried first
CLASS_NAMES = ["DataProcessor", "NAS", "Trainer"]


class TimeLimitExceeded(Exception):
    pass


class StatusWriter:
    """Appends JSON lines to the status file (a file descriptor in the sandbox, a path when run locally)."""

    def __init__(self, fd, started):
        self.fd = fd
        self.started = started
        self.phase = "start"

    def write(self, record):
        record.setdefault("phase", self.phase)
        record["elapsed"] = round(time.monotonic() - self.started, 3)
        line = (json.dumps(record, default=str) + "\n").encode("utf-8")
        try:
            os.write(self.fd, line)
        except OSError:
            pass  # the status channel is capped like all output; the outcome is still known from the exit code

    def enter(self, phase):
        self.phase = phase
        self.write({"phase": phase})
        print(f"[harness] {phase} ({time.monotonic() - self.started:.1f} s)", file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--submission", required=True, help="folder holding the participant's .py files")
    p.add_argument("--data", required=True, help="folder holding the data set's public arrays and metadata.json")
    p.add_argument("--time-limit", type=float, default=1800.0, help="seconds for the whole run up to the end of train()")
    p.add_argument("--predictions-fd", type=int, help="write predictions.npy to this open file descriptor")
    p.add_argument("--status-fd", type=int, help="write status lines to this open file descriptor")
    p.add_argument("--out", help="folder for predictions.npy and status.jsonl (instead of descriptors)")
    args = p.parse_args(argv)
    if args.out is None and (args.predictions_fd is None or args.status_fd is None):
        p.error("give --out, or both --predictions-fd and --status-fd")
    return args


def load_data(folder):
    import numpy as np

    arrays = {}
    for name in ["train_x", "train_y", "valid_x", "valid_y", "test_x"]:
        arrays[name] = np.load(os.path.join(folder, name + ".npy"), allow_pickle=False)
    with open(os.path.join(folder, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    return arrays, metadata


def find_classes(folder):
    """Imports the package's root modules (the kit's names first) and takes the first binding of each class."""
    sys.path.insert(0, folder)
    modules = [m for m in ENTRY_MODULES if os.path.isfile(os.path.join(folder, m + ".py"))]
    modules += sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f[:-3] not in modules)
    found = {}
    for name in modules:
        module = importlib.import_module(name)
        for cls in CLASS_NAMES:
            if cls not in found and hasattr(module, cls):
                found[cls] = getattr(module, cls)
        if len(found) == len(CLASS_NAMES):
            break
    missing = [c for c in CLASS_NAMES if c not in found]
    if missing:
        raise ImportError("no module of the package defines " + ", ".join(missing) +
                          " (looked in " + ", ".join(m + ".py" for m in modules) + ")")
    return found["DataProcessor"], found["NAS"], found["Trainer"]


def to_array(predictions):
    import numpy as np

    try:
        import torch
        if isinstance(predictions, torch.Tensor):
            predictions = predictions.detach().cpu().numpy()
        elif isinstance(predictions, (list, tuple)) and predictions and all(isinstance(p, torch.Tensor) for p in predictions):
            predictions = torch.cat([p.detach().cpu().reshape(-1) if p.dim() <= 1 else p.detach().cpu() for p in predictions]).numpy()
    except ImportError:
        pass
    array = np.asarray(predictions)
    if array.dtype == object:
        raise TypeError("predict() returned values that do not form a numeric array (got " + type(predictions).__name__ + ")")
    return array


def write_predictions(array, fd=None, path=None):
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    data = buffer.getvalue()
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
        return
    # Whatever the package may have written to this descriptor before is discarded.
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def seed_everything(seed=0):
    """Same seeds on every worker: a rerun of a submission should give the same score where the package allows it."""
    random.seed(seed)
    import numpy as np
    np.random.seed(seed)


def prepare_torch(seed=0):
    """Imported only once the package's data processing has run: torch takes seconds to import."""
    import torch
    torch.manual_seed(seed)
    threads = int(os.environ.get("NASARENA_THREADS", "0"))
    if threads > 0:
        torch.set_num_threads(threads)
    return torch


def run(args, status, started):
    status.enter("load_data")
    arrays, metadata = load_data(args.data)
    seed_everything()

    status.enter("import")
    DataProcessor, NAS, Trainer = find_classes(os.path.abspath(args.submission))

    def remaining():
        return args.time_limit - (time.monotonic() - started)

    status.enter("process")
    metadata["time_remaining"] = remaining()
    loaders = DataProcessor(arrays["train_x"], arrays["train_y"], arrays["valid_x"], arrays["valid_y"],
                            arrays["test_x"], metadata).process()
    train_loader, valid_loader, test_loader = loaders
    torch = prepare_torch()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    status.enter("search")
    metadata["time_remaining"] = remaining()
    model = NAS(train_loader, valid_loader, metadata).search()
    if not isinstance(model, torch.nn.Module):
        raise TypeError("NAS.search() must return a torch.nn.Module, got " + type(model).__name__)

    status.enter("train")
    metadata["time_remaining"] = remaining()
    trainer = Trainer(model, device, train_loader, valid_loader, metadata)
    trainer.train()
    if remaining() < 0:
        raise TimeLimitExceeded(f"training ended after {time.monotonic() - started:.1f} s; the limit is {args.time_limit:g} s")

    status.enter("predict")
    metadata["time_remaining"] = remaining()
    array = to_array(trainer.predict(test_loader))

    status.enter("write")
    if args.out is not None:
        write_predictions(array, path=os.path.join(args.out, "predictions.npy"))
    else:
        write_predictions(array, fd=args.predictions_fd)
    status.phase = "done"
    status.write({"phase": "done", "ok": True, "shape": list(array.shape), "dtype": str(array.dtype)})


def main(argv=None):
    started = time.monotonic()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.out is not None:
        os.makedirs(args.out, exist_ok=True)
        status_fd = os.open(os.path.join(args.out, "status.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    else:
        status_fd = args.status_fd
    status = StatusWriter(status_fd, started)
    status.enter("start")
    try:
        run(args, status, started)
        return 0
    except BaseException as e:  # SystemExit and KeyboardInterrupt from package code are failures too
        tb = traceback.format_exc()
        print(tb, file=sys.stderr, flush=True)
        status.write({"ok": False, "error": {"type": type(e).__name__, "message": str(e)[:2000],
                                             "errno": getattr(e, "errno", None), "traceback": tb[-8000:]}})
        return 3


if __name__ == "__main__":
    sys.exit(main())
