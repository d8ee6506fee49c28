"""What the benchmarks share: one BLAS thread, medians, the machine, a JSON record for the table.

Import it before numpy (or torch): the thread counts are read when those load. Every
benchmark prints ratios of things measured in the same run, because this machine is
shared and loaded (its load average is printed beside each result), and with
``--json PATH`` also writes what it measured for ``benchmarks/run_all.py``, which
turns the records into docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
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
