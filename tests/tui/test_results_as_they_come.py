"""The results panel shows each check's row as soon as it is decided, and a newer save stops the run.

Every wait is on a condition (wait_for): the training below sleeps far beyond the test, so the
state the test looks at (forward decided, training still checking) lasts until the test ends it.
"""

from __future__ import annotations

import contextlib

from autograder.grader import grade
from autograder.sandbox import running_children
from workbench.app import WorkbenchApp
from workbench.grading import GradeOutcome
from workbench.screens.home import HomeScreen
from workbench.widgets.results import CheckRows

from .conftest import NEVER, SIZE, solution_text, wait_for, workspace_with_timeout
from .test_pilot import open_exercise, results

# the training probe is the only one that calls predict on the whole spiral data set (300 rows)
SLEEPS_IN_TRAINING = solution_text("two_layer_net").replace(
    "        for layer in self.layers:\n            x = layer.forward(x)\n",
    "        if x.shape[0] == 300:\n            import time\n            time.sleep(600)\n"
    "        for layer in self.layers:\n            x = layer.forward(x)\n", 1)


def _row(panel, kind: str):
    shown = panel.so_far
    return next((c for c in shown.checks if c.kind == kind), None) if shown is not None else None


async def test_rows_show_as_they_come_and_a_save_stops_the_run(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "two_layer_net", timeout=NEVER)
    assert SLEEPS_IN_TRAINING != solution_text("two_layer_net")
    workspace.file_for("two_layer_net").write_text(SLEEPS_IN_TRAINING, encoding="utf-8")
    exercise = workspace.catalog["two_layer_net"]
    grade(exercise.id, exercise.solution_path, catalog=workspace.catalog, timing=False)  # the reference, once
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "two_layer_net")
        panel = results(app)
        # the forward and backward rows are on screen while the training still runs
        await wait_for(pilot, lambda: _row(panel, "backward") is not None and _row(panel, "backward").passed)
        assert _row(panel, "training").status == "checking" and panel.running and panel.verdict is None
        text = panel.plain_text()
        assert "✔ forward: TwoLayerNet" in text and "◌ training" in text and "checking… so far" in text
        await pilot.press("ctrl+l")  # the rows so far, in the other language
        await wait_for(pilot, lambda: "检查中" in panel.plain_text())
        await pilot.press("ctrl+l")
        sleeping = set(running_children())
        assert sleeping
        old_run = screen.latest_run
        workspace.file_for("two_layer_net").write_text(solution_text("two_layer_net"), encoding="utf-8")
        await wait_for(pilot, lambda: panel.verdict == "passed")  # the newer file's verdict, whole
        assert screen.latest_run > old_run and panel.so_far is None
        assert "◌" not in panel.plain_text()
        await wait_for(pilot, lambda: not sleeping & set(running_children()))  # the sleeping child was killed


def _sleeping_workspace(tmp_path, on_disk: str):
    workspace = workspace_with_timeout(tmp_path / "ws", "two_layer_net", timeout=NEVER)
    workspace.file_for("two_layer_net").write_text(on_disk, encoding="utf-8")
    exercise = workspace.catalog["two_layer_net"]
    grade(exercise.id, exercise.solution_path, catalog=workspace.catalog, timing=False)  # the reference, once
    return workspace


@contextlib.asynccontextmanager
async def _passing_two_layer_net(tmp_path):
    """The exercise screen of two_layer_net, its reference on disk graded and passed: (workspace, pilot,
    screen, panel); the workspace's runs never time out, so a file that sleeps keeps its run going."""
    workspace = _sleeping_workspace(tmp_path, solution_text("two_layer_net"))
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "two_layer_net")
        panel = results(app)
        await wait_for(pilot, lambda: panel.verdict == "passed")
        yield workspace, pilot, screen, panel


async def test_a_save_in_the_editor_says_grading_where_the_unsaved_note_was(tmp_path):
    async with _passing_two_layer_net(tmp_path) as (workspace, pilot, screen, panel):
        note, running = panel.query_one("#unsaved"), panel.query_one("#running")
        screen.query_one("#editor").text = SLEEPS_IN_TRAINING
        await wait_for(pilot, lambda: note.display and "unsaved edits" in str(note.render()))
        await pilot.press("ctrl+s")
        # the rows come while the training sleeps: the note's line says the file is being graded
        await wait_for(pilot, lambda: _row(panel, "backward") is not None and _row(panel, "backward").passed)
        assert note.display and "Grading your file" in str(note.render()) and not running.display
        assert panel.running and not screen.dirty
        await pilot.press("ctrl+l")  # in the other language too
        await wait_for(pilot, lambda: "unsaved" not in str(note.render()) and "Grading" not in str(note.render()))
        await pilot.press("ctrl+l")
        workspace.file_for("two_layer_net").write_text(solution_text("two_layer_net"), encoding="utf-8")
        await wait_for(pilot, lambda: panel.verdict == "passed" and not panel.running)
        assert not note.display and not running.display  # the verdict: no note is left


async def test_the_editor_takes_a_file_changed_on_disk_while_its_run_goes_on(tmp_path):
    async with _passing_two_layer_net(tmp_path) as (workspace, pilot, screen, panel):
        workspace.file_for("two_layer_net").write_text(SLEEPS_IN_TRAINING, encoding="utf-8")  # another editor
        await wait_for(pilot, lambda: _row(panel, "backward") is not None and _row(panel, "backward").passed)
        # its first rows are drawn: the editor follows the file, though the verdict never comes
        await wait_for(pilot, lambda: screen.query_one("#editor").text == SLEEPS_IN_TRAINING)
        assert panel.running and panel.verdict == "passed" and not screen.dirty  # the last verdict's, still
        assert _row(panel, "training").status == "checking"


async def test_the_first_rows_keep_the_panel_in_place_and_say_when_they_are_drawn(tmp_path):
    workspace = _sleeping_workspace(tmp_path, solution_text("two_layer_net"))
    exercise = workspace.catalog["two_layer_net"]
    so_far = []
    verdict = grade(exercise.id, exercise.stub_path, catalog=workspace.catalog, timing=False, on_rows=so_far.append)
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(app, pilot, "two_layer_net")
        panel = results(app)
        await wait_for(pilot, lambda: panel.verdict == "passed")
        rows, summary = panel.query_one(CheckRows), panel.query_one("#summary")
        await wait_for(pilot, lambda: rows.size.height > 0)
        height, summary_height = rows.size.height, summary.size.height
        drawn = []
        panel.show_progress(so_far[0], lambda: drawn.append(rows.source.plain))
        await wait_for(pilot, lambda: drawn)
        assert "◌" in drawn[0] and "checking" in panel.plain_text()  # called once the rows were on screen
        fewer = len(rows.source.plain.split("\n"))
        assert fewer < height  # only the loads row is decided: fewer lines than the whole verdict had…
        assert rows.size.height == height and summary.size.height == summary_height  # … in the same place
        panel.show_outcome(GradeOutcome(exercise.id, verdict, None))  # the verdict takes its own height
        await wait_for(pilot, lambda: rows.size.height == len(rows.wrapping.at(rows.content_size.width).plain.split("\n")))
        assert panel.verdict == "not_implemented"


async def test_home_leaves_the_files_to_the_exercise_screen_on_top_of_it(tmp_path):
    workspace = _sleeping_workspace(tmp_path, solution_text("two_layer_net"))
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(app, pilot, "two_layer_net")
        home = app.screen_stack[-2]
        assert isinstance(home, HomeScreen) and home.is_current  # Textual's "current": it may show through
        workspace.file_for("two_layer_net").write_text(SLEEPS_IN_TRAINING, encoding="utf-8")
        home._poll_disk()  # as its timer would: the exercise screen grades this save, home does not look
        assert not home.watcher.pending and not home._checking
