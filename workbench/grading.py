"""Grading for the app, free of UI: one blocking call per run, cancellable through an event.

``autograder.grader.grade`` blocks until the sandboxed child has finished or
hit its time limit (10 s by default). The app calls it from a Textual thread
worker through :meth:`Grading.run`. Every run has a ``threading.Event`` that is
set when a newer run of the same exercise starts or when its owner cancels it
(the screen was left, the app quits): the grader then kills the run's child at
once and the worker ends. ``autograder.sandbox.kill_running`` ends whatever is
left of abandoned runs when the app exits.
"""

from __future__ import annotations

import dataclasses
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from autograder.grader import GradeResult, GradingCancelled, grade, measure_speed
from autograder.messages import Msg


@dataclass
class GradeOutcome:
    exercise: str
    result: GradeResult | None
    error: str | None  # the grader itself failed (not the learner's fault)


class Grading:
    """Grades a workspace's files; only the newest run of an exercise has its verdict recorded."""

    def __init__(self, workspace):
        self.workspace = workspace
        self._lock = threading.Lock()
        self._newest: dict[str, int] = {}
        self._stops: dict[tuple[str, int], threading.Event] = {}  # runs not finished yet
        self._counter = 0

    def new_run(self, exercise_id: str, unless_busy: bool = False) -> int | None:
        """A number for a new run of `exercise_id`; every older run becomes stale and is stopped.

        With `unless_busy`, None instead while a run of the exercise is still going: a
        background re-grade (the home screen's) then leaves the exercise to that run
        rather than superseding it.
        """
        with self._lock:
            older = [key for key in self._stops if key[0] == exercise_id]
            if unless_busy and older:
                return None
            for key in older:
                self._stops.pop(key).set()  # the sandbox kills the superseded run's child at once
            self._counter += 1
            self._newest[exercise_id] = self._counter
            self._stops[(exercise_id, self._counter)] = threading.Event()
            return self._counter

    def is_current(self, exercise_id: str, run: int) -> bool:
        return self._newest.get(exercise_id) == run

    def cancel(self, exercise_id: str, run: int | None) -> None:
        """Stop run `run` of `exercise_id` if it is still going (its verdict is then never recorded)."""
        with self._lock:
            stop = self._stops.pop((exercise_id, run), None)
            if self._newest.get(exercise_id) == run:
                del self._newest[exercise_id]  # nor is its speed measured afterwards (measure())
        if stop is not None:
            stop.set()

    def grade(self, exercise, stop: threading.Event | None = None, timing: bool = True,
              on_rows=None) -> GradeOutcome:
        """Grade the learner's file of `exercise` (blocking; setting `stop` ends it early).

        No language: the result's words are rendered when shown, in the language of the moment.
        With `timing=False` the speed checks are pending: see measure(). `on_rows(result)` gets
        the verdict so far each time some checks are decided (autograder.grader.grade's).
        """
        try:
            result = grade(exercise.id, self.workspace.file_for(exercise),
                           catalog=self.workspace.catalog, cancel=stop, timing=timing, on_rows=on_rows)
            error = None
        except GradingCancelled:
            result, error = None, None
        except Exception as err:  # the grader broke: say so, never crash the app
            result = None
            error = f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"
        return GradeOutcome(exercise.id, result, error)

    def run(self, exercise, run: int, timing: bool = True, on_rows=None) -> GradeOutcome | None:
        """Grade run `run` (from new_run) in this thread; None if it was stopped or superseded.

        The verdict of the newest run is recorded in the workspace's progress. `on_rows(result)`
        gets the verdict so far as checks are decided, until the run is stopped or superseded.
        """
        with self._lock:
            stop = self._stops.get((exercise.id, run))
        if stop is None or stop.is_set():
            return None  # cancelled or superseded before it began

        def rows(result) -> None:
            if on_rows is not None and not stop.is_set():
                on_rows(result)

        try:
            outcome = self.grade(exercise, stop, timing, rows)
            with self._lock:
                if stop.is_set() or not self.is_current(exercise.id, run):
                    return None
                if outcome.result is not None:
                    try:
                        self.workspace.record(outcome.result)
                    except OSError:
                        pass  # a read-only workspace still shows the verdict
            return outcome
        finally:
            with self._lock:
                if self._stops.get((exercise.id, run)) is stop:
                    del self._stops[(exercise.id, run)]


    def measure(self, exercise, run: int, outcome: GradeOutcome) -> GradeOutcome | None:
        """Run `run`'s outcome with its pending speed checks timed; None if a newer run came first.

        Stopped like a run: a save while timing supersedes it, and its timings are dropped.
        """
        with self._lock:
            if not self.is_current(exercise.id, run):
                return None
            stop = self._stops.setdefault((exercise.id, run), threading.Event())
        try:
            try:
                result = measure_speed(outcome.result, self.workspace.file_for(exercise),
                                       catalog=self.workspace.catalog, cancel=stop)
            except GradingCancelled:
                return None
            except Exception as err:  # the grader broke: the verdict stands, its speed is not known
                result = not_timed(outcome.result, f"{type(err).__name__}: {err}")
            with self._lock:
                if stop.is_set() or not self.is_current(exercise.id, run):
                    return None
                try:
                    self.workspace.record(result)
                except OSError:
                    pass
            return GradeOutcome(exercise.id, result, None)
        finally:
            with self._lock:
                if self._stops.get((exercise.id, run)) is stop:
                    del self._stops[(exercise.id, run)]


def not_timed(result: GradeResult, error: str) -> GradeResult:
    """`result` with its pending speed checks closed: they could not be timed."""
    checks = [dataclasses.replace(c, status="skipped", message=Msg("speed.not_measured", error=error))
              if c.status == "pending" else c for c in result.checks]
    return dataclasses.replace(result, checks=checks)


def shown_path(path: Path) -> str:
    """`path` as the learner can open it from where they started the app: relative to the current
    folder when it lies inside (in a clone: workspace/.workbench/plots/…), else in full."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def relative_to_workspace(workspace, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)
