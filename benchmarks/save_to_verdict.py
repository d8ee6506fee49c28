"""Median time from saving a file to the verdict on screen, chapter 1 `affine`.

Three ways of saving, each alternating a passing and a not-implemented file so
that every save changes the verdict:

  watcher  the file is written on disk (as any editor would); the app's watcher
           notices it (polling every 0.02 s, 0.015 s debounce) and grades it.
  ctrl+s   the built-in editor's save: workspace.save, then grading at once.

In the app (watcher, ctrl+s) the time is taken at the first frame the app draws after
the panel got the verdict (App._display, what sends a frame to the terminal); the speed
checks are timed after that frame, as the workbench does, and are not waited for.
  tmux     the real `workbench` command in tmux: the file is written on disk and
           the time is taken when `tmux capture-pane` shows the new verdict.

Each of them twice, in the same run: with the sandbox's fork server (the child forked
from a warm interpreter, the default) and with DLFS2_FORKSERVER=0 (a fresh interpreter
per grading, as before it); the ratio is fresh / forked.

Run:  .venv/bin/python benchmarks/save_to_verdict.py [--runs 5] [--no-fresh] [--json OUT]
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
from autograder.stubs import make_stub
from workbench.app import WorkbenchApp
from workbench.screens.exercise import ExerciseScreen
from workbench.widgets.exercise_list import ExerciseList
from workbench.widgets.results import ResultsPanel
from workbench.workspace import init_workspace

SOLUTION = (resources.solutions_root() / "ch01" / "affine.py").read_text(encoding="utf-8")
STUB = make_stub(SOLUTION)
FILES = [(SOLUTION, "passed"), (STUB, "not_implemented")]
PAUSE = 1.5  # seconds between saves: a learner reads the verdict (and the PNGs get drawn) in between


async def until(pilot, predicate, timeout=10.0):
    """Wait for predicate(); a plain sleep, not pilot.pause(), which makes the app flush its
    screen on every call and would slow down what is timed (the times come from hooks)."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.005)


async def in_app(runs: int) -> dict[str, list[float]]:
    root = Path(tempfile.mkdtemp(prefix="dlfs2-bench-"))
    workspace, _ = init_workspace(root)
    path = workspace.file_for("affine")
    app = WorkbenchApp(workspace, "en")
    times: dict[str, list[float]] = {"watcher": [], "ctrl+s": []}
    shown: dict[str, float] = {}  # when the panel got the verdict, then when the next frame was drawn
    draw = app._display

    def display(screen, renderable):
        if renderable is not None and "verdict" in shown and "frame" not in shown:
            shown["frame"] = time.perf_counter()
        return draw(screen, renderable)

    app._display = display
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(ExerciseList))
        app.screen.query_one(ExerciseList).highlight_exercise("affine")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        screen = app.screen
        panel = screen.query_one(ResultsPanel)
        show_outcome = panel.show_outcome

        def show(outcome):
            show_outcome(outcome)
            shown.clear()
            shown["verdict"] = time.perf_counter()

        panel.show_outcome = show
        await until(pilot, lambda: panel.verdict == "not_implemented")
        await pilot.pause(0.5)
        for i in range(2 * runs):
            text, verdict = FILES[i % 2]
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            await until(pilot, lambda: panel.verdict == verdict and not panel.running and "frame" in shown)
            times["watcher"].append(shown["frame"] - start)
            await pilot.pause(PAUSE)
        for i in range(2 * runs):
            text, verdict = FILES[i % 2]
            screen.query_one("#editor").text = text
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: panel.verdict == verdict and not panel.running and "frame" in shown)
            times["ctrl+s"].append(shown["frame"] - start)
            await pilot.pause(PAUSE)
    shutil.rmtree(root, ignore_errors=True)
    return times


def in_tmux(runs: int) -> list[float]:
    root = Path(tempfile.mkdtemp(prefix="dlfs2-bench-tmux-"))
    workspace, _ = init_workspace(root)
    path = workspace.file_for("affine")
    script = Path(sys.executable).with_name("workbench")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "workbench.cli"]
    tmux = ["tmux", "-L", f"dlfs2-bench-{os.getpid()}", "-f", os.devnull]
    words = {"passed": "all 11 checks passed", "not_implemented": "not implemented yet"}

    def screen() -> str:
        return subprocess.run(tmux + ["capture-pane", "-p", "-t", "wb"], capture_output=True, text=True).stdout

    def wait(needle: str, gone: str | None = None, timeout: float = 20) -> None:
        deadline = time.perf_counter() + timeout
        while True:
            text = screen()
            if needle in text and (gone is None or gone not in text):
                return
            if time.perf_counter() > deadline:
                raise TimeoutError(needle)
            time.sleep(0.005)

    subprocess.run(tmux + ["new-session", "-d", "-x", "120", "-y", "40", "-s", "wb",
                           " ".join(command + ["--workspace", str(root), "--lang", "en"])],
                   check=True, env={**os.environ, "TERM": "xterm-256color"})
    times = []
    try:
        wait("Overall")
        subprocess.run(tmux + ["send-keys", "-t", "wb", "Down", "Down"], check=True)
        time.sleep(0.3)
        subprocess.run(tmux + ["send-keys", "-t", "wb", "Enter"], check=True)
        wait(words["not_implemented"])
        time.sleep(0.5)
        for i in range(2 * runs):
            text, verdict = FILES[i % 2]
            other = words["not_implemented" if verdict == "passed" else "passed"]
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            wait(words[verdict], gone=other)
            times.append(time.perf_counter() - start)
            time.sleep(PAUSE)
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
    return times


def report(name: str, values: list[float]) -> None:
    ms = sorted(round(v * 1000) for v in values)
    print(f"{name:<16} n={len(values):<3} median {statistics.median(values) * 1000:6.0f} ms   "
          f"min {ms[0]} ms  max {ms[-1]} ms   all: {ms}")


def measure(runs: int, fresh: bool) -> dict[str, list[float]]:
    """Every way of saving, with the fork server on, or off (`fresh`)."""
    if fresh:
        os.environ["DLFS2_FORKSERVER"] = "0"  # read by the sandbox at every run, passed on to tmux's app
    else:
        os.environ.pop("DLFS2_FORKSERVER", None)
    try:
        times = asyncio.run(in_app(runs))
        if shutil.which("tmux"):
            times["tmux"] = in_tmux(runs)
    finally:
        os.environ.pop("DLFS2_FORKSERVER", None)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="saves of each kind (×2: pass and stub)")
    parser.add_argument("--no-fresh", action="store_true", help="only with the fork server")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON (for run_all.py)")
    args = parser.parse_args()
    print(f"save → verdict on screen, affine, {os.cpu_count()} CPUs, python {sys.version.split()[0]}, {load_now()}")
    results = {"forked": measure(args.runs, fresh=False)}
    if not args.no_fresh:
        results["fresh"] = measure(args.runs, fresh=True)
    for name in results["forked"]:
        for started, times in results.items():
            report(f"{name} ({started})", times[name])
        if "fresh" in results:
            ratio = statistics.median(results["fresh"][name]) / statistics.median(results["forked"][name])
            print(f"{name:<16} fresh / forked: {ratio:.2f}x")
    if not shutil.which("tmux"):
        print("tmux             not installed: skipped")
    medians = {started: {name: statistics.median(v) for name, v in times.items()}
               for started, times in results.items()}
    for name, m in medians["forked"].items():
        print(f"target: save → verdict ≤ 150 ms median (chapter 1), {name}: "
              f"{'met' if m <= 0.150 else 'NOT met'} ({m * 1000:.0f} ms, forked)")
    write_json(args.json, {"benchmark": "save_to_verdict", "runs": args.runs, "exercise": "affine",
                           "samples": results, "medians": medians})


if __name__ == "__main__":
    main()
