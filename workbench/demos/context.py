"""What a demo's `run(ctx)` is given, in the child process: its names, corpus, settings and outlets."""

from __future__ import annotations

import contextlib
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# progress events at most this often (the last update of an epoch always goes): the parent
# redraws a bar, not every one of thousands of updates a second
PROGRESS_EVERY_S = 0.05


@dataclass
class Context:
    names: dict  # name the demo needs → the object (the learner's, a reference or a fallback)
    corpus: object  # workbench.demos.corpus.Corpus
    epochs: int | None
    seed: int
    plots_dir: Path
    demo_id: str
    emit: Callable[[dict], None]
    _last_progress: float = field(default=0.0, repr=False)

    # -- outlets --------------------------------------------------------------------------
    def log(self, en: str, zh: str | None = None) -> None:
        """A line for the learner (both languages; the parent prints the one in use)."""
        self.emit({"type": "log", "en": en, "zh": zh or en})

    def progress(self, epoch: int, iteration: int, iterations: int, loss: float) -> None:
        """The Trainer's progress hook: Trainer(model, optimizer, progress=ctx.progress)."""
        now = time.monotonic()
        if iteration == iterations or now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            self.emit({"type": "progress", "epoch": epoch, "epochs": self.epochs, "iteration": iteration,
                       "iterations": iterations, "loss": float(loss)})

    def curve(self, name: str, values: list[float], xlabel: str = "iteration") -> None:
        """A whole curve (the Trainer's loss_list): the parent draws it in the terminal."""
        self.emit({"type": "curve", "name": name, "values": [float(v) for v in values], "xlabel": xlabel})

    def curves(self, name: str, series: list[tuple[dict[str, str], list[float]]], xlabel: str = "epoch") -> None:
        """Several curves in one chart (the three addition models' accuracy), each with its label in
        every language; `values` is the first of them, for a reader that draws one curve."""
        lines = [{"label": label, "values": [float(v) for v in values]} for label, values in series]
        self.emit({"type": "curve", "name": name, "values": lines[0]["values"] if lines else [],
                   "series": lines, "xlabel": xlabel})

    def picture(self, path: Path) -> None:
        self.emit({"type": "picture", "path": str(path)})

    def printed(self, function, *args, **kwargs) -> tuple[object, str]:
        """Call a function that prints (the book's most_similar): its result and what it printed."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = function(*args, **kwargs)
        return result, out.getvalue()

    def plot_path(self, suffix: str) -> Path:
        return self.plots_dir / f"demo-{self.demo_id}-{suffix}.png"


def json_line(event: dict) -> str:
    return json.dumps(event, ensure_ascii=False, allow_nan=False, default=_plain) + "\n"


def _plain(value):
    # numpy scalars and arrays in a metric: plain numbers and lists
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON")
