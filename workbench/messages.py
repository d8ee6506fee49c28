"""The Textual messages the workbench's screens exchange.

Workers post these from their threads (``post_message`` is thread-safe); the
handlers run on the UI thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual.message import Message


class GradeFinished(Message):
    """A grading run ended. `run` says which one: a stale run's result is dropped.

    `outcome` is None when the run was stopped before a verdict (superseded).
    """

    def __init__(self, run: int, outcome) -> None:
        super().__init__()
        self.run = run
        self.outcome = outcome  # workbench.grading.GradeOutcome | None


class GradeProgress(Message):
    """Some checks of run `run` were decided: `result` is the verdict so far (the others "checking").

    `drawn`, when given, is set once these rows are on screen (or will not be: an older run's);
    the grading thread waits for it before it decides more, so as not to hold the GIL while the
    app draws them."""

    def __init__(self, run: int, result, drawn: threading.Event | None = None) -> None:
        super().__init__()
        self.run = run
        self.result = result  # autograder.grader.GradeResult, its undecided checks "checking"
        self.drawn = drawn


class SpeedMeasured(Message):
    """The speed checks of run `run`, pending in its verdict, were timed: `outcome` has them.

    `outcome` is None when the timing was superseded before it ended.
    """

    def __init__(self, run: int, outcome) -> None:
        super().__init__()
        self.run = run
        self.outcome = outcome  # workbench.grading.GradeOutcome | None


class PicturesSaved(Message):
    """The matplotlib PNGs of a result were written beside the workspace."""

    def __init__(self, run: int, paths: list[Path]) -> None:
        super().__init__()
        self.run = run
        self.paths = paths


class ProgressChanged(Message):
    """Progress was recorded for `exercise` (None: for any); the home screen redraws."""

    def __init__(self, exercise: str | None = None) -> None:
        super().__init__()
        self.exercise = exercise


class Rebuilding(Message):
    """The home screen is grading the edited files `exercises` whose progress is lost or older
    than the file (none: done)."""

    def __init__(self, exercises=()) -> None:
        super().__init__()
        self.exercises = tuple(exercises)

    @property
    def count(self) -> int:
        return len(self.exercises)
