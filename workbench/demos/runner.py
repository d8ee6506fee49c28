"""Running a demo: the parent's side, shared by `workbench demo` and the app's demo screen.

`DemoRun` starts the child (workbench.demos.child) in its own process group, hands it the
request, and yields its events as dicts; `stop()` ends it (and whatever it started) at once,
so a demo can be stopped whatever the learner's code is doing.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import autograder
from workbench.demos import layers

PACKAGE_ROOT = str(Path(autograder.__file__).resolve().parent.parent)
DEFAULT_SEED = 1


@dataclass
class Request:
    demo: str
    plan: layers.Plan
    corpus: str = "default"
    epochs: int | None = None
    seed: int = DEFAULT_SEED
    plots_dir: str = ""

    def to_json(self) -> str:
        return json.dumps({"demo": self.demo, "plan": self.plan.to_json(), "corpus": self.corpus,
                           "epochs": self.epochs, "seed": self.seed, "plots_dir": self.plots_dir})


def child_env() -> dict:
    env = dict(os.environ)
    # one BLAS thread: the same numbers every run, and no fight with the app for the cores
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = os.pathsep.join([PACKAGE_ROOT, *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class DemoRun:
    def __init__(self, request: Request, cwd: Path | None = None):
        self.request = request
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=200)
        self.returncode: int | None = None
        self.stopped = False
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.demos.child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=child_env(), cwd=cwd, start_new_session=True)
        self._drain = threading.Thread(target=self._read_stderr, daemon=True)
        self._drain.start()
        try:
            self._proc.stdin.write(request.to_json().encode("utf-8"))
            self._proc.stdin.close()
        except OSError:
            pass  # the child is gone already: its events (none) and return code say so

    def _read_stderr(self) -> None:
        for raw in self._proc.stderr:
            self.stderr_tail.append(raw.decode("utf-8", errors="replace").rstrip("\n"))

    def events(self):
        """The child's events in order, until it exits."""
        for raw in self._proc.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if isinstance(event, dict):
                yield event
        self.returncode = self._proc.wait()
        self._drain.join(timeout=5)

    def stop(self) -> None:
        """End the child and anything it started; events() then ends."""
        self.stopped = True
        if self._proc.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self._proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                return
            try:
                self._proc.wait(timeout=2)
                return
            except subprocess.TimeoutExpired:
                continue
