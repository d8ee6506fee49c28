"""Throughput of a class graded on one machine: grade-batch --jobs 2 against nbgrader's own autograde.

Both grade the same generated chapter-1 notebooks in the same run: the course of
``autograder classroom init --assignments ch01``, released by ``nbgrader
generate_assignment``, and N submissions made from the release (default 100):

- 60 % right (every answer the reference, each notebook distinct: a comment
  with the student's id in every answer),
- 25 % wrong (per exercise, in turn: the reference, one part left undone, or
  the starting code),
- 15 % hostile (in one answer: numpy's comparisons patched over the stub, sys.exit,
  os._exit, a memory bomb, an infinite loop; the other answers right).

nbgrader autograde runs them one by one, test cells in the student's kernel (its
own default cell timeout, 30 s); ``autograder grade-batch --jobs 2`` grades the
answer cells in sandboxed children. Prints both rates, their ratio, and whether
the honest (right and wrong) submissions got identical scores. BLAS threads are
pinned to 1 for both.

    python benchmarks/classroom_throughput.py [--submissions 100] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from autograder.catalog import load_catalog  # noqa: E402
from autograder.classroom.answers import answer_source, release_source, with_answers  # noqa: E402
from autograder.classroom.grading import grade_answer  # noqa: E402
from autograder.donothing import variant_sources  # noqa: E402

BIN = Path(sys.executable).parent
ASSIGNMENT = "ch01"
HOSTILE = {
    "patched-numpy": "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n",
    "sys-exit": "import sys\nsys.exit(0)\n",
    "os-exit": "import os\nos._exit(0)\n",
    "memory-bomb": "hoard = bytearray(64 * 1024**3)\n",
    "infinite-loop": "while True:\n    pass\n",
}


def env() -> dict:
    out = dict(os.environ)
    out["PATH"] = f"{BIN}{os.pathsep}{out.get('PATH', '')}"  # nbgrader starts `alembic` from PATH
    return out


def run(*args, cwd=None, check=True) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return elapsed, proc


def part_undone(exercise) -> str:
    """The reference with its last solution region back to the stub."""
    source = answer_source(exercise)
    start = [m.start() for m in re.finditer(r"^[ \t]*### BEGIN SOLUTION", source, re.M)][-1]
    end = source.index("### END SOLUTION", start) + len("### END SOLUTION")
    indent = re.match(r"[ \t]*", source[start:]).group(0)
    return source[:start] + f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()" + source[end:]


def submissions(n: int, exercises) -> dict[str, tuple[str, dict[str, str]]]:
    """student → (kind, answers)."""
    out = {}
    for i in range(n):
        student = f"s{i:03d}"
        slot = i % 20
        answers = {ex.id: answer_source(ex) + f"# handed in by {student}\n" for ex in exercises}
        if slot < 12:
            kind = "right"
        elif slot < 17:
            kind = "wrong"
            for k, ex in enumerate(exercises):
                choice = (i + k) % 3
                if choice == 1:
                    answers[ex.id] = part_undone(ex) + f"# handed in by {student}\n"
                elif choice == 2:
                    answers.pop(ex.id)  # the starting code, as released
        else:
            name = list(HOSTILE)[(i // 20 * 3 + slot - 17) % len(HOSTILE)]
            kind = f"hostile:{name}"
            target = exercises[i % len(exercises)]
            answers[target.id] = HOSTILE[name] + release_source(target)
        out[student] = (kind, answers)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="leave the course and submissions in this folder")
    args = parser.parse_args()

    catalog = load_catalog()
    exercises = [ex for ex in catalog if ex.chapter == 1]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dlfs2-throughput-"))
    course, batch = work / "course", work / "batch"
    shutil.rmtree(course, ignore_errors=True)
    shutil.rmtree(batch, ignore_errors=True)
    run(BIN / "autograder", "classroom", "init", course, "--assignments", ASSIGNMENT)
    run(BIN / "nbgrader", "generate_assignment", ASSIGNMENT, "--force", cwd=course)
    release = json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))

    class_ = submissions(args.submissions, exercises)
    batch.mkdir(parents=True)
    for student, (_, answers) in class_.items():
        notebook = json.dumps(with_answers(release, answers))
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(notebook, encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-03-01 09:00:00.000000 UTC", encoding="utf-8")
        (batch / f"{student}.ipynb").write_text(notebook, encoding="utf-8")
    for exercise in exercises:  # warm both sides' caches: reference results, the do-nothing answers' checks
        grade_answer(exercise, variant_sources(exercise)["pass"])
        grade_answer(exercise, answer_source(exercise))

    batch_time, proc = run(BIN / "autograder", "grade-batch", batch, "--jobs", args.jobs, "--csv",
                           work / "grade-batch.csv", "--json", "--quiet")
    ours = {s["student"]: s["score"] for s in json.loads(proc.stdout)["students"]}
    print(f"grade-batch: {batch_time:.1f} s for {len(ours)} submissions", flush=True)

    # nbgrader exits 1 when a kernel died (os._exit in a cell) and goes on with the others
    nbgrader_time, proc = run(BIN / "nbgrader", "autograde", ASSIGNMENT, "--force", cwd=course, check=False)
    failed = re.findall(r"error processing assignment '\S+' for student '(\S+)'", proc.stderr)
    print(f"nbgrader autograde: {nbgrader_time:.1f} s (exit {proc.returncode}; could not grade: "
          f"{', '.join(failed) or 'none'})", flush=True)
    run(BIN / "nbgrader", "export", "--to", work / "nbgrader.csv", cwd=course)
    rows = csv.DictReader(io.StringIO((work / "nbgrader.csv").read_text(encoding="utf-8")))
    theirs = {r["student_id"]: float(r["raw_score"] or 0) for r in rows if r["assignment"] == ASSIGNMENT}

    honest = [s for s, (kind, _) in class_.items() if not kind.startswith("hostile")]
    differ = [s for s in honest if abs(ours[s] - theirs[s]) > 1e-9]
    n = len(class_)
    ours_rate, theirs_rate = n / batch_time * 60, n / nbgrader_time * 60
    kinds = {}
    for kind, _ in class_.values():
        kinds[kind.split(":")[0]] = kinds.get(kind.split(":")[0], 0) + 1
    print(f"{n} chapter-1 submissions ({', '.join(f'{v} {k}' for k, v in kinds.items())}), "
          f"{len(exercises)} exercises each, {os.cpu_count()} cores")
    print(f"  autograder grade-batch --jobs {args.jobs}: {batch_time:7.1f} s  {ours_rate:7.1f} submissions/min")
    print(f"  nbgrader autograde:             {nbgrader_time:7.1f} s  {theirs_rate:7.1f} submissions/min")
    print(f"  ratio: {ours_rate / theirs_rate:.1f}x nbgrader's submissions per minute")
    print(f"  honest submissions with identical scores: {len(honest) - len(differ)}/{len(honest)}"
          + (f" (differ: {', '.join(differ[:10])})" if differ else ""))
    hostile = [s for s, (kind, _) in class_.items() if kind.startswith("hostile")]
    wins = [s for s in hostile if theirs[s] > ours[s] + 1e-9]
    print(f"  hostile submissions: {len(hostile)}; scored higher by nbgrader's in-kernel tests: {len(wins)}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
