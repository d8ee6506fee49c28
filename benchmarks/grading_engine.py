"""Grading latency per exercise: through the CLI, and in-process with the fork server on and off.

    python benchmarks/grading_engine.py [--runs 5] [--chapter 1] [IDS ...] [--json OUT]

For each exercise, the median of `runs` runs of each of these, taken in turn (so that
the machine's load, which drifts, weighs on all of them alike), each exercise's
reference trace computed once first (as in the workbench after the first save):

  cli        `autograder grade ID REFERENCE`, a new process: Python, numpy and the
             grader, then the fork server and the forked child
  cli fresh  the same with DLFS2_FORKSERVER=0: a fresh `python -I _child.py` per run
  warm       grade() in a process whose fork server runs (the workbench after its
             first grade): the child is forked from a warm interpreter
  fresh      grade() with DLFS2_FORKSERVER=0, as before the fork server

Ratios printed: cli / `python -c "import numpy"` (the floor of any new process, timed
between the same exercise's runs), fresh / warm (what the fork server saves per grade).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import ROOT, Timing, load_now, repo_on_path, write_json

TARGETS = {1: 1.0}  # seconds through the CLI, per exercise of the chapter (the targets)
LONG_TARGET = 3.0  # LSTM and attention layers


def run_quietly(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="exercises (default: every one, or those of --chapter)")
    parser.add_argument("--chapter", type=int, action="append", help="only this chapter's exercises (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON (for run_all.py)")
    args = parser.parse_args(argv)
    repo_on_path()
    from autograder import sandbox
    from autograder.catalog import load_catalog
    from autograder.grader import grade

    catalog = load_catalog()
    ids = args.ids or [e.id for e in catalog if not args.chapter or e.chapter in args.chapter]
    env = dict(os.environ)
    env.pop("DLFS2_FORKSERVER", None)
    fresh_env = {**env, "DLFS2_FORKSERVER": "0"}

    numpy_import = Timing()
    rows = []
    print(f"grading latency, median of {args.runs} runs; {os.cpu_count()} CPUs, {load_now()}")
    print(f"{'exercise':<18}{'cli':>9}{'cli fresh':>11}{'warm':>9}{'fresh':>9}   {'cli/numpy':>9}{'fresh/warm':>11}")
    for exercise_id in ids:
        exercise = catalog[exercise_id]
        path = str(exercise.solution_path)
        cli = [sys.executable, "-m", "autograder.cli", "grade", exercise_id, path]
        grade(exercise_id, path)  # the reference trace, once, and the fork server started
        timings = {name: Timing() for name in ("cli", "cli_fresh", "warm", "fresh")}
        row_import = Timing()  # the floor, measured between this exercise's runs
        for _ in range(args.runs):
            for name in timings:
                start = time.perf_counter()
                if name == "cli":
                    run_quietly(cli, env)
                elif name == "cli_fresh":
                    run_quietly(cli, fresh_env)
                else:
                    if name == "fresh":
                        os.environ["DLFS2_FORKSERVER"] = "0"  # read by the sandbox at each run
                    try:
                        result = grade(exercise_id, path)
                    finally:
                        os.environ.pop("DLFS2_FORKSERVER", None)
                    assert result.passed, f"the reference of {exercise_id} does not pass: {result.status}"
                timings[name].samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_quietly([sys.executable, "-c", "import numpy"], env)
            row_import.samples.append(time.perf_counter() - start)
        numpy_import.samples += row_import.samples
        row = {"id": exercise_id, "chapter": exercise.chapter, **timings, "numpy_import": row_import}
        rows.append(row)
        t = {name: timing.median for name, timing in timings.items()}
        print(f"{exercise_id:<18}{t['cli']:>8.3f}s{t['cli_fresh']:>10.3f}s{t['warm']:>8.3f}s{t['fresh']:>8.3f}s"
              f"   {t['cli'] / row_import.median:>8.1f}x{t['fresh'] / t['warm']:>10.1f}x")
    print(f"python -c 'import numpy': {numpy_import.ms()} over the whole run")
    print(f"fork server: {'on' if sandbox.fork_server_wanted() else 'off (DLFS2_FORKSERVER=0 or the GPU)'}")
    for chapter, target in TARGETS.items():
        worst = max((r for r in rows if r["chapter"] == chapter), key=lambda r: r["cli"].median, default=None)
        if worst:
            verdict = "met" if worst["cli"].median <= target else "NOT met"
            print(f"target: chapter {chapter} through the CLI under {target:.0f} s per exercise: {verdict} "
                  f"(slowest: {worst['id']}, {worst['cli'].median:.2f} s)")
    long = [r for r in rows if r["id"] in ("lstm", "time_lstm")]
    if long:
        worst = max(long, key=lambda r: r["cli"].median)
        verdict = "met" if worst["cli"].median <= LONG_TARGET else "NOT met"
        print(f"target: LSTM layers through the CLI under {LONG_TARGET:.0f} s: {verdict} "
              f"(slowest: {worst['id']}, {worst['cli'].median:.2f} s)")
    write_json(args.json, {"benchmark": "grading_engine", "runs": args.runs, "numpy_import": numpy_import,
                           "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
