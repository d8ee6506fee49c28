"""Headless Pilot tests of the workbench app (Textual's App.run_test)."""

from __future__ import annotations

import io
import json
import threading

from rich.console import Console
from textual.widgets import Markdown, Static

from autograder.sandbox import running_children as sandbox_children
from autograder.stubs import make_stub
from workbench.app import WorkbenchApp
from workbench.grading import GradeOutcome
from workbench.messages import GradeFinished
from workbench.screens.dialogs import ConfirmDialog, SolutionScreen
from workbench.screens.exercise import ExerciseScreen
from workbench.screens.help import HelpScreen
from workbench.screens.home import HomeScreen
from workbench.widgets.exercise_list import ExerciseList
from workbench.widgets.hints import HintPanel
from workbench.widgets.results import ResultsPanel

from .conftest import NEVER, SIZE, solution_text, wait_for, workspace_with_timeout

HANG = solution_text("affine").replace(
    "        W, b = self.params\n        self.x = x\n        return np.dot(x, W) + b",
    "        while True:\n            pass",
)


def help_text(app) -> str:
    """The help page's text as it is drawn (all of it, also what lies below the fold)."""
    console = Console(width=SIZE[0], file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#help-text", Static).content)
    return console.export_text()


def results(app) -> ResultsPanel:
    return app.screen.query_one(ResultsPanel)


async def open_exercise(app, pilot, exercise_id: str) -> ExerciseScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    app.screen.query_one(ExerciseList).highlight_exercise(exercise_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
    return app.screen


async def test_open_exercise_from_home(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        listing = app.screen.query_one(ExerciseList)
        assert listing.highlighted_option.id == "nodes"  # a fresh workspace starts at the beginning
        await pilot.press("down", "down")  # the chapter row is skipped: nodes → sigmoid → affine
        assert listing.highlighted_option.id == "affine"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        assert app.screen.exercise.id == "affine"
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        assert "not implemented yet" in results(app).plain_text()
        assert "MatMul and Affine" in app.screen.query_one(Markdown).source
        assert app.screen.query_one("#editor").text == workspace.file_for("affine").read_text()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_verdict_comes_before_its_timings(workspace):
    app = WorkbenchApp(workspace, "en")
    real_measure = app.grading.measure
    timing, go = threading.Event(), threading.Event()

    def measure(*args):  # held until the test has seen the verdict without the timings
        timing.set()
        go.wait(60)
        return real_measure(*args)

    app.grading.measure = measure
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        screen.editor.text = solution_text("affine")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: results(app).verdict == "passed" and timing.is_set())
        assert "○ speed: Affine  timing… (measured after the verdict)" in results(app).plain_text()
        go.set()
        await wait_for(pilot, lambda: "ms against" in results(app).plain_text())  # fast or slow, it was timed
        text = results(app).plain_text()
        assert "measured after the verdict" not in text and "no GPU here" in text
        assert workspace.progress()["affine"]["status"] == "passed"


async def test_passing_solution_turns_green(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        workspace.file_for("affine").write_text(solution_text("affine"), encoding="utf-8")
        await wait_for(pilot, lambda: results(app).verdict == "passed")  # how fast: benchmarks/save_to_verdict.py
        panel = results(app)
        assert panel.has_class("-passed")
        text = panel.plain_text()
        assert "all 11 checks passed" in text and "✘" not in text
        assert panel.query_one("#gradients").display  # relative errors, worst element, heatmap
        editor = screen.query_one("#editor")
        assert editor.text == solution_text("affine")  # reloaded from disk
        assert not screen.dirty and not editor.history.undo_stack  # a reload is not an edit to undo
        assert workspace.progress()["affine"]["status"] == "passed"
        # the sharper PNG is written beside, without holding up the verdict
        await wait_for(pilot, lambda: (workspace.state_dir / "plots" / "affine-gradcheck.png").is_file(), timeout=10)
        await wait_for(pilot, lambda: "affine-gradcheck.png" in panel.plain_text())
        assert app.screen is screen  # never moves on by itself
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "softmax")


async def test_hanging_submission_keeps_the_app_responsive(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "affine", timeout=NEVER)  # it hangs until the test ends it
    workspace.file_for("affine").write_text(HANG, encoding="utf-8")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = results(app)
        await wait_for(pilot, lambda: panel.running and sandbox_children())  # the file spins in its sandbox …
        await wait_for(pilot, lambda: "Grading your file" in panel.plain_text())  # said once the run takes a while
        hung = set(sandbox_children())
        await pilot.press("ctrl+l")  # … and the app still answers keys
        await pilot.press("h")
        assert app.lang == "zh"
        assert panel.border_title == "评分结果"
        assert "正在为你的文件评分" in panel.plain_text()
        assert "1." in str(screen.query_one(HintPanel).render())
        assert panel.running and panel.verdict is None  # answered while the run was still going
        await pilot.press("escape")  # leaving stops the run: its child is killed, not left to its time limit
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: not hung & set(sandbox_children()))


async def test_newer_save_supersedes_a_hanging_run(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "affine", timeout=NEVER)
    workspace.file_for("affine").write_text(HANG, encoding="utf-8")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = results(app)
        await wait_for(pilot, lambda: panel.running and sandbox_children())
        old_run = screen.latest_run
        workspace.file_for("affine").write_text(solution_text("affine"), encoding="utf-8")
        await wait_for(pilot, lambda: panel.verdict == "passed")  # long before the hanging run's time limit
        assert screen.latest_run > old_run
        # a late result of an older run is dropped, never shown over the newer one
        screen.post_message(GradeFinished(old_run, GradeOutcome("affine", None, "stale")))
        await wait_for(pilot, lambda: not sandbox_children())  # the hanging run's child was killed, not waited for
        await pilot.pause()
        assert panel.verdict == "passed"
        assert workspace.progress()["affine"]["status"] == "passed"


async def test_language_switch_changes_labels(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        listing = app.screen.query_one(ExerciseList)
        assert listing.border_title == "Exercises"
        assert "Chapter 1" in str(listing.get_option_at_index(0).prompt)
        assert app.screen.active_bindings["c"].binding.description == "Continue"
        await pilot.press("ctrl+l")
        assert listing.border_title == "练习"
        assert "第 1 章" in str(listing.get_option_at_index(0).prompt)
        assert app.screen.active_bindings["c"].binding.description == "继续"
        assert app.screen.active_bindings["ctrl+l"].binding.description == "English"
        assert workspace.settings()["lang"] == "zh"  # saved for next time
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        await wait_for(pilot, lambda: results(app).verdict is not None)
        assert "尚未实现" in results(app).plain_text()  # the grader's words, in Chinese
        assert app.screen.query_one("#instructions-pane").border_title == "说明"
        await pilot.press("ctrl+l")
        assert "not implemented yet" in results(app).plain_text()  # no re-grade needed
        assert app.screen.query_one("#instructions-pane").border_title == "Instructions"
        assert "Computational-graph nodes" in app.screen.query_one(Markdown).source
    # the saved setting is what the next start uses
    assert WorkbenchApp(workspace).lang == "en"


async def test_hints_reveal_one_at_a_time(workspace):
    exercise = workspace.catalog["affine"]
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = screen.query_one(HintPanel)
        assert "0/3" in panel.border_title and exercise.hints[0]["en"][:30] not in str(panel.render())
        for shown in (1, 2, 3):
            await pilot.press("h")
            text = str(panel.render())
            assert f"{shown}/3" in panel.border_title
            assert exercise.hints[shown - 1]["en"][:30] in text
            if shown < 3:
                assert exercise.hints[shown]["en"][:30] not in text
        await pilot.press("h")
        assert "3/3" in panel.border_title
        assert workspace.hints_shown(exercise) == 3


async def test_reset_keeps_a_backup(workspace):
    path = workspace.file_for("affine")
    mine = path.read_text().replace("# YOUR CODE HERE", "# my attempt", 1)
    path.write_text(mine)
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # no: nothing happens
        await wait_for(pilot, lambda: app.screen is screen)
        assert path.read_text() == mine
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        pristine = make_stub(workspace.catalog["affine"].solution_path.read_text())
        assert path.read_text() == pristine
        assert screen.query_one("#editor").text == pristine
        backups = list((workspace.state_dir / "backups").glob("affine.*.py"))
        assert [b.read_text() for b in backups] == [mine]


async def test_editor_save_and_solution_behind_confirmation(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        await pilot.press("s")  # not passed yet: asks first
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("e")
        editor = screen.query_one("#editor")
        assert app.focused is editor
        editor.text = solution_text("affine")
        await pilot.pause()
        assert screen.dirty and "modified" in editor.border_title
        await pilot.press("ctrl+s")
        assert workspace.file_for("affine").read_text() == solution_text("affine")
        assert list((workspace.state_dir / "backups").glob("affine.*.py"))  # what was there is kept
        await wait_for(pilot, lambda: results(app).verdict == "passed", timeout=5)
        assert not screen.dirty and "saved" in editor.border_title
        await pilot.press("escape")  # leaves the editor
        assert app.focused is not editor
        await pilot.press("s")  # passed: straight to the solution
        await wait_for(pilot, lambda: isinstance(app.screen, SolutionScreen))
        assert "BEGIN SOLUTION" in app.screen.query_one("#solution").text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_help_palette_and_corrupt_progress(workspace):
    (workspace.state_dir / "progress.json").write_text("{ not json", encoding="utf-8")
    (workspace.state_dir / "settings.json").write_text("[]", encoding="utf-8")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        for words in ("Quit the workbench", "Show the next hint", "Open your file in $VISUAL",
                      "Restore the starting file", "Switch language", "Continue where you left off"):
            assert words in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Continue" in titles and "Quit" in titles
        await pilot.press("c")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ExerciseScreen)) and app.screen
        titles = [c.title for c in app.get_system_commands(screen)]
        for title in ("Check", "Hint", "Reset", "Next", "$EDITOR", "Solution"):
            assert title in titles
        await pilot.press("ctrl+l")
        assert "提示" in [c.title for c in app.get_system_commands(screen)]
    assert json.loads((workspace.state_dir / "settings.json").read_text())["lang"] == "zh"


async def test_leaving_with_unsaved_edits_asks_first(workspace):
    before = workspace.file_for("affine").read_text()
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.press("e", "x")  # typed into the editor, not saved
        assert screen.dirty
        await pilot.press("escape", "escape")  # leave the editor, then ask to go home
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "unsaved edits" in str(app.screen.query_one("#question").render())
        await pilot.press("ctrl+l")  # the open dialog follows the language too
        assert "未保存" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert workspace.file_for("affine").read_text() == before


async def test_external_editor_where_the_terminal_cannot_be_lent(workspace, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await pilot.press("o")  # headless (like the browser) cannot suspend: says so, keeps running
        await wait_for(pilot, lambda: any("built-in editor" in n.message for n in app._notifications))
        assert app.screen is screen


async def test_command_palette_runs_the_main_actions(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(app, pilot, "affine")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen.id == "--command-palette")
        await pilot.press(*"Hint")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: workspace.hints_shown(workspace.catalog["affine"]) == 1)
