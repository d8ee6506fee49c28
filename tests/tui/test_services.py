"""The app's UI-free services: the file watcher, cancellable grading, pictures."""

from __future__ import annotations

import os
import threading
import time

import numpy
import pytest

from autograder.stubs import make_stub
from autograder.figures import GradientErrors
from workbench import plots
from autograder.sandbox import running_children as sandbox_children
from workbench.grading import Grading
from workbench.watcher import FileWatcher

from .conftest import NEVER, solution_text, workspace_with_timeout


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def touch(path, text):
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a distinct mtime, even on coarse clocks


def test_watcher_reports_a_change_once_it_settles(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock = Clock()
    watcher = FileWatcher([path], debounce=0.1, clock=clock)
    assert watcher.poll() == []
    touch(path, "12")
    assert watcher.poll() == [] and watcher.pending  # noticed, not settled yet
    clock.now = 0.05
    touch(path, "123")  # written again: the debounce starts over
    assert watcher.poll() == []
    clock.now = 0.1
    assert watcher.poll() == []
    clock.now = 0.16
    assert watcher.poll() == [path]
    assert watcher.poll() == [] and not watcher.pending


def test_watcher_takes_a_change_written_a_debounce_ago_at_once(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock, wall = Clock(), Clock()
    watcher = FileWatcher([path], debounce=0.1, clock=clock, wall=wall)
    touch(path, "12")
    written = path.stat().st_mtime_ns / 1e9
    wall.now = written + 0.02  # noticed soon after the write: it may still be going on
    assert watcher.poll() == [] and watcher.pending
    clock.now = wall.now = written + 0.15
    assert watcher.poll() == [path]
    touch(path, "123")
    wall.now = path.stat().st_mtime_ns / 1e9 + 0.15  # noticed well after the write: settled
    assert watcher.poll() == [path] and not watcher.pending


def test_watcher_says_when_a_change_noticed_settles(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock, wall = Clock(), Clock()
    watcher = FileWatcher([path], interval=0.02, debounce=0.015, clock=clock, wall=wall)
    assert watcher.due() is None  # nothing noticed
    touch(path, "12")
    written = path.stat().st_mtime_ns / 1e9
    wall.now = written + 0.005  # noticed 5 ms after the write
    assert watcher.poll() == [] and watcher.due() == pytest.approx(0.010, abs=1e-4)  # a debounce after the write
    clock.now, wall.now = 0.010, written + 0.015  # then, before the next tick: settled
    assert watcher.poll() == [path] and watcher.due() is None
    touch(path, "123")
    written = path.stat().st_mtime_ns / 1e9
    clock.now, wall.now = 0.02, written
    assert watcher.poll() == []
    touch(path, "1234")  # written again before it settled: the debounce starts over
    clock.now, wall.now = 0.025, path.stat().st_mtime_ns / 1e9 + 0.001
    assert watcher.poll() == [] and watcher.due() == pytest.approx(0.014, abs=1e-4)
    path.unlink()  # a file gone is not due: FileWatcher.gone says when it stays away
    clock.now += 0.001
    assert watcher.poll() == [] and watcher.pending and watcher.due() is None


def test_watcher_ignores_its_owners_writes_and_missing_files(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock = Clock()
    watcher = FileWatcher([path], debounce=0.1, clock=clock)
    touch(path, "2")
    watcher.mark_seen(path)  # the app saved it itself
    clock.now = 1
    assert watcher.poll() == [] and not watcher.pending
    path.unlink()  # an editor that deletes, then writes
    assert watcher.poll() == []
    clock.now = 2
    assert watcher.poll() == []
    path.write_text("3")
    assert watcher.poll() == []
    clock.now = 3
    assert watcher.poll() == [path]


def test_cancelled_grading_returns_at_once_and_records_only_the_newest(tmp_path):
    # a time limit no test outlives: only the cancellation can end these runs (no race with the limit)
    workspace = workspace_with_timeout(tmp_path / "ws", "affine", timeout=NEVER)
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text("import time\nwhile True:\n    pass\n")
    grading = Grading(workspace)
    run = grading.new_run("affine")
    threading.Timer(0.3, lambda: grading.cancel("affine", run)).start()  # as a screen that is left
    assert grading.run(exercise, run) is None  # returns at all: the cancellation ended it
    assert "affine" not in workspace.progress()
    # a superseded run gives up too, and its verdict is never recorded
    stale = grading.new_run("affine")
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(grading.run(exercise, stale)))
    thread.start()
    time.sleep(0.2)
    workspace.file_for(exercise).write_text(solution_text("affine"))
    newest = grading.new_run("affine")
    thread.join(timeout=NEVER / 2)
    assert not thread.is_alive() and outcome == [None]
    fresh = grading.run(exercise, newest)
    assert fresh.result.passed and workspace.progress()["affine"]["status"] == "passed"
    deadline = time.monotonic() + 60
    while sandbox_children() and time.monotonic() < deadline:  # the superseded child was killed
        time.sleep(0.05)
    assert sandbox_children() == []


def test_timing_after_the_verdict_is_stopped_by_a_newer_run(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "affine", timeout=NEVER)
    exercise = workspace.catalog["affine"]
    line = "        return np.dot(x, W) + b\n"
    # right at the probes' sizes, stuck at the timed batch of 20: only a newer run can end the timing
    workspace.file_for(exercise).write_text(
        solution_text("affine").replace(line, "        while len(x) >= 20:\n            pass\n" + line, 1))
    grading = Grading(workspace)
    run = grading.new_run("affine")
    verdict = grading.run(exercise, run, timing=False)
    assert verdict.result.passed and verdict.result.pending
    measured = []
    thread = threading.Thread(target=lambda: measured.append(grading.measure(exercise, run, verdict)))
    thread.start()
    while thread.is_alive() and not sandbox_children():  # the timing's child is running
        time.sleep(0.01)
    grading.new_run("affine")  # a save: the timing of the older file is dropped
    thread.join(timeout=NEVER / 2)
    assert not thread.is_alive() and measured == [None]
    assert workspace.progress()["affine"]["status"] == "passed"  # the verdict was kept


def test_a_cancelled_run_is_not_timed_afterwards(workspace):
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text(solution_text("affine"))
    grading = Grading(workspace)
    run = grading.new_run("affine")
    verdict = grading.run(exercise, run, timing=False)
    assert verdict.result.pending
    grading.cancel("affine", run)  # the screen was left
    assert grading.measure(exercise, run, verdict) is None and sandbox_children() == []


def test_a_grader_failure_while_timing_keeps_the_verdict(workspace, monkeypatch):
    import workbench.grading

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text(solution_text("affine"))
    grading = Grading(workspace)
    run = grading.new_run("affine")
    verdict = grading.run(exercise, run, timing=False)
    monkeypatch.setattr(workbench.grading, "measure_speed", broken)  # a bug in the grader's timing
    measured = grading.measure(exercise, run, verdict)
    assert measured.result.passed and not measured.result.pending
    speed = next(c for c in measured.result.checks if c.name.startswith("speed"))
    assert speed.status == "skipped" and "not timed: the grader failed while timing (RuntimeError: boom)" in speed.text()
    assert speed.text("zh") != speed.text()


def test_pictures_of_a_result(tmp_path, workspace):
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text(solution_text("affine"))
    result = Grading(workspace).grade(exercise).result
    rows = plots.gradient_rows(result)
    assert {(r.check, r.tensor) for r in rows} >= {("gradcheck: Affine", "db"), ("gradcheck: MatMul", "dW")}
    assert all(r.relative_error < 1e-6 and r.worst_index is not None for r in rows)
    big = numpy.full((40, 50), numpy.nan)
    big[3, 7] = 1e-3
    grid = plots.error_grid(big, max_rows=8, max_cols=16)
    assert grid.shape == (8, 13) and numpy.nanmax(grid) == 1e-3 and numpy.isnan(grid).sum() == grid.size - 1
    assert plots.level(1e-13) == 0 and plots.level(1e-3) == len(plots.LEVELS) and plots.level(float("nan")) is None
    saved = plots.save_pictures(result, tmp_path / "plots")
    assert [p.name for p in saved] == ["affine-gradcheck.png"]
    assert saved[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_label_in_both_languages():
    from workbench import strings

    for key, entry in strings.STRINGS.items():
        assert entry.get("en") and entry.get("zh"), key
        assert set(entry) == {"en", "zh"}, key


def test_watcher_says_when_a_file_stays_gone(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock = Clock()
    watcher = FileWatcher([path], debounce=0.1, clock=clock)
    path.unlink()
    assert watcher.poll() == [] and not watcher.gone(path)  # perhaps an editor deleting, then writing
    clock.now = 0.1
    assert watcher.poll() == [] and watcher.gone(path)  # still away after the debounce: deleted
    path.write_text("2")
    assert watcher.poll() == [] and not watcher.gone(path)
    clock.now = 0.2
    assert watcher.poll() == [path]


def test_watcher_can_wait_longer_before_it_calls_a_file_gone(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    clock = Clock()
    watcher = FileWatcher([path], debounce=0.1, clock=clock, gone_after=0.25)
    path.unlink()
    watcher.poll()
    clock.now = 0.1
    assert watcher.poll() == [] and not watcher.gone(path)  # a debounce is not yet gone
    clock.now = 0.25
    assert watcher.poll() == [] and watcher.gone(path)


def test_a_background_run_leaves_a_busy_exercise_alone(workspace):
    """The home screen's rebuild must not supersede the run an exercise screen waits for."""
    exercise = workspace.catalog["affine"]
    grading = Grading(workspace)
    screens_run = grading.new_run("affine")
    assert grading.new_run("affine", unless_busy=True) is None
    assert grading.is_current("affine", screens_run)
    assert grading.run(exercise, screens_run).result.status == "not_implemented"
    background = grading.new_run("affine", unless_busy=True)  # idle again: it may grade
    assert background is not None and grading.run(exercise, background) is not None
    # a run that was cancelled before its worker started never grades
    cancelled = grading.new_run("affine")
    grading.cancel("affine", cancelled)
    assert grading.run(exercise, cancelled) is None


def test_a_result_without_checks_is_not_a_pass():
    from autograder.grader import GradeResult

    empty = GradeResult("affine", [], 10.0)
    assert not empty.passed and empty.status != "passed" and empty.score == 0.0


def test_pictures_key_changes_only_with_what_is_drawn(workspace):
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text(solution_text("affine"))
    grading = Grading(workspace)
    first, second = grading.grade(exercise).result, grading.grade(exercise).result
    assert plots.pictures_key(first) is not None and plots.pictures_key(first) == plots.pictures_key(second)
    check = next(c for c in second.checks if c.figure(GradientErrors) and c.figure(GradientErrors).maps)
    errors = check.figure(GradientErrors)
    name = next(iter(errors.maps))
    doubled = errors.with_tensor(name, error_map=numpy.asarray(errors.maps[name], dtype=float) * 2)
    check.figures = tuple(doubled if f is errors else f for f in check.figures)
    assert plots.pictures_key(first) != plots.pictures_key(second)
    workspace.file_for(exercise).write_text(make_stub(solution_text("affine")))
    assert plots.pictures_key(grading.grade(exercise).result) is None  # nothing to draw
