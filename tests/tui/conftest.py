"""Fixtures for the workbench's TUI tests: a fresh workspace per test, and polling helpers."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
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


async def wait_for(pilot, predicate, timeout: float = 10.0, step: float = 0.02) -> float:
    """Let the app run until predicate() is true; returns the seconds it took."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(step)
    return time.monotonic() - start
