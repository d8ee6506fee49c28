"""Grading times of the engine: per exercise through the CLI, and the public gradcheck's modes.

    OPENBLAS_NUM_THREADS=1 python benchmarks/grading_engine.py [--runs 5] [IDS ...]

Prints, for each exercise, the median wall time of `autograder grade ID REFERENCE`
(the reference trace cached, as in the TUI after the first save) against `python -c
"import numpy"` measured in the same run; then `gradcheck` on a TimeLSTM (N=4, T=5,
D=H=8) in full and directional mode, and the ratio between them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    from autograder.catalog import load_catalog

    catalog = load_catalog()
    ids = args.ids or catalog.ids
    baseline = statistics.median(wall([sys.executable, "-c", "import numpy"]) for _ in range(args.runs))
    print(f"python -c 'import numpy': {baseline:.3f} s (median of {args.runs})")
    print(f"{'exercise':<20}{'median s':>10}{'× numpy import':>16}")
    total = 0.0
    for exercise_id in ids:
        cmd = [sys.executable, "-m", "autograder.cli", "grade", exercise_id, str(catalog[exercise_id].solution_path)]
        wall(cmd)  # the first run stores the reference trace
        times = [wall(cmd) for _ in range(args.runs)]
        median = statistics.median(times)
        total += median
        print(f"{exercise_id:<20}{median:>10.3f}{median / baseline:>16.1f}")
    print(f"{'all, one after another':<20}{total:>10.3f}")

    sys.path.insert(0, os.path.join(ROOT, "solutions"))
    from ch06.time_lstm import TimeLSTM

    from autograder import gradcheck

    rng = np.random.default_rng(0)
    N, T, D, H = 4, 5, 8, 8
    weights = (rng.standard_normal((D, 4 * H)) * 0.3, rng.standard_normal((H, 4 * H)) * 0.3,
               rng.standard_normal(4 * H) * 0.3)
    xs = rng.standard_normal((N, T, D))
    for mode in ("full", "directional"):
        times = []
        for _ in range(args.runs):
            layer = TimeLSTM(*(w.copy() for w in weights))
            start = time.perf_counter()
            gradcheck(layer, xs, mode=mode)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        if mode == "full":
            full = median
        print(f"gradcheck TimeLSTM N={N} T={T} D=H={D}, {mode}: {median * 1000:.1f} ms (median of {args.runs})"
              + ("" if mode == "full" else f", {median / full:.3f} × full"))


if __name__ == "__main__":
    main()
