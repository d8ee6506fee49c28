"""How long grading one chapter-1 exercise takes, through the CLI and in-process.

Baseline, measured in the same run: starting Python and importing numpy (the
floor any sandboxed grade pays twice: once in the CLI, once in the child).
Prints medians and the ratio to that baseline.

    OPENBLAS_NUM_THREADS=1 python benchmarks/grade_latency.py [--runs 15]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from autograder.catalog import load_catalog  # noqa: E402
from autograder.grader import grade  # noqa: E402

AUTOGRADER = str(Path(sys.executable).with_name("autograder"))


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    catalog = load_catalog()

    baseline = timed(lambda: subprocess.run([sys.executable, "-c", "import numpy"], check=True), args.runs)
    print(f"baseline: python -c 'import numpy'         median {baseline[0] * 1000:7.1f} ms")
    for exercise in catalog:
        path = str(exercise.solution_path)
        grade(exercise.id, path)  # the reference trace is computed once and cached
        cli = timed(lambda: subprocess.run([AUTOGRADER, "grade", exercise.id, path], capture_output=True), args.runs)
        inproc = timed(lambda: grade(exercise.id, path), args.runs)
        print(f"{exercise.id:<18} CLI median {cli[0] * 1000:7.1f} ms (min {cli[1] * 1000:.0f}, max {cli[2] * 1000:.0f})"
              f" = {cli[0] / baseline[0]:4.1f}x baseline;  in-process grade() median {inproc[0] * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
