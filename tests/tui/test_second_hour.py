"""Issue 18: what a learner tripped over in the app's second hour (Pilot tests, both languages)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.content import Content

from autograder.grader import grade
from workbench import strings
from workbench.app import WorkbenchApp
from workbench.screens.home import HomeScreen
from workbench.widgets.exercise_list import ExerciseDetails, ExerciseList

from .conftest import SIZE, RunGate, solution_text, wait_for

# one change: the bias is never added
WRONG_AFFINE = solution_text("affine").replace("return np.dot(x, W) + b", "return np.dot(x, W)")


def row(app, exercise_id: str) -> str:
    prompt = app.screen.query_one(ExerciseList).get_option(exercise_id).prompt
    return prompt.plain if isinstance(prompt, Content) else Content.from_markup(str(prompt)).plain


def details(app) -> str:
    content = app.screen.query_one(ExerciseDetails).content
    return content.plain if isinstance(content, Content) else Content.from_markup(str(content)).plain


# -- 1: the home screen follows the disk, with the exercise screen's count of checks ----------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_home_follows_files_and_progress_written_by_others(workspace, lang):
    assert WRONG_AFFINE != solution_text("affine")
    path = workspace.file_for("affine")
    path.write_text(solution_text("affine"), encoding="utf-8")
    passing = grade("affine", path, catalog=workspace.catalog)
    scored = len(passing.scored)
    assert scored < len(passing.checks)  # reported checks (speed) exist: counting them said "8/8" beside "6"
    t = lambda key, **fields: strings.get(key, lang, **fields)  # noqa: E731
    app = WorkbenchApp(workspace, lang)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: t("status.passed") in row(app, "affine"))  # graded: it was edited
        app.screen.query_one(ExerciseList).highlight_exercise("affine")
        await pilot.pause()
        # the count the exercise screen's summary gives ("all 11 checks passed")
        assert f"{t('home.checks')}: {scored}/{scored}" in details(app)
        assert passing.summary().render(lang).count(str(scored))

        # saved from another editor while home is shown: graded again without `r`, and never
        # shown as passing meanwhile
        gate = RunGate(app)
        path.write_text(WRONG_AFFINE, encoding="utf-8")
        await wait_for(pilot, lambda: gate.started and t("status.checking") in row(app, "affine"))
        assert t("status.passed") not in row(app, "affine")
        assert t("home.checks") not in details(app)  # no count from the file before

        # `workbench check affine` in another process records its verdict: drawn as it lands,
        # while the home screen's own run is still held
        proc = subprocess.run([sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root),
                               "--lang", lang, "check", "affine"], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        await wait_for(pilot, lambda: t("status.failed") in row(app, "affine"))
        assert not gate.open.is_set()
        failing = workspace.progress()["affine"]
        assert failing["status"] == "failed" and failing["total_checks"] == scored
        assert f"{t('home.checks')}: {failing['passed_checks']}/{scored}" in details(app)

        gate.release()
        await wait_for(pilot, lambda: not app.screen.query_one("#rebuilding").display)
        assert t("status.failed") in row(app, "affine")


# -- 2: the results panel has a key; the editor says how to leave it -------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_results_key_scrolls_and_the_editor_says_how_to_leave(workspace, lang):
    from workbench.screens.help import HelpScreen
    from workbench.widgets.results import ResultsPanel

    from .test_pilot import help_text, open_exercise

    t = lambda key, **fields: strings.get(key, lang, **fields)  # noqa: E731
    workspace.file_for("affine").write_text(solution_text("affine"), encoding="utf-8")
    app = WorkbenchApp(workspace, lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = screen.query_one(ResultsPanel)
        await wait_for(pilot, lambda: panel.verdict == "passed")
        await pilot.press("e")
        assert screen.focused is screen.editor
        assert screen.editor.border_subtitle == t("ex.editor_leave")  # Tab indents: Esc is the way out
        await pilot.press("f6")  # from inside the editor
        assert screen.focused is panel
        assert screen.editor.border_subtitle == t("ex.editor_enter")
        await pilot.press("e", "escape", "v")
        assert screen.focused is panel and screen.query_one("#editor").text == solution_text("affine")
        await wait_for(pilot, lambda: panel.max_scroll_y > 0)  # the heatmap lies below the fold
        await pilot.press("end")
        await wait_for(pilot, lambda: panel.scroll_y == panel.max_scroll_y)
        await pilot.press("home")
        await wait_for(pilot, lambda: panel.scroll_y == 0)
        footer = " ".join(b.binding.description for b in app.active_bindings.values() if b.binding.show)
        assert t("bind.results") in footer
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        assert "v / f6" in text and t("help.results")[:12] in text


# -- 5: the app says where the pictures are ----------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_pictures_folder_is_named(workspace, lang):
    from workbench.widgets.results import ResultsPanel

    from .test_pilot import open_exercise

    workspace.file_for("affine").write_text(solution_text("affine"), encoding="utf-8")
    app = WorkbenchApp(workspace, lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = screen.query_one(ResultsPanel)
        folder = str(workspace.state_dir / "plots") + "/"  # the workspace lies outside the current folder
        said = strings.get("ex.pictures_saved", lang, folder=folder)
        await wait_for(pilot, lambda: any(n.message == said for n in app._notifications), timeout=30)
        await wait_for(pilot, lambda: "affine-gradcheck.png" in panel.plain_text())
        assert strings.get("ex.pictures", lang, folder=folder, paths="")[:-1] in panel.plain_text()
