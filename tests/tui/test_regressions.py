"""Pilot tests of defects found in review: each fails on the code before its fix."""

from __future__ import annotations

import json
import threading

from textual.worker import Worker, WorkerState

from autograder.stubs import make_stub
from workbench import strings
from workbench.app import WorkbenchApp
from workbench.screens import exercise as exercise_module
from workbench.screens.dialogs import ConfirmDialog
from workbench.screens.exercise import EDITOR_LIMIT
from workbench.screens.help import HelpScreen
from workbench.screens.home import HomeScreen
from workbench.widgets.exercise_list import ExerciseList
from workbench.widgets.hints import HintPanel

from .conftest import SIZE, RunGate, solution_text, wait_for, workspace_with_timeout
from .test_pilot import HANG, open_exercise, results

NOT_UTF8 = b"# caf\xe9 (latin-1)\n"


def notices(app, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


def stub(exercise_id: str) -> str:
    return make_stub(solution_text(exercise_id))


# -- 1, 5: files that cannot be written or decoded ----------------------------------------------
async def test_a_file_that_is_not_utf8_saves_and_resets_without_a_crash(workspace):
    path = workspace.file_for("affine")
    path.write_bytes(NOT_UTF8 + stub("affine").encode())
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        assert not screen.dirty  # shown with U+FFFD, and that is not an edit
        screen.editor.insert("# mine\n", (0, 0))
        await pilot.press("ctrl+s")
        assert path.read_text(encoding="utf-8").startswith("# mine\n# caf\ufffd")
        backups = list((workspace.state_dir / "backups").glob("affine.*.py"))
        assert [b.read_bytes() for b in backups] == [NOT_UTF8 + stub("affine").encode()]
        path.write_bytes(NOT_UTF8)
        await wait_for(pilot, lambda: screen.editor.text.startswith("# caf\ufffd"))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.editor.text == stub("affine"))
        assert app.is_running and not notices(app, "error")


async def test_failed_writes_are_reported_in_the_language_not_crashed(workspace, monkeypatch):
    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        monkeypatch.setattr(workspace, "save", broken)
        monkeypatch.setattr(workspace, "reset", broken)
        monkeypatch.setattr(workspace, "update_settings", broken)
        screen.editor.insert("x", (0, 0))
        await pilot.press("ctrl+s")
        await pilot.press("h")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(notices(app, "error")) == 3)
        errors = notices(app, "error")
        assert "无法保存" in errors[0] and "提示" in errors[1] and "无法恢复" in errors[2]
        assert all("Permission denied" in e for e in errors)
        assert app.screen is screen and screen.dirty  # the edit is still there to save later
        def undecodable(*args, **kwargs):
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")

        monkeypatch.setattr(workspace, "save", undecodable)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(notices(app, "error")) == 4)


# -- 2: quitting from a dialog or the help page ----------------------------------------------------
async def test_quitting_from_help_over_unsaved_edits_asks_first(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        screen.editor.insert("x", (0, 0))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "unsaved edits" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)


# -- 3: a run superseded by someone else ---------------------------------------------------------
async def test_the_screen_ends_with_a_verdict_when_check_all_takes_its_run(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "affine", timeout=1.0)
    workspace.file_for("affine").write_text(HANG, encoding="utf-8")
    app = WorkbenchApp(workspace, "en")
    gate = RunGate(app)  # the screen's run is held until it is superseded: it cannot end before the test looks
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = results(app)
        await wait_for(pilot, lambda: screen.latest_run in gate.started)
        assert panel.running
        gate.release()  # the runs that follow grade for real: the hang ends by its 1 s limit
        app.grading.new_run("affine")  # what "Check all" on the home screen used to do meanwhile
        await wait_for(pilot, lambda: panel.verdict == "failed" and not panel.running)
        assert "infinite loop" in panel.plain_text()


# -- 4: progress older than the file ---------------------------------------------------------------
async def test_progress_older_than_the_file_is_graded_again(workspace):
    path = workspace.file_for("affine")
    path.write_text(stub("affine").replace("# YOUR CODE HERE", "# started", 1))
    (workspace.state_dir / "progress.json").write_text(json.dumps(
        {"exercises": {"affine": {"status": "passed", "graded_at": 1.0}}}))  # before the file was written
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: workspace.progress()["affine"]["status"] != "passed")
        await wait_for(pilot, lambda: app.screen._statuses["affine"] != "passed")


async def test_leaving_mid_grade_still_gets_home_the_right_status(workspace):
    app = WorkbenchApp(workspace, "en")
    real_run = app.grading.run
    hold = threading.Event()  # set: runs wait until they are cancelled (a slow grader)

    def run(exercise, number, **options):
        if hold.is_set():
            stop = app.grading._stops.get((exercise.id, number))
            if stop is not None:
                stop.wait(10)  # set when a newer run starts or the screen is left
            return None
        return real_run(exercise, number, **options)

    app.grading.run = run
    async with app.run_test(size=SIZE) as pilot:
        hold.set()
        screen = await open_exercise(app, pilot, "affine")
        screen.editor.text = solution_text("affine")
        await pilot.press("ctrl+s")  # saved, graded … and left before the verdict
        hold.clear()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: workspace.progress().get("affine", {}).get("status") == "passed")
        await wait_for(pilot, lambda: app.screen._statuses["affine"] == "passed")


# -- 6: settings of the wrong shape ----------------------------------------------------------------
async def test_settings_of_the_wrong_shape_do_not_stop_the_app(workspace):
    (workspace.state_dir / "settings.json").write_text(json.dumps(
        {"hints": {"affine": "two"}, "last_opened": ["x"], "lang": 5, "theme": []}))
    (workspace.state_dir / "progress.json").write_text(json.dumps(
        {"exercises": {"nodes": {"status": "failed", "score": "lots", "passed_checks": None}}}))
    workspace.file_for("nodes").write_text("# edited\n")
    app = WorkbenchApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.lang == "en"
        screen = await open_exercise(app, pilot, "affine")
        assert "0/3" in screen.query_one(HintPanel).border_title
        await pilot.press("h")
        assert "1/3" in screen.query_one(HintPanel).border_title


# -- 7: a second "Check all" ---------------------------------------------------------------------------
async def test_a_second_check_all_keeps_the_rebuilding_label(workspace):
    for exercise_id in ("sigmoid", "affine"):
        workspace.file_for(exercise_id).write_text(stub(exercise_id) + "# edited\n")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        label = home.query_one("#rebuilding")
        await wait_for(pilot, lambda: len(workspace.progress()) == 2 and not label.display)
        gates: list[threading.Event] = []

        def run(exercise, number):  # each run waits until the test lets it finish
            gates.append(threading.Event())
            gates[-1].wait(10)
            return None

        app.grading.run = run
        await pilot.press("r")
        await wait_for(pilot, lambda: len(gates) == 1 and label.display)
        await pilot.press("r")  # the first rebuild is cancelled; the second grades what is not busy
        await wait_for(pilot, lambda: len(gates) == 2)
        gates[0].set()  # the cancelled rebuild ends while the second still runs
        await pilot.pause(0.3)
        assert label.display
        for gate in gates:
            gate.set()
        await wait_for(pilot, lambda: not label.display)


# -- 8: the file deleted while open --------------------------------------------------------------------
async def test_a_file_deleted_while_open_counts_as_unsaved(workspace):
    path = workspace.file_for("affine")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict is not None)
        text = screen.editor.text
        path.unlink()
        await wait_for(pilot, lambda: screen.dirty)
        assert "modified" in screen.editor.border_title
        assert any("deleted" in n for n in notices(app, "warning"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+s")
        assert path.read_text() == text and not screen.dirty


async def test_a_file_that_cannot_be_read_leaves_the_editor_as_it_is(workspace, monkeypatch):
    path = workspace.file_for("affine")
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict is not None)
        text, run = screen.editor.text, screen.latest_run
        monkeypatch.setattr(exercise_module, "_read", lambda path: None)
        path.write_text("# changed\n")
        await wait_for(pilot, lambda: screen.latest_run > run and not results(app).running)
        assert screen.editor.text == text


# -- 9: a broken worker of an older run ------------------------------------------------------------------
async def test_an_older_workers_crash_is_not_shown(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        await wait_for(pilot, lambda: results(app).verdict == "not_implemented")
        older = screen._grade_worker
        screen.request_grade()
        screen.post_message(Worker.StateChanged(older, WorkerState.ERROR))
        await wait_for(pilot, lambda: not results(app).running)
        assert results(app).verdict == "not_implemented"
        screen.post_message(Worker.StateChanged(screen._grade_worker, WorkerState.ERROR))  # the newest: shown
        await wait_for(pilot, lambda: results(app).verdict == "error")


# -- 11: ctrl+c -------------------------------------------------------------------------------------------
async def test_ctrl_c_says_how_to_quit_in_the_language(workspace):
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: notices(app))
        notice = next(iter(app._notifications))
        shortcut = app.get_key_display(app.active_bindings["ctrl+q"].binding)  # ^q
        assert notice.message == f"按 {shortcut} 退出练习台。"
        assert notice.title == strings.get("app.quit_title", "zh")


# -- 19: the home screen ---------------------------------------------------------------------------------
async def test_moving_through_the_list_reads_no_progress(workspace, monkeypatch):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause(0.2)
        reads = []
        real = workspace.progress
        monkeypatch.setattr(workspace, "progress", lambda: reads.append(1) or real())
        await pilot.press("down", "down", "up")
        assert app.screen.query_one(ExerciseList).highlighted_option.id == "sigmoid"
        assert "ch01/sigmoid.py" in str(app.screen.query_one("#details").render())
        assert reads == []


# -- 20: a file too large for the built-in editor --------------------------------------------------------
async def test_a_large_file_is_left_to_the_external_editor(workspace):
    path = workspace.file_for("affine")
    big = stub("affine") + "# padding\n" * (EDITOR_LIMIT // 10 + 1)
    path.write_text(big)
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        note = screen.query_one("#too-large")
        assert note.display and not screen.editor.display and screen.editor.text == ""
        assert "press o" in str(note.render()).lower()
        await wait_for(pilot, lambda: results(app).verdict is not None)  # still graded
        await pilot.press("ctrl+s")  # nothing to save: the file is left whole
        await pilot.press("e")
        assert path.read_text() == big and not screen.dirty
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))  # leaving does not ask
        await open_exercise(app, pilot, "affine")
        path.write_text(stub("affine"))  # small again: back in the editor
        await wait_for(pilot, lambda: app.screen.editor.display and app.screen.editor.text == stub("affine"))
        assert not app.screen.query_one("#too-large").display


# -- 22: pictures ---------------------------------------------------------------------------------------
async def test_pictures_are_not_redrawn_when_nothing_changed(workspace, monkeypatch):
    monkeypatch.setattr(exercise_module, "PICTURE_DELAY", 0.1)
    path = workspace.file_for("affine")
    path.write_text(solution_text("affine"))
    png = workspace.state_dir / "plots" / "affine-gradcheck.png"
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "affine")
        panel = results(app)
        await wait_for(pilot, lambda: "affine-gradcheck.png" in panel.plain_text(), timeout=10)
        drawn = png.stat().st_mtime_ns
        run = screen.latest_run
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.latest_run > run and panel.verdict == "passed" and not panel.running)
        assert "affine-gradcheck.png" in panel.plain_text()  # shown at once, not drawn again
        await pilot.pause(0.6)  # well past the delay, and the drawing it would start
        assert png.stat().st_mtime_ns == drawn
        png.unlink()  # gone behind the app's back: drawn again
        await pilot.press("r")
        await wait_for(pilot, lambda: png.is_file(), timeout=10)
