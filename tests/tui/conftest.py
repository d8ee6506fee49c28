"""Fixtures for the workbench's TUI tests: a fresh workspace per test, and helpers that wait on events.

The suite must give the same answer on a loaded 2-core machine as on an idle one, so a test
never bets on how long something takes: it waits for a condition (wait_for, whose timeout
only turns a hang into a failure) and orders concurrent steps with events (RunGate), and a
state it looks at lasts until the test ends it (a hanging file gets a time limit far beyond
the test's, and is stopped by the test), rather than for a window the test hopes to hit.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import threading
import time
from pathlib import Path

import pytest

from autograder import resources
from autograder.catalog import Catalog, load_catalog
from workbench.workspace import Workspace, init_workspace

SIZE = (120, 40)


def pytest_collection_modifyitems(items):
    """Run this folder's `async def` tests in a fresh event loop (no pytest-asyncio needed)."""
    for item in items:
        function = getattr(item, "function", None)
        if function is not None and inspect.iscoroutinefunction(function) and "tui" in str(item.fspath):
            item.obj = _synchronous(function)


def _synchronous(function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        return asyncio.run(function(*args, **kwargs))

    return run


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    monkeypatch.delenv("DLFS2_LANG", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    ws, _ = init_workspace(tmp_path / "ws")
    return ws


def solution_text(exercise_id: str) -> str:
    return (resources.solutions_root() / load_catalog()[exercise_id].module).read_text(encoding="utf-8")


def workspace_with_timeout(root: Path, exercise_id: str, timeout: float) -> Workspace:
    """A workspace whose catalog gives `exercise_id` a shorter grading time limit."""
    catalog = load_catalog()
    exercises = [dataclasses.replace(ex, timeout=timeout) if ex.id == exercise_id else ex for ex in catalog]
    ws, _ = init_workspace(root)
    return Workspace(root, Catalog(exercises))


# a time limit for a hanging file that no test outlives: only the test (a newer save, leaving) ends it
NEVER = 120.0


class RunGate:
    """Holds the app's grading runs until they are superseded or cancelled, or the gate opens.

    `started` lists the run numbers that began, in order: a test waits for a run to be going
    (and held) instead of hoping to look while it happens to be.
    """

    def __init__(self, app):
        self.grading = app.grading
        self.real_run = app.grading.run
        self.started: list[int] = []
        self.open = threading.Event()
        app.grading.run = self._run

    def _run(self, exercise, number, **options):
        self.started.append(number)
        stop = self.grading._stops.get((exercise.id, number))
        while stop is not None and not stop.is_set() and not self.open.is_set():
            stop.wait(0.02)
        return self.real_run(exercise, number, **options)  # a stopped run ends there, without a verdict

    def release(self) -> None:
        """From now on, runs grade at once (a run being held goes on too)."""
        self.open.set()


async def wait_for(pilot, predicate, timeout: float = 60.0, step: float = 0.02) -> float:
    """Let the app run until predicate() is true; returns the seconds it took.

    The timeout is no window the app must hit: it only ends a test that would wait forever."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(step)
    return time.monotonic() - start
