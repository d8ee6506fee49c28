"""Helpers for the classroom tests: one generated nbgrader course for the session, submissions.

The course holds every chapter of the catalog (so a chapter added there is tested
here too) and is released with the real ``nbgrader generate_assignment``. nbgrader
starts ``alembic`` from PATH, so every nbgrader command runs with this Python's
bin folder first on PATH.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.catalog import Catalog, load_catalog
from autograder.classroom.answers import answer_source, with_answers
from autograder.classroom.course import assignments

CATALOG = load_catalog()
ASSIGNMENTS = assignments(CATALOG)  # "ch01" → its exercises, for every chapter present
BIN = Path(sys.executable).parent
HOSTILE_TIMEOUT = 2.0  # seconds: the time limit hostile answers are graded with (the grader's behaviour is the same)
TIMESTAMP = "2026-03-01 09:00:00.000000 UTC"


def fast_catalog() -> Catalog:
    """The catalog with every time limit lowered, for answers that hang."""
    return Catalog([dataclasses.replace(ex, timeout=HOSTILE_TIMEOUT) for ex in CATALOG])


def env() -> dict:
    out = dict(os.environ)
    out["PATH"] = f"{BIN}{os.pathsep}{out.get('PATH', '')}"
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        out[var] = "1"
    return out


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real `nbgrader` command in the course folder."""
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env(), capture_output=True, text=True,
                          timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                             f"{proc.stderr[-6000:]}")
    return proc


def autograder(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "autograder"), *args], cwd=cwd, env=env(), capture_output=True, text=True,
                          timeout=900)


def make_course(root: Path) -> Path:
    """A course of every chapter, made by `autograder classroom init`, released by nbgrader."""
    proc = autograder("classroom", "init", str(root))
    assert proc.returncode == 0, proc.stderr
    nbgrader(root, "generate_assignment", "*", "--force")
    return root


def release(course: Path, assignment: str) -> dict:
    return json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))


def reference_answers(assignment: str) -> dict[str, str]:
    return {ex.id: answer_source(ex) for ex in ASSIGNMENTS[assignment]}


def half_answer(exercise, region: int = -1) -> str:
    """The reference with one solution region (the last by default) back to the stub."""
    source = answer_source(exercise)
    begins = [m.start() for m in re.finditer(r"^[ \t]*### BEGIN SOLUTION", source, re.M)]
    start = begins[region]
    end = source.index("### END SOLUTION", start) + len("### END SOLUTION")
    indent = re.match(r"[ \t]*", source[start:]).group(0)
    return source[:start] + f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()" + source[end:]


def partly_right(exercise) -> str | None:
    """The reference with one solution region stubbed that leaves a score strictly between 0 and full
    (None when there is none: every check needs every region)."""
    from autograder.classroom.grading import grade_answer

    regions = answer_source(exercise).count("### BEGIN SOLUTION")
    for region in range(regions - 1, -1, -1):
        source = half_answer(exercise, region)
        if 0 < grade_answer(exercise, source).score < exercise.points:
            return source
    return None


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": f"student-{abs(hash(source)) % 10**8}",
            "metadata": {}, "outputs": [], "source": source}


def submit(course: Path, student: str, assignment: str, sources: dict[str, str], *, notebook: dict | None = None,
           before: dict[str, str] | None = None, drop_tests: tuple[str, ...] = (), edit_tests: dict | None = None):
    """Hand in the release of `assignment` with `sources` as answers, as nbgrader's submitted/ has it.

    before: exercise id → a cell of the student's own, put just before that exercise's answer cell;
    drop_tests: exercises whose test cells the student deleted; edit_tests: exercise id → new test source.
    """
    nb = with_answers(notebook or release(course, assignment), sources)
    cells = []
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        exercise = grade_id.split("-check-")[0]
        if before and grade_id in before:
            cells.append(code_cell(before[grade_id]))
        if "-check-" in grade_id and exercise in drop_tests:
            continue
        if "-check-" in grade_id and edit_tests and exercise in edit_tests:
            cell = {**cell, "source": edit_tests[exercise]}
        cells.append(cell)
    nb["cells"] = cells
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (folder / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
    return folder


def gradebook_scores(course: Path, assignment: str, student: str) -> dict[str, float]:
    """exercise id → the student's score in nbgrader's gradebook (the sum of its test cells, in hundredths:
    each cell's score is a two-decimal value)."""
    from nbgrader.api import Gradebook

    cents: dict[str, int] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                exercise = grade.name.split("-check-")[0]
                score = float(grade.score or 0.0)
                assert round(score, 2) == score, f"{grade.name} scored {score!r}: not two decimals"
                cents[exercise] = cents.get(exercise, 0) + round(score * 100)
    return {exercise: total / 100 for exercise, total in cents.items()}


def one_change(exercise, old: str, new: str, lang: str = "en") -> str:
    """The exercise's answer (the reference, as the notebooks have it) with one edit: `old`, standing
    there once, replaced by `new`."""
    source = answer_source(exercise, lang)
    assert source.count(old) == 1, f"{old!r} stands {source.count(old)} times in the {exercise.id} reference"
    return source.replace(old, new)


def do_nothing(exercise) -> dict[str, str]:
    """The generated do-nothing answers of an exercise (autograder.donothing), by variant."""
    from autograder.donothing import variant_sources

    return variant_sources(exercise)


# preprocess splitting off only the first period: the book's one-sentence text passes, two sentences fail;
# its three checks share 10 points as 3.34 (loads), 3.33, 3.33, and this earns 3.33
FIRST_PERIOD_ONLY = ("preprocess", ".replace('.', ' .')", ".replace('.', ' .', 1)")
