#!/usr/bin/env python3
"""NasArena unseen-data harness: runs a participant's NAS package on one data set.

It is the platform's own program and runs inside the sandbox (bubblewrap or Docker), or on a participant's
machine through starter-kits/unseen-data/run_local.py. It follows the NAS Unseen-Data starting kit's evaluation/main.py (every edition, 2022 to 2026):

    DataProcessor(train_x, train_y, valid_x, valid_y, test_x, metadata[, clock]).process() -> train, valid, test loaders
    NAS(train_loader, valid_loader, metadata[, clock]).search()                              -> torch.nn.Module
    Trainer(model, device, train_loader, valid_loader, metadata[, clock]).train(); .predict(test_loader) -> labels

The clock (2025 onward) is passed to a class whose constructor takes one positional parameter more than the 2022-2024
kit's. As in the kit: one metadata dict is shared by the three stages (packages pass messages in it), input_shape is
[N, C, H, W] (a list), time_remaining is refreshed before each stage, the test loader must not shuffle or drop its last
batch, and the working directory is a writable copy of the package root, which is also on sys.path.

It reads train_x, train_y, valid_x, valid_y, test_x (.npy) and metadata.json from --data (test labels are never
there) and writes predictions.npy plus status.jsonl: one JSON object per line, the phase reached, and at the end
either {"ok": true} or the exception with its traceback. Scoring against the hidden labels happens outside, after
this process has ended.
"""
import argparse
import importlib
import inspect
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import traceback

PHASES = ["start", "load_data", "import", "process", "search", "train", "predict", "write", "done"]
ENTRY_MODULES = ["data_processor", "nas", "trainer"]  # the starting kit's file names, tried first
CLASS_NAMES = ["DataProcessor", "NAS", "Trainer"]


class TimeLimitExceeded(Exception):
    pass


class BadTestLoader(Exception):
    """The kit's own check: a shuffled test loader, or one that drops its last batch, breaks the order of predictions."""


class BadConstructor(Exception):
    """A class whose constructor takes neither the 2022-2024 kit's arguments nor those plus the clock."""


class Clock:
    """Behaves like the 2025/2026 kit's Clock: check() is the seconds left; start_time and time_limit are
    time.perf_counter() values (time_limit - start_time = the budget in seconds). total_time is the 2022 kit's name
    of the budget. With a budget shared by the data sets, start_time is when the first data set started."""

    def __init__(self, budget_seconds, used_seconds):
        self.start_time = time.perf_counter() - used_seconds
        self.total_time = budget_seconds
        self.time_limit = self.start_time + budget_seconds

    def check(self):
        return self.time_limit - time.perf_counter()


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
    p.add_argument("--time-limit", type=float, default=1800.0, help="seconds this run may take up to the end of train()")
    p.add_argument("--budget", type=float, help="seconds of the budget the clock shows (default: --time-limit)")
    p.add_argument("--budget-used", type=float, default=0.0, help="seconds of --budget spent before this run (shared budget)")
    p.add_argument("--dataset-index", type=int, default=0, help="metadata['dataset_index'] (0-based, as in the 2022-23 kit)")
    p.add_argument("--dataset-count", type=int, default=1, help="metadata['dataset_total_number']")
    p.add_argument("--workdir", help="where the writable copy of the package goes (default: a new temporary folder)")
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
    # The kit's input_shape is [N, C, H, W] (packages read the channels as input_shape[1]); data sets here may give
    # [C, H, W], to which N = all items of the three splits is prepended.
    shape = list(metadata.get("input_shape", arrays["train_x"].shape[1:]))
    if len(shape) == arrays["train_x"].ndim - 1:
        shape = [sum(len(arrays[n]) for n in ["train_x", "valid_x", "test_x"])] + shape
    metadata["input_shape"] = [int(d) for d in shape]
    return arrays, metadata


def writable_copy(submission, workdir):
    """The kit runs the package in its own folder: files next to the code are found by relative paths, and may be
    written. The package stays read-only; this copy is the working directory and the first entry of sys.path."""
    target = workdir or tempfile.mkdtemp(prefix="nasarena-package-")
    shutil.copytree(submission, target, dirs_exist_ok=True)
    os.chdir(target)
    return os.path.abspath(target)


def construct(cls, stage, args, clock):
    """Calls cls(*args) or, when its constructor takes one positional parameter more (the 2025/2026 kit), cls(*args, clock)."""
    try:
        params = list(inspect.signature(cls).parameters.values())
    except (TypeError, ValueError):
        return cls(*args)  # no signature to read (a builtin or C extension): the 2022-2024 call
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return cls(*args, clock)
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(required) > len(args) + 1:
        raise BadConstructor(f"{stage}() takes {len(required)} arguments ({', '.join(p.name for p in required)}); the kit "
                             f"passes {len(args)} ({', '.join(ARG_NAMES[stage])}) or {len(args) + 1} (the same and clock)")
    return cls(*args, clock) if len(positional) > len(args) else cls(*args)


ARG_NAMES = {
    "DataProcessor": ["train_x", "train_y", "valid_x", "valid_y", "test_x", "metadata"],
    "NAS": ["train_loader", "valid_loader", "metadata"],
    "Trainer": ["model", "device", "train_loader", "valid_loader", "metadata"],
}


def check_test_loader(loader):
    """The kit's asserts after process(), as named failures. Only torch loaders have these attributes."""
    if hasattr(loader, "sampler"):
        from torch.utils.data import RandomSampler
        if isinstance(loader.sampler, RandomSampler):
            raise BadTestLoader("the test loader shuffles (its sampler is a RandomSampler), so predictions would not "
                                "follow the test items' order: build it with shuffle=False")
    if getattr(loader, "drop_last", False):
        raise BadTestLoader("the test loader drops its last batch, so some test items would get no prediction: "
                            "build it with drop_last=False")


def find_classes(folder):
    """Imports the package's root modules (the kit's names first) and takes the first binding of each class."""
    sys.path.insert(0, folder)  # the kit's files import each other and their helpers as top-level modules
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
    budget = args.time_limit if args.budget is None else args.budget
    # One dict for all three stages, as in the kit. time_limit is in hours, as the 2026 kit gives it.
    metadata.update({"time_limit": budget / 3600, "dataset_index": args.dataset_index,
                     "dataset_total_number": args.dataset_count})

    clock = Clock(budget, args.budget_used + time.monotonic() - started)  # loading the data counts, as in the kit

    status.enter("import")
    DataProcessor, NAS, Trainer = find_classes(writable_copy(args.submission, args.workdir))

    def remaining():
        return args.time_limit - (time.monotonic() - started)

    status.enter("process")
    metadata["time_remaining"] = clock.check()
    processor = construct(DataProcessor, "DataProcessor", [arrays["train_x"], arrays["train_y"], arrays["valid_x"],
                                                           arrays["valid_y"], arrays["test_x"], metadata], clock)
    train_loader, valid_loader, test_loader = processor.process()
    check_test_loader(test_loader)
    torch = prepare_torch()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    status.enter("search")
    metadata["time_remaining"] = clock.check()
    model = construct(NAS, "NAS", [train_loader, valid_loader, metadata], clock).search()
    if not isinstance(model, torch.nn.Module):
        raise TypeError("NAS.search() must return a torch.nn.Module, got " + type(model).__name__)

    status.enter("train")
    metadata["time_remaining"] = clock.check()
    trainer = construct(Trainer, "Trainer", [model, device, train_loader, valid_loader, metadata], clock)
    trainer.train()
    if remaining() < 0:
        raise TimeLimitExceeded(f"training ended after {time.monotonic() - started:.1f} s; the limit is {args.time_limit:g} s")

    status.enter("predict")
    metadata["time_remaining"] = clock.check()
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
    # The package's copy becomes the working directory: paths given relative to the caller's must not move with it.
    for name in ["submission", "data", "out", "workdir"]:
        if getattr(args, name) is not None:
            setattr(args, name, os.path.abspath(getattr(args, name)))
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
