"""Grading latency per exercise: in the app (rows as they come) and through the CLI.

    python benchmarks/grading_engine.py [--runs 5] [--chapter 1] [IDS ...] [--check-all] [--json OUT]

For each exercise (every one of the catalog by default), its reference graded `runs` times in
turn with the other measurements (so that the machine's load, which drifts, weighs on all of
them alike), its reference trace computed once first (as in the workbench after the first save):

  first row    in this process with the fork server warm (the workbench's grading thread):
               grade(timing=False) until its first row (loads) is handed to on_rows
  main rows    ... until every check of the probes' own steps (interface, forward, backward,
               conventions, values) is decided: what the app shows before the gradient checks,
               the training and precision, whatever those cost
  whole        ... until grade returns: the verdict, every row decided (the speed checks'
               timings come after it, in a child of their own, as in the app)
  CLI          `autograder grade ID REFERENCE` as a new process: Python, numpy and the grader,
               and the one child it forks itself (its speed checks timed in that child)
  timed calls  what the speed checks' timing adds to a grade: grade(timing=True) less the whole
               verdict, in this process (an exercise with a speed probe: its calls at book sizes,
               a budget of 0.1 s per probe, a large call timed at least once)
  import numpy `python -c "import numpy"`, timed between the same exercise's runs: the floor
               of any new process, and this run's unit (the machine is shared: ratios to it
               move less with the load than milliseconds do)

Targets (docs/benchmarks.md): the CLI ≤ 2× import numpy for an exercise without training, ≤ 3×
with it (a probe with a train, trainer or generate step); the first row ≤ 150 ms and the whole
verdict ≤ 500 ms in the app. `--check-all` also times `workbench check --all` on a workspace
holding every reference (an empty cache, then a warm one; target ≤ 60 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import ROOT, Timing, load_now, repo_on_path, write_json

FIRST_ROW, WHOLE = 0.150, 0.500  # seconds, in the app (the targets)
CLI_RATIO = {False: 2.0, True: 3.0}  # × `python -c "import numpy"`, without / with a training probe


def run_quietly(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)


def command(name: str, module: str) -> list[str]:
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.is_file() else [sys.executable, "-m", module]


def trains(exercise) -> bool:
    from autograder import phases

    return any(phases.steps_phase(list(p.steps)) == "training" for p in exercise.probes)


def in_app(exercise, path, catalog) -> tuple[float, float, float]:
    """(first row, main rows, whole) of one grade in this process, in seconds."""
    from autograder import phases
    from autograder.checks import checks_for
    from autograder.grader import CHECKING, grade

    main = [i + 1 for i, check in enumerate(checks_for(exercise)) if phases.RANK[check.phase] <= phases.RANK["main"]]
    seen: dict[str, float] = {}
    start = time.perf_counter()

    def rows(result):
        now = time.perf_counter() - start
        seen.setdefault("first", now)
        if "main" not in seen and all(result.checks[i].status != CHECKING for i in main):
            seen["main"] = now

    result = grade(exercise.id, path, catalog=catalog, timing=False, on_rows=rows)
    whole = time.perf_counter() - start
    assert result.passed, f"the reference of {exercise.id} does not pass: {result.status}"
    return seen.get("first", whole), seen.get("main", whole), whole


def check_all(catalog, env: dict) -> dict:
    """`workbench check --all` on a fresh workspace holding every reference: an empty cache, then a warm one."""
    root = Path(tempfile.mkdtemp(prefix="dlfs2-bench-check-"))
    cache = Path(tempfile.mkdtemp(prefix="dlfs2-bench-cache-"))
    try:
        workbench = command("workbench", "workbench.cli")
        subprocess.run(workbench + ["init", str(root / "ws")], env=env, check=True, capture_output=True)
        for exercise in catalog:
            target = root / "ws" / exercise.module
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(exercise.solution_path, target)
        times = {}
        for name in ("empty cache", "warm cache"):
            start = time.perf_counter()
            proc = subprocess.run(workbench + ["--workspace", str(root / "ws"), "--lang", "en", "check", "--all"],
                                  env={**env, "XDG_CACHE_HOME": str(cache)}, capture_output=True, text=True)
            times[name] = time.perf_counter() - start
            if proc.returncode != 0:
                raise RuntimeError(f"workbench check --all did not pass every reference:\n{proc.stdout[-2000:]}")
        return {"seconds": times, "exercises": len(catalog)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="exercises (default: every one, or those of --chapter)")
    parser.add_argument("--chapter", type=int, action="append", help="only this chapter's exercises (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check-all", action="store_true", help="also time `workbench check --all` (target ≤ 60 s)")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON (for run_all.py)")
    args = parser.parse_args(argv)
    repo_on_path()
    from autograder.catalog import load_catalog
    from autograder.grader import grade

    catalog = load_catalog()
    ids = args.ids or [e.id for e in catalog if not args.chapter or e.chapter in args.chapter]
    env = dict(os.environ)
    env.pop("DLFS2_FORKSERVER", None)
    cli = command("autograder", "autograder.cli")

    numpy_import = Timing()
    rows = []
    print(f"grading latency, median of {args.runs} runs; {os.cpu_count()} CPUs, {load_now()}")
    print(f"{'exercise':<18}{'first row':>10}{'main rows':>10}{'whole':>8}{'CLI':>8}{'import numpy':>13}"
          f"{'CLI/numpy':>10}{'timing':>10}{'untimed':>9}  targets (first ≤ 150 ms, whole ≤ 500 ms, "
          "CLI ≤ 2× or 3× with training)")
    for exercise_id in ids:
        exercise = catalog[exercise_id]
        path = str(exercise.solution_path)
        grade(exercise_id, path, catalog=catalog, timing=False)  # the reference trace, once; the fork server warm
        run_quietly(cli + ["grade", exercise_id, path], env)  # the caches of a new process, once
        timings = {name: Timing() for name in ("first", "main", "whole", "timed", "cli")}
        row_import = Timing()  # the floor, measured between this exercise's runs
        for _ in range(args.runs):
            first, main_rows, whole = in_app(exercise, path, catalog)
            timings["first"].samples.append(first)
            timings["main"].samples.append(main_rows)
            timings["whole"].samples.append(whole)
            start = time.perf_counter()
            grade(exercise_id, path, catalog=catalog)  # with the speed checks' timing, as the CLI does
            timings["timed"].samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_quietly(cli + ["grade", exercise_id, path], env)
            timings["cli"].samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_quietly([sys.executable, "-c", "import numpy"], env)
            row_import.samples.append(time.perf_counter() - start)
        numpy_import.samples += row_import.samples
        training = trains(exercise)
        ratio = timings["cli"].median / row_import.median
        timing_cost = max(0.0, timings["timed"].median - timings["whole"].median)
        untimed_ratio = (timings["cli"].median - timing_cost) / row_import.median
        row = {"id": exercise_id, "chapter": exercise.chapter, "training": training, **timings,
               "numpy_import": row_import, "cli_ratio": ratio, "cli_target": CLI_RATIO[training],
               "timing_cost": timing_cost, "untimed_ratio": untimed_ratio, "load": load_now()}
        rows.append(row)
        t = {name: timing.median * 1000 for name, timing in timings.items()}
        met = [f"{name} {'✔' if ok else '✘'}" for name, ok in (
            ("first", t["first"] <= FIRST_ROW * 1000), ("whole", t["whole"] <= WHOLE * 1000),
            ("cli", ratio <= CLI_RATIO[training]))]
        print(f"{exercise_id:<18}{t['first']:>8.0f}ms{t['main']:>8.0f}ms{t['whole']:>6.0f}ms{t['cli']:>6.0f}ms"
              f"{row_import.median * 1000:>11.0f}ms{ratio:>9.2f}×{timing_cost * 1000:>8.0f}ms{untimed_ratio:>9.2f}×"
              f"  {' '.join(met)}{'  (training)' if training else ''}", flush=True)
    print(f"python -c 'import numpy': {numpy_import.ms()} over the whole run; {load_now()}")
    record = {"benchmark": "grading_engine", "runs": args.runs, "numpy_import": numpy_import, "rows": rows}
    if args.check_all:
        record["check_all"] = check_all(catalog, env)
        seconds = record["check_all"]["seconds"]
        print("workbench check --all, every reference: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
              + f" (target ≤ 60 s: {'met' if max(seconds.values()) <= 60 else 'NOT met'}); {load_now()}")
    write_json(args.json, record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
