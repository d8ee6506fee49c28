"""The Textual messages the workbench's screens and widgets exchange.

Workers post these from their threads (``post_message`` is thread-safe); the
handlers run on the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class GradeFinished(Message):
    """A grading run ended. `run` says which one: a stale run's result is dropped."""

    def __init__(self, exercise_id: str, run: int, outcome) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.run = run
        self.outcome = outcome  # workbench.grading.GradeOutcome


class PicturesSaved(Message):
    """The matplotlib PNGs of a result were written beside the workspace."""

    def __init__(self, exercise_id: str, run: int, paths: list[Path]) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.run = run
        self.paths = paths


class FileChanged(Message):
    """The learner's file changed on disk (after the watcher's debounce)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ProgressChanged(Message):
    """Progress was recorded for an exercise; the home screen redraws."""

    def __init__(self, exercise_id: str | None = None) -> None:
        super().__init__()
        self.exercise_id = exercise_id


class Rebuilding(Message):
    """The home screen is grading `count` edited files to rebuild lost progress (0: done)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
