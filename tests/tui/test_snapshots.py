"""Snapshot tests of the main screens (pytest-textual-snapshot).

Deterministic by construction: a fixed terminal size, a fresh workspace, no
clock, no paths on screen, and the picture taken only once grading finished.
Update the baselines with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from workbench.app import WorkbenchApp
from workbench.screens.exercise import ExerciseScreen
from workbench.screens.home import HomeScreen
from workbench.widgets.results import ResultsPanel

from .conftest import SIZE, wait_for


def test_home_screen(snap_compare, workspace):
    async def settle(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.pause()

    assert snap_compare(WorkbenchApp(workspace, "en"), terminal_size=SIZE, run_before=settle)


def test_home_screen_in_chinese(snap_compare, workspace):
    async def settle(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.pause()

    assert snap_compare(WorkbenchApp(workspace, "zh"), terminal_size=SIZE, run_before=settle)


def test_exercise_screen(snap_compare, workspace):
    async def open_affine(pilot):
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        await wait_for(pilot, lambda: app.screen.query_one(ResultsPanel).verdict == "not_implemented")
        await pilot.press("h")  # one hint shown
        await pilot.pause()

    assert snap_compare(WorkbenchApp(workspace, "en"), terminal_size=SIZE, run_before=open_affine)
