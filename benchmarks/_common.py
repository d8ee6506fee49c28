"""What the benchmarks share: one BLAS thread, medians, the machine, a JSON record for the table.

Import it before numpy (or torch): the thread counts are read when those load. Every
benchmark prints ratios of things measured in the same run, because this machine is
shared and loaded (its load average is printed beside each result), and with
``--json PATH`` also writes what it measured for ``benchmarks/run_all.py``, which
turns the records into docs/benchmarks.md.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import platform
import statistics
import sys
import time
import types
from dataclasses import asdict, dataclass, field
from pathlib import Path

# one BLAS thread: what the sandbox's child uses, and the same answer in every run
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

# A learner's Python keeps its bytecode caches; with PYTHONDONTWRITEBYTECODE (set on some build
# machines) every `autograder grade` the benchmarks start would compile the grader anew (~70 ms)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    """Seconds of each run; the median is what the tables use."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def ms(self) -> str:
        return f"{self.median * 1000:7.1f} ms (min {self.low * 1000:.0f}, max {self.high * 1000:.0f})"


def timed(fn, runs: int, warmup: int = 0) -> Timing:
    for _ in range(warmup):
        fn()
    timing = Timing()
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timing.samples.append(time.perf_counter() - start)
    return timing


def machine() -> dict:
    """Where and when it ran, for the table's header."""
    import numpy

    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpus": os.cpu_count(),
        "load_average": load,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(terse=True),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def load_now() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def write_json(path: str | None, record: dict) -> None:
    if not path:
        return
    record = {**record, "machine": machine()}
    Path(path).write_text(json.dumps(record, indent=1, default=_plain), encoding="utf-8")


def _plain(value):
    if isinstance(value, Timing):
        return {"median": value.median, "min": value.low, "max": value.high, "n": len(value.samples)}
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    raise TypeError(type(value).__name__)


def repo_on_path() -> None:
    """Run from a clone without installing: the packages and the references import."""
    for path in (ROOT, ROOT / "solutions"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))


# -- the book's code -------------------------------------------------------------------------------

BOOK_URL = "https://raw.githubusercontent.com/oreilly-japan/deep-learning-from-scratch-2/master/"
# the book's files the benchmarks read: a folder that holds them all is a checkout of the book
BOOK_FILES = ("common/np.py", "common/config.py", "common/functions.py", "common/layers.py", "common/time_layers.py",
              "common/optimizer.py", "common/trainer.py", "common/util.py", "common/base_model.py",
              "ch04/cbow.py", "ch04/negative_sampling_layer.py", "ch06/rnnlm.py", "ch07/seq2seq.py",
              "ch07/peeky_seq2seq.py", "ch08/attention_layer.py", "ch08/attention_seq2seq.py")
BOOK_FIXTURES = ROOT / "tests" / "submissions" / "book"
# the files that hold the book's modules as it prints them, for the grader's trials: which each module reads
BOOK_MODULE_FIXTURES = {
    "common.functions": ("softmax.py", "sigmoid.py"),
    "common.layers": ("affine.py", "softmax.py", "softmax_with_loss.py", "sigmoid.py", "embedding.py"),
    "common.time_layers": ("time_layers.py", "time_rnn.py", "time_lstm.py"),
    "common.optimizer": ("optimizers.py",),
    "common.util": ("clip_grads.py",),
    "ch04.negative_sampling_layer": ("negative_sampling.py",),
    "ch04.cbow": ("cbow.py",),
    "ch06.rnnlm": ("rnnlm.py",),
    "ch07.seq2seq": ("seq2seq.py",),
    "ch08.attention_layer": ("attention_weight.py",),
    "ch08.attention_seq2seq": ("attention.py",),
}
BOOK_PACKAGES = ("common", "ch04", "ch06", "ch07", "ch08")


class BookCode:
    """The book's modules, each in a namespace of its own, beside the project's `common` in one process.

    From a checkout of github.com/oreilly-japan/deep-learning-from-scratch-2 (`folder`): every
    module is the book's file. Without one: the fixtures in tests/submissions/book, which hold
    most of the book's modules (BOOK_MODULE_FIXTURES); a name they lack (the Trainer's
    remove_duplicate, SigmoidWithLoss, BaseModel) is the project's stand-in's, and `borrowed`
    lists it. The book's `from common.x import ...` and `from ch07.x import ...` lines read
    these modules, never the project's packages of the same names.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.modules: dict[str, types.ModuleType] = {}
        self.borrowed: set[str] = set()
        self.builtins = {**vars(builtins), "__import__": self._import}

    def module(self, name: str) -> types.ModuleType:
        if name not in self.modules:
            module = self.modules[name] = types.ModuleType(f"book.{name}")
            module.__dict__["__builtins__"] = self.builtins
            saved = list(sys.path)  # the book's files append os.pardir to it, for a script run from ch0N/
            for path in self._files(name):
                exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)  # noqa: S102 - the book's own files
            sys.path[:] = saved
            if self.folder is None:
                module.__getattr__ = lambda attr, name=name: self._stand_in(name, attr)
        return self.modules[name]

    def _files(self, name: str) -> list[Path]:
        if self.folder is not None:
            return [self.folder / (name.replace(".", "/") + ".py")]
        if name == "common.np":  # the book's common/np.py on a CPU: numpy, GPU off
            self.modules[name].__dict__.update(np=importlib.import_module("numpy"), GPU=False)
            return []
        return [BOOK_FIXTURES / file for file in BOOK_MODULE_FIXTURES.get(name, ())]

    def _stand_in(self, name: str, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        repo_on_path()
        from workbench.demos.layers import child_sys_path

        for path in reversed(child_sys_path()):
            if path not in sys.path:
                sys.path.insert(0, path)
        value = getattr(importlib.import_module(name), attr)
        self.borrowed.add(f"{name}.{attr}")
        return value

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] in BOOK_PACKAGES and "." in name:
            if not fromlist:
                raise ImportError(f"the book's code imports {name} as a whole package: not supported here")
            return self.module(name)
        return builtins.__import__(name, globals, locals, fromlist, level)


class BookMissing(FileNotFoundError):
    """No folder holds the book's files a script needs, or the one named lacks some."""


def book_cache() -> Path:
    """Where fetched files of the book are kept: ~/.cache/dlfs2-workbench/book ($XDG_CACHE_HOME respected)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dlfs2-workbench" / "book"


def book_folder(given: str | None = None, needs: tuple[str, ...] = BOOK_FILES, fetch: bool = False) -> Path | None:
    """The folder holding the book's files `needs`: `given` (--book), else $DLFS2_BOOK_DIR, else the cache.

    A folder named by `given` or $DLFS2_BOOK_DIR must hold them (BookMissing says which it lacks).
    Without one there, `fetch` fetches them from GitHub into the cache (a script that needs the
    book's own files: BookMissing if that fails); else None (the script runs from the fixtures).
    """
    for named in (given, os.environ.get("DLFS2_BOOK_DIR")):
        if named:
            missing = [name for name in needs if not (Path(named) / name).is_file()]
            if len(missing) == len(needs):
                raise BookMissing(f"{named} is not a checkout of the book's repository (no {missing[0]})")
            if missing:
                raise BookMissing(f"{named} does not hold the book's {', '.join(missing)}")
            return Path(named)
    cache = book_cache()
    if all((cache / name).is_file() for name in needs):
        return cache
    return _fetch_book(cache, needs) if fetch else None


def _fetch_book(cache: Path, needs: tuple[str, ...]) -> Path:
    import urllib.request

    try:
        for name in needs:
            target = cache / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with urllib.request.urlopen(BOOK_URL + name, timeout=30) as response:  # noqa: S310 - a fixed https URL
                target.write_bytes(response.read())
    except OSError as failed:
        raise BookMissing(f"could not fetch the book's code from GitHub ({failed}): clone "
                          f"https://github.com/oreilly-japan/deep-learning-from-scratch-2 and pass --book DIR") from None
    # a regular package: without __init__.py the book's `common` would lose to any regular one on sys.path
    (cache / "common" / "__init__.py").touch()
    return cache


def book_code(given: str | None = None) -> BookCode:
    """The book's code: from the folder book_folder finds, else from tests/submissions/book."""
    return BookCode(book_folder(given))


def book_trainer_step(code: BookCode, model, optimizer, max_grad: float | None):
    """One batch of the book's Trainer.fit (and RnnlmTrainer's): forward, backward, shared weights
    merged, gradients clipped, the optimizer's update; returns the loss."""
    clip_grads = code.module("common.util").clip_grads
    remove_duplicate = code.module("common.trainer").remove_duplicate

    def step(xs, ts):
        loss = model.forward(xs, ts)
        model.backward()
        params, grads = remove_duplicate(model.params, model.grads)
        if max_grad is not None:
            clip_grads(grads, max_grad)
        optimizer.update(params, grads)
        return float(loss)

    return step


def book_source(code: BookCode) -> str:
    """Where the book's code came from, for the printed header."""
    if code.folder is not None:
        return f"the book's code from {code.folder}"
    text = "the book's code from tests/submissions/book"
    if code.borrowed:
        text += "; the project's " + ", ".join(sorted(code.borrowed)) + " (not among those files)"
    return text
