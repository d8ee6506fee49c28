"""In the app, `h` offers the hint for the mistake the verdict shows first, then the ladder (Pilot)."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.app import WorkbenchApp
from workbench.widgets.hints import HintPanel
from workbench.widgets.results import ResultsPanel

from .conftest import SIZE, wait_for
from .test_pilot import open_exercise

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the mutants of tests/
from mutants import mutated_source  # noqa: E402
from submission_cases import MUTANTS  # noqa: E402

BY_ID = {m.id: m for m in MUTANTS}


def plant(workspace, mutant_id: str) -> str:
    mutant = BY_ID[mutant_id]
    workspace.file_for(mutant.exercise).write_text(mutated_source(mutant), encoding="utf-8")
    return mutant.exercise


async def press_hint_and_read(app, pilot) -> str:
    await pilot.press("h")
    await pilot.pause()
    return str(app.screen.query_one(HintPanel).render())


async def test_dividing_by_n_twice_gets_its_hint_before_the_ladder(workspace):
    exercise_id = plant(workspace, "softmax_with_loss/bad_double_division")
    ladder = workspace.catalog[exercise_id].hints
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, exercise_id)
        await wait_for(pilot, lambda: screen.query_one(ResultsPanel).verdict == "failed")
        await pilot.pause()
        panel = screen.query_one(HintPanel)
        assert "press h" in str(panel.render()) and "dividing by N twice" not in str(panel.render())
        text = await press_hint_and_read(app, pilot)
        assert "For the mistake your file shows: You are dividing by N twice" in text
        assert ladder[0]["en"][:30] not in text and f"0/{len(ladder)}" in panel.border_title
        text = await press_hint_and_read(app, pilot)
        assert text.index("dividing by N twice") < text.index(ladder[0]["en"][:30])
        assert f"1/{len(ladder)}" in panel.border_title
    assert workspace.hints_shown(workspace.catalog[exercise_id]) == 1


async def test_a_chinese_learner_with_the_gates_in_another_order_gets_the_hint_in_chinese(workspace):
    exercise_id = plant(workspace, "lstm/bad_gate_order")
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, exercise_id)
        await wait_for(pilot, lambda: screen.query_one(ResultsPanel).verdict == "failed")
        text = await press_hint_and_read(app, pilot)
        assert "针对你的文件中出现的错误：书中把四个门按 f、g、i、o 的顺序" in text
        assert "1." not in text  # the ladder waits for the next h
        await pilot.press("ctrl+l")  # the same hint, now in English
        await pilot.pause()
        assert "lays the four gates out" in str(screen.query_one(HintPanel).render())
