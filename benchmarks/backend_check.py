"""Grade every reference solution and every untouched stub on the current backend.

    python benchmarks/backend_check.py            # numpy
    DLFS2_GPU=1 python benchmarks/backend_check.py  # cupy, where a GPU is present

Prints which backend the sandbox used, each exercise's verdicts and the median
grading time, so the GPU path is exercised end to end (learner code, reference
and numerical gradients all on the device).
"""

import statistics
import sys
import time

from autograder.catalog import load_catalog
from autograder.grader import grade
from autograder.backend import gpu_requested

ok = True
times = []
catalog = load_catalog()
extra = sys.argv[1:]  # more files to grade: ID=PATH
for exercise in catalog:
    start = time.perf_counter()
    reference = grade(exercise.id, exercise.solution_path)
    stub = grade(exercise.id, exercise.stub_path)
    for _ in range(3):
        t = time.perf_counter()
        grade(exercise.id, exercise.solution_path)
        times.append(time.perf_counter() - t)
    good = reference.passed and stub.status == "not_implemented"
    ok &= good
    failing = [f"{c.name}: {c.text()}" for c in reference.checks if not c.passed]
    print(f"{exercise.id:<18} reference {reference.status:<16} stub {stub.status:<16} "
          f"{'ok' if good else 'WRONG'}  {failing[:2] if failing else ''}")
for item in extra:
    ex_id, path = item.split("=", 1)
    result = grade(ex_id, path)
    print(f"{ex_id:<18} {path}: {result.status} ({result.score}/{result.max_score})")
    ok &= result.passed
from autograder import grader  # noqa: E402

backends = {t.get("backend") for t in grader._memory.values()}
print(f"GPU requested: {gpu_requested()}; backend in the sandbox: {sorted(backends)}")
print(f"median grade time: {statistics.median(times) * 1000:.0f} ms over {len(times)} runs")
print("ALL OK" if ok else "SOMETHING WRONG")
sys.exit(0 if ok else 1)
