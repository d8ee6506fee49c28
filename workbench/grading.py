"""Grading for the app, free of UI: one blocking call, and a cancellable wrapper.

``autograder.grader.grade`` blocks until the sandboxed child has finished or
hit its time limit (10 s by default). The app calls it from a Textual thread
worker through :meth:`Grading.run`, which waits in short slices and gives up
as soon as the worker is cancelled (a newer save, leaving the screen, quitting):
the worker then ends at once, and the abandoned run's child is killed through
the grader's cancel event rather than left to its time limit. :func:`stop_sandbox_children`
ends what is left of such runs when the app exits.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from autograder.grader import GradeResult, GradingCancelled, grade


@dataclass
class GradeOutcome:
    exercise: str
    result: GradeResult | None
    error: str | None  # the grader itself failed (not the learner's fault)
    started: float  # time.monotonic() when the run began
    finished: float

    @property
    def seconds(self) -> float:
        return self.finished - self.started


class Grading:
    """Grades a workspace's files; record() keeps only the newest run's verdict."""

    def __init__(self, workspace, poll: float = 0.01):
        self.workspace = workspace
        self.poll = poll
        self._lock = threading.Lock()
        self._newest: dict[str, int] = {}
        self._counter = 0

    def new_run(self, exercise_id: str) -> int:
        """A number for a new run of `exercise_id`; every older run becomes stale."""
        with self._lock:
            self._counter += 1
            self._newest[exercise_id] = self._counter
            return self._counter

    def is_current(self, exercise_id: str, run: int) -> bool:
        return self._newest.get(exercise_id) == run

    def grade(self, exercise, lang: str = "en", stop: threading.Event | None = None) -> GradeOutcome:
        """Grade the learner's file of `exercise` (blocking; setting `stop` ends it early)."""
        started = time.monotonic()
        try:
            result = grade(exercise.id, self.workspace.file_for(exercise), lang=lang,
                           catalog=self.workspace.catalog, cancel=stop)
            error = None
        except GradingCancelled:
            result, error = None, None
        except Exception as err:  # the grader broke: say so, never crash the app
            result = None
            error = f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"
        return GradeOutcome(exercise.id, result, error, started, time.monotonic())

    def run(self, exercise, run: int, lang: str = "en",
            cancelled: Callable[[], bool] = lambda: False) -> GradeOutcome | None:
        """Grade in a helper thread; None if cancelled or superseded before the verdict.

        The verdict of the newest run is recorded in the workspace's progress.
        """
        box: list[GradeOutcome] = []
        done = threading.Event()
        stop = threading.Event()

        def target():
            try:
                box.append(self.grade(exercise, lang, stop))
            finally:
                done.set()

        threading.Thread(target=target, name=f"grade-{exercise.id}-{run}", daemon=True).start()
        while not done.wait(self.poll):
            if cancelled() or not self.is_current(exercise.id, run):
                stop.set()  # the sandbox kills the superseded run's child at once
                return None
        outcome = box[0] if box else None
        if outcome is None or cancelled():
            return None
        with self._lock:
            if not self.is_current(exercise.id, run):
                return None
            if outcome.result is not None:
                try:
                    self.workspace.record(outcome.result)
                except OSError:
                    pass  # a read-only workspace still shows the verdict
        return outcome


def sandbox_children() -> list[int]:
    """Process ids of this process's grading children still running (Linux; else [])."""
    me = os.getpid()
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            if ppid != me:
                continue
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        if b"autograder" in cmdline and b"_child.py" in cmdline:
            found.append(int(name))
    return found


def stop_sandbox_children() -> None:
    """End the process groups of abandoned grading runs (each child leads its own group)."""
    for pid in sandbox_children():
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def relative_to_workspace(workspace, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)
