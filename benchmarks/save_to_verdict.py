"""Median time from saving a file to its first row and to its whole verdict on screen.

Three ways of saving, each alternating the reference and the starting file (not implemented)
so that every save changes the verdict, for each exercise asked (default: affine, whose checks
are cheap, and rnnlm, the catalog's costliest verdict):

  watcher  the file is written on disk (as any editor would); the app's watcher
           notices it (polling every 0.02 s, 0.015 s debounce) and grades it.
  ctrl+s   the built-in editor's save: workspace.save, then grading at once.
  tmux     the real `workbench` command in tmux: the file is written on disk and the time
           is taken when `tmux capture-pane` shows the rows so far, then the new verdict.

In the app (watcher, ctrl+s) a time is taken at the first frame the app draws after the panel
got the first rows of the run (ResultsPanel.show_progress, or its verdict if that came first)
and after it got the verdict (App._display, what sends a frame to the terminal); the speed
checks are timed after the verdict, as the workbench does, and are not waited for.

`--fresh` also measures with DLFS2_FORKSERVER=0 (a fresh interpreter per grading).

Run:  .venv/bin/python benchmarks/save_to_verdict.py [--runs 5] [--exercise ID ...] [--fresh] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import load_now, write_json

from autograder import resources
from autograder.catalog import load_catalog
from autograder.grader import grade
from autograder.stubs import make_stub
from workbench.app import WorkbenchApp
from workbench.screens.exercise import ExerciseScreen
from workbench.widgets.exercise_list import ExerciseList
from workbench.widgets.results import ResultsPanel
from workbench.workspace import init_workspace

DEFAULT = ("affine", "rnnlm")
PAUSE = 1.5  # seconds between saves: a learner reads the verdict (and the PNGs get drawn) in between
TARGET = 0.150  # seconds to the first row, every way of saving


def files(exercise_id: str) -> list[tuple[str, str, str]]:
    """(text, verdict, words of the verdict's summary) of the reference and of the starting file."""
    exercise = load_catalog()[exercise_id]
    solution = (resources.solutions_root() / exercise.module).read_text(encoding="utf-8")
    passed = grade(exercise_id, exercise.solution_path, timing=False)  # the reference's trace, once
    words = passed.summary().render().split(": ", 1)[1].split(" (")[0]  # "all 11 checks passed"
    return [(solution, "passed", words), (make_stub(solution), "not_implemented", "not implemented yet")]


async def until(pilot, predicate, timeout=10.0):
    """Wait for predicate(); a plain sleep, not pilot.pause(), which makes the app flush its
    screen on every call and would slow down what is timed (the times come from hooks)."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.005)


async def in_app(exercise_id: str, runs: int) -> dict[str, dict[str, list[float]]]:
    """{way: {"first": [...], "whole": [...]}} of saves in the app (watcher, ctrl+s)."""
    saves = files(exercise_id)
    root = Path(tempfile.mkdtemp(prefix="dlfs2-bench-"))
    workspace, _ = init_workspace(root)
    path = workspace.file_for(exercise_id)
    app = WorkbenchApp(workspace, "en")
    times = {way: {"first": [], "whole": []} for way in ("watcher", "ctrl+s")}
    shown: dict[str, float] = {}  # when the panel got rows / the verdict, then when the next frame was drawn
    draw = app._display

    def display(screen, renderable):
        if renderable is not None:
            now = time.perf_counter()
            if "rows" in shown and "first" not in shown:
                shown["first"] = now
            if "verdict" in shown and "whole" not in shown:
                shown["whole"] = now
        return draw(screen, renderable)

    app._display = display
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(ExerciseList))
        app.screen.query_one(ExerciseList).highlight_exercise(exercise_id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        screen = app.screen
        panel = screen.query_one(ResultsPanel)
        show_outcome, show_progress = panel.show_outcome, panel.show_progress

        def outcome(result):
            show_outcome(result)
            shown.setdefault("rows", time.perf_counter())
            shown["verdict"] = time.perf_counter()

        def progress(result, *rest):
            show_progress(result, *rest)
            shown.setdefault("rows", time.perf_counter())

        panel.show_outcome, panel.show_progress = outcome, progress
        await until(pilot, lambda: panel.verdict == "not_implemented", timeout=60)
        await pilot.pause(0.5)

        async def save(way, text, verdict):
            if way == "ctrl+s":
                screen.query_one("#editor").text = text
                await pilot.pause()
            shown.clear()
            start = time.perf_counter()
            if way == "ctrl+s":
                await pilot.press("ctrl+s")
            else:
                path.write_text(text, encoding="utf-8")
            await until(pilot, lambda: panel.verdict == verdict and not panel.running and "whole" in shown,
                        timeout=60)
            times[way]["first"].append(shown["first"] - start)
            times[way]["whole"].append(shown["whole"] - start)
            await pilot.pause(PAUSE)

        for way in times:
            for i in range(2 * runs):
                text, verdict, _ = saves[i % 2]
                await save(way, text, verdict)
    shutil.rmtree(root, ignore_errors=True)
    return times


def in_tmux(exercise_id: str, runs: int) -> dict[str, list[float]]:
    saves = files(exercise_id)
    root = Path(tempfile.mkdtemp(prefix="dlfs2-bench-tmux-"))
    workspace, _ = init_workspace(root)
    path = workspace.file_for(exercise_id)
    script = Path(sys.executable).with_name("workbench")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "workbench.cli"]
    tmux = ["tmux", "-L", f"dlfs2-bench-{os.getpid()}", "-f", os.devnull]
    so_far = "checking… so far"  # the summary while rows come (GradeResult.summary of a result so far)

    def screen() -> str:
        return subprocess.run(tmux + ["capture-pane", "-p", "-t", "wb"], capture_output=True, text=True).stdout

    def wait(*needles: str, gone: str | None = None, timeout: float = 60) -> str:
        """Until the screen shows one of the needles (and not `gone`); which one it showed."""
        deadline = time.perf_counter() + timeout
        while True:
            text = screen()
            found = next((n for n in needles if n in text), None)
            if found is not None and (gone is None or gone not in text):
                return found
            if time.perf_counter() > deadline:
                raise TimeoutError(needles)
            time.sleep(0.005)

    subprocess.run(tmux + ["new-session", "-d", "-x", "120", "-y", "40", "-s", "wb",
                           " ".join(command + ["--workspace", str(root), "--lang", "en"])],
                   check=True, env={**os.environ, "TERM": "xterm-256color"})
    times = {"first": [], "whole": []}
    try:
        wait("Overall")
        downs = load_catalog().ids.index(exercise_id)
        if downs:
            subprocess.run(tmux + ["send-keys", "-t", "wb"] + ["Down"] * downs, check=True)
        time.sleep(0.3)
        subprocess.run(tmux + ["send-keys", "-t", "wb", "Enter"], check=True)
        wait(saves[1][2])
        time.sleep(0.5)
        for i in range(2 * runs):
            text, _, words = saves[i % 2]
            other = saves[(i + 1) % 2][2]
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            first = wait(so_far, words, gone=other)
            times["first"].append(time.perf_counter() - start)
            if first != words:
                wait(words, gone=so_far)
            times["whole"].append(time.perf_counter() - start)
            time.sleep(PAUSE)
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
    return times


def report(name: str, values: list[float]) -> None:
    ms = sorted(round(v * 1000) for v in values)
    print(f"{name:<16} n={len(values):<3} median {statistics.median(values) * 1000:6.0f} ms   "
          f"min {ms[0]} ms  max {ms[-1]} ms   all: {ms}")


def measure(exercise_id: str, runs: int, fresh: bool) -> dict[str, dict[str, list[float]]]:
    """Every way of saving, with the fork server on, or off (`fresh`)."""
    if fresh:
        os.environ["DLFS2_FORKSERVER"] = "0"  # read by the sandbox at every run, passed on to tmux's app
    else:
        os.environ.pop("DLFS2_FORKSERVER", None)
    try:
        times = asyncio.run(in_app(exercise_id, runs))
        if shutil.which("tmux"):
            times["tmux"] = in_tmux(exercise_id, runs)
    finally:
        os.environ.pop("DLFS2_FORKSERVER", None)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="saves of each kind (×2: reference and stub)")
    parser.add_argument("--exercise", action="append", metavar="ID", help=f"(repeatable; default {', '.join(DEFAULT)})")
    parser.add_argument("--fresh", action="store_true", help="also with a fresh interpreter per grading")
    parser.add_argument("--pause", type=float, default=PAUSE, help=f"seconds between saves (default {PAUSE})")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON (for run_all.py)")
    args = parser.parse_args()
    exercises = args.exercise or list(DEFAULT)
    globals()["PAUSE"] = args.pause  # read by the savers between saves
    print(f"save → first row and verdict on screen, {', '.join(exercises)}; {os.cpu_count()} CPUs, "
          f"python {sys.version.split()[0]}, {load_now()}")
    results: dict[str, dict] = {}
    for exercise_id in exercises:
        results[exercise_id] = {"forked": measure(exercise_id, args.runs, fresh=False)}
        if args.fresh:
            results[exercise_id]["fresh"] = measure(exercise_id, args.runs, fresh=True)
        for started, ways in results[exercise_id].items():
            for way, times in ways.items():
                for what in ("first", "whole"):
                    report(f"{exercise_id} {way} {what} ({started})", times[what])
        print(load_now(), flush=True)
    if not shutil.which("tmux"):
        print("tmux             not installed: skipped")
    medians = {exercise_id: {started: {way: {what: statistics.median(v) for what, v in times.items()}
                                       for way, times in ways.items()}
                             for started, ways in by_start.items()}
               for exercise_id, by_start in results.items()}
    for exercise_id, by_start in medians.items():
        for way, m in by_start["forked"].items():
            print(f"target: save → first row ≤ 150 ms median, {exercise_id}, {way}: "
                  f"{'met' if m['first'] <= TARGET else 'NOT met'} ({m['first'] * 1000:.0f} ms; whole verdict "
                  f"{m['whole'] * 1000:.0f} ms, forked)")
    write_json(args.json, {"benchmark": "save_to_verdict", "runs": args.runs, "exercises": exercises,
                           "samples": results, "medians": medians})


if __name__ == "__main__":
    main()
