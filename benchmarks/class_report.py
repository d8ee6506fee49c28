"""The class report on a generated class: grade-batch's grading, then `autograder report`'s JSON and HTML, timed.

N students (default 300), each handing in every exercise given (default the chapter-1 layers and two of
chapter 5–6: affine, softmax, softmax_with_loss, time_rnn, lstm) right, untouched, missing or with one
planted bug of a known kind (tests/planted_class.py: the grader's known-bad mutants, each file made
distinct by a comment). Then, each as a command of its own, as a lecturer runs them:

1. ``autograder grade-batch DIR --jobs J --json > class.json`` (the grading: the cost);
2. ``autograder report class.json --json`` and ``--html report.html`` (the report: read and count);
3. whether the report's counts equal the planted ones.

BLAS threads are pinned to 1. Prints the times and writes them to benchmarks/results/class_report.json.

    python benchmarks/class_report.py [--students 300] [--exercises affine,softmax] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the generated class is the tests' (planted_class, mutants)

from planted_class import write_class  # noqa: E402

BIN = Path(sys.executable).parent
EXERCISES = "affine,softmax,softmax_with_loss,time_rnn,lstm"


def run(*args) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=os.environ)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{proc.stderr[-4000:]}")
    return elapsed, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--exercises", default=EXERCISES)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="keep the class, its JSON and the reports here")
    args = parser.parse_args()
    exercises = [e.strip() for e in args.exercises.split(",") if e.strip()]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dlfs2-class-report-"))
    if work.exists() and args.keep:
        shutil.rmtree(work / "submissions", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    planted = write_class(work / "submissions", args.students, exercises, seed=args.seed)
    print(f"{args.students} students × {len(exercises)} exercises ({', '.join(exercises)}) in {work}")

    grading, proc = run(BIN / "autograder", "grade-batch", work / "submissions", "--jobs", args.jobs, "--json",
                        "--quiet")
    (work / "class.json").write_text(proc.stdout, encoding="utf-8")
    print(f"grade-batch --jobs {args.jobs}: {grading:.1f} s  ({proc.stderr.strip().splitlines()[-1]})")

    as_json, proc = run(BIN / "autograder", "report", work / "class.json", "--json")
    report = json.loads(proc.stdout)
    print(f"report --json: {as_json:.2f} s (the command, Python's start included)")
    as_html, _ = run(BIN / "autograder", "report", work / "class.json", "--html", work / "report.html")
    as_html_zh, _ = run(BIN / "autograder", "report", work / "class.json", "--html", work / "report-zh.html",
                        "--lang", "zh")
    size = (work / "report.html").stat().st_size
    print(f"report --html: {as_html:.2f} s ({size / 1e3:.0f} kB); in Chinese {as_html_zh:.2f} s")

    counted = {ex["id"]: {d["id"]: d["count"] for d in ex["diagnoses"]} for ex in report["exercises"]}
    expected = {ex: dict(planted.diagnoses[ex]) for ex in exercises}
    same = counted == expected and all(ex["passed"] == planted.passed[ex["id"]] and
                                       ex["not_started"] == planted.not_started[ex["id"]]
                                       for ex in report["exercises"])
    print(f"counts equal the planted ones: {same}")
    for ex in report["exercises"]:
        top = ex["diagnoses"][0] if ex["diagnoses"] else None
        print(f"  {ex['id']:<18} {ex['passed']:>3}/{ex['students']} pass; first: "
              + (f"{top['count']} × {top['label'][:70]}" if top else "—"))
    results = {"students": args.students, "exercises": exercises, "jobs": args.jobs,
               "grade_batch_seconds": round(grading, 2), "report_json_seconds": round(as_json, 2),
               "report_html_seconds": round(as_html, 2), "report_html_zh_seconds": round(as_html_zh, 2),
               "html_bytes": size, "counts_equal_planted": same, "cpus": os.cpu_count(),
               "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}
    out = ROOT / "benchmarks" / "results" / "class_report.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
