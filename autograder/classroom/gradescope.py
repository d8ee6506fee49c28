"""``autograder gradescope build OUT.zip``: a Gradescope autograder for the catalog's exercises.

Gradescope runs every submission in a container of its own: the route for a
course that outgrows one machine. The zip holds

- ``setup.sh``: run once when Gradescope builds the image: a Python ≥ 3.11 in a
  virtual environment under ``/autograder/venv`` with the pinned numpy;
- ``run_autograder``: run per submission: grades ``/autograder/submission`` and
  writes ``/autograder/results/results.json``;
- ``lib/``: the grading engine, the catalog, the references (the code needed to
  grade, no app), and ``config.json``: the exercises, the language, which tests
  are shown before grades are published, the starting answers' fingerprints.

A student uploads the assignment's notebook (``ch01.ipynb``) or the exercise
files (``affine.py`` or ``ch01/affine.py``). Each scored check becomes a test
worth the engine's share of the exercise's points, two decimals (``status``,
``output``: the grader's message; a check that passed without earning its points
scores 0 and says why); the first check of an exercise (``loads``: the upload was found and
runs) is ``visible`` at once, the others ``after_published``, like hidden tests,
unless the zip is built with ``--visible``.

``run_autograder`` reads ``AUTOGRADER_ROOT`` (default ``/autograder``) and
``AUTOGRADER_PYTHON``, so it runs locally against a folder laid out as
Gradescope's.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import resources
from autograder.catalog import Catalog, load_catalog
from autograder.classroom import answers
from autograder.classroom.course import select_assignments
from autograder.classroom.grading import add, counts, grade_answer, shown, unmatched_note
from autograder.messages import text

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
set -euo pipefail
cd /autograder/source
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        python="$candidate"; break
    fi
done
if [ -z "$python" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11 python3.11-venv
    python=python3.11
fi
"$python" -m venv /autograder/venv || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(basename "$python")-venv"
    "$python" -m venv /autograder/venv
}
/autograder/venv/bin/pip install -q -r requirements.txt
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; locally: AUTOGRADER_ROOT=DIR AUTOGRADER_PYTHON=python3 run_autograder
set -uo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
python="${AUTOGRADER_PYTHON:-$root/venv/bin/python}"
export PYTHONPATH="$root/source/lib"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p "$root/results"
cd "$root/source"
# -P: the engine comes from lib/ only, never from whatever folder this was started in
exec "$python" -P -m autograder.classroom.gradescope run --root "$root"
"""

def _copy_tree(src: Path, dst: Path, skip_dirs=("__pycache__", ".ipynb_checkpoints"), skip_names=()) -> None:
    for path in sorted(src.rglob("*")):
        relative = path.relative_to(src)
        if any(part in skip_dirs or part in skip_names for part in relative.parts):
            continue
        if path.is_file() and path.suffix not in (".pyc",):
            target = dst / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def bundle_lib(dst: Path) -> None:
    """The importable code that grading needs, laid out as a clone (resources finds it so)."""
    package = Path(__file__).resolve().parent.parent  # autograder/
    _copy_tree(package, dst / "autograder", skip_names=("_exercises", "_solutions"))
    _copy_tree(resources.exercises_root(), dst / "exercises")
    _copy_tree(resources.solutions_root(), dst / "solutions")
    import corpora

    _copy_tree(Path(corpora.__file__).resolve().parent, dst / "corpora")
    # the app package lies beside the engine's (a clone or site-packages); the engine never imports
    # it: only the two files of the backend's alias that learners' files import are copied
    workbench_dir = package.parent / "workbench"
    (dst / "workbench").mkdir(parents=True, exist_ok=True)
    for name in ("__init__.py", "backend.py"):
        shutil.copy2(workbench_dir / name, dst / "workbench" / name)


def build(out_zip, wanted: list[str] | None = None, lang: str = "en", visible: bool = False,
          catalog: Catalog | None = None) -> Path:
    """Write the autograder zip; returns its path."""
    import numpy

    catalog = catalog or load_catalog()
    chosen = select_assignments(catalog, wanted)
    exercises = [ex for exs in chosen.values() for ex in exs]
    config = {
        "assignments": list(chosen),
        "exercises": [ex.id for ex in exercises],
        "lang": lang,
        "visible": visible,
        "starts": {ex.id: answers.fingerprint(answers.release_source(ex, lang)) for ex in exercises},
        "built": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out_zip = Path(out_zip)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlfs2-gradescope-") as tmp:
        stage = Path(tmp)
        bundle_lib(stage / "lib")
        (stage / "lib" / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False),
                                                   encoding="utf-8")
        (stage / "requirements.txt").write_text(f"numpy=={numpy.__version__}\n", encoding="utf-8")
        (stage / "setup.sh").write_text(SETUP_SH, encoding="utf-8")
        (stage / "run_autograder").write_text(RUN_AUTOGRADER, encoding="utf-8")
        with zipfile.ZipFile(out_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(stage).as_posix())
                    if path.name in ("setup.sh", "run_autograder"):
                        info.external_attr = (0o100755 << 16)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, path.read_bytes())
    return out_zip


def results(root: Path, catalog: Catalog | None = None, jobs: int | None = None) -> dict:
    """Grade ``root/submission`` by ``root/source/lib/config.json``: Gradescope's results.json."""
    start = time.monotonic()
    catalog = catalog or load_catalog()
    root = Path(root)
    config_path = root / "source" / "lib" / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    lang = config.get("lang", "en")
    ids = [i for i in config.get("exercises", catalog.ids) if i in catalog]
    exercises = [catalog[i] for i in ids]
    starts = config.get("starts", {})
    upload = answers.find_in_folder(root / "submission", exercises) if (root / "submission").is_dir() \
        else answers.Found()
    found = upload.answers
    protect = (str((root / "results").resolve()),)

    def run(exercise):
        return grade_answer(exercise, found.get(exercise.id), lang=lang, catalog=catalog, protect=protect,
                            starts={starts.get(exercise.id)} - {None}, unmatched=upload.unmatched)

    with ThreadPoolExecutor(max_workers=jobs or min(4, os.cpu_count() or 1)) as pool:
        verdicts = list(pool.map(run, exercises))

    tests = []
    for n, (exercise, verdict) in enumerate(zip(exercises, verdicts), start=1):
        title = exercise.title_in(lang)
        if verdict.status in ("missing", "untouched", "error"):
            tests.append({"name": f"{exercise.id}: {title}", "number": f"{n}", "score": 0.0,
                          "max_score": verdict.max_score, "status": "failed", "output": verdict.summary,
                          "visibility": "visible",
                          "extra_data": {"exercise": exercise.id, "exercise_status": verdict.status}})
            continue
        for k, check in enumerate(verdict.scored_checks, start=1):
            # the engine's points; a check that passed without earning them gets 0, with the reason
            worth, earned = round(check.get("points", 0.0), 2), counts(check)
            visible = config.get("visible", False) or k == 1
            tests.append({
                "name": f"{exercise.id}: {check.get('title') or check['name']}",
                "number": f"{n}.{k}",
                "score": worth if earned else 0.0,
                "max_score": worth,
                "status": "passed" if earned else "failed",
                "output": verdict.outcome(check),
                "visibility": "visible" if visible else "after_published",
                # for `autograder report`: the exercise and its status, and the kind of mistake the check found
                "extra_data": {"exercise": exercise.id, "exercise_status": verdict.status, "check": check["name"],
                               "diagnosis": check.get("diagnosis")},
            })
    total = add(t["score"] for t in tests)
    summary = "\n".join(f"{v.exercise}: {shown(v.score)}/{shown(v.max_score)} ({v.status})" for v in verdicts)
    if not found:
        notebooks = ", ".join(f"{a}.ipynb" for a in config.get("assignments", [])) or "chNN.ipynb"
        files = ", ".join(Path(ex.module).name for ex in exercises[:3]) + (" …" if len(exercises) > 3 else "")
        summary = text("classroom.none_found", lang, notebooks=notebooks, files=files)
        if upload.unmatched:
            summary += "\n" + unmatched_note(lang, upload.unmatched)
    return {
        "score": total,
        "execution_time": round(time.monotonic() - start, 2),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def main(argv=None) -> int:
    """``python -m autograder.classroom.gradescope run --root /autograder``: what run_autograder calls."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m autograder.classroom.gradescope")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="grade ROOT/submission into ROOT/results/results.json")
    run.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        data = results(root)
    except Exception as err:  # a results.json whatever happens, so Gradescope shows a reason
        data = {"score": 0.0, "output": f"The autograder failed: {type(err).__name__}: {err}", "tests": [],
                "visibility": "visible"}
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    print(data.get("output", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
