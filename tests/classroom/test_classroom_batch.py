"""`autograder grade-batch`: a class of folders and notebooks graded on one machine into one CSV.

A broken or hostile submission never stops the rest. Hanging answers are graded
in-process with the time limit lowered; the CLI run holds no hanging answer.
"""

from __future__ import annotations

import csv
import json

import pytest

from autograder.classroom.batch import grade_batch
from autograder.classroom.course import build_notebook
from autograder.classroom.answers import with_answers
from classroom_cases import ASSIGNMENTS, CATALOG, autograder, fast_catalog, reference_answers

CHAPTERS = list(ASSIGNMENTS)


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    """Five students of every chapter: files, notebooks, untouched, broken, nothing."""
    root = tmp_path_factory.mktemp("class")
    for ex in CATALOG:  # the workbench's layout, every exercise right
        _write(root / "ada" / ex.module, ex.solution_path.read_text(encoding="utf-8"))
    for assignment in CHAPTERS:  # one notebook per chapter, every exercise right
        notebook = with_answers(build_notebook(assignment, ASSIGNMENTS[assignment]), reference_answers(assignment))
        _write(root / "bo" / f"{assignment}.ipynb", json.dumps(notebook))
    for ex in CATALOG:  # the starting files as handed out
        _write(root / "cy" / ex.module, ex.stub_path.read_text(encoding="utf-8"))
    _write(root / "dee.ipynb", "{ not json")  # a broken notebook: a student of their own, 0 everywhere
    first = CATALOG.ids[0]
    _write(root / "eve" / CATALOG[first].module, CATALOG[first].solution_path.read_text(encoding="utf-8"))
    return root


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_grade_batch_writes_one_row_per_student_and_exercise(class_folder, tmp_path):
    out = tmp_path / "grades.csv"
    proc = autograder("grade-batch", str(class_folder), "--jobs", "2", "--csv", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    rows = _rows(out)
    students = ["ada", "bo", "cy", "dee", "eve"]
    assert [(r["student"], r["exercise"]) for r in rows] == [(s, ex) for s in students for ex in CATALOG.ids]
    assert list(rows[0]) == ["student", "exercise", "chapter", "score", "max_score", "status", "message"]
    by = {(r["student"], r["exercise"]): r for r in rows}
    for ex in CATALOG:
        assert float(by[("ada", ex.id)]["score"]) == ex.points, by[("ada", ex.id)]
        assert float(by[("bo", ex.id)]["score"]) == ex.points, by[("bo", ex.id)]
        assert float(by[("cy", ex.id)]["score"]) == 0 and by[("cy", ex.id)]["status"] == "untouched"
        assert "unchanged" in by[("cy", ex.id)]["message"]
        assert by[("dee", ex.id)]["status"] == "missing"
        assert float(by[("ada", ex.id)]["max_score"]) == ex.points
    data = json.loads(proc.stdout)
    assert [s["student"] for s in data["students"]] == students
    assert data["students"][0]["score"] == sum(ex.points for ex in CATALOG)
    assert data["submissions_per_minute"] > 0
    assert "answers" in proc.stderr  # the progress bar


def test_grade_batch_can_be_held_to_chapters(class_folder, tmp_path):
    out = tmp_path / "first.csv"
    proc = autograder("grade-batch", str(class_folder), "--jobs", "2", "--csv", str(out), "--quiet",
                      "--assignments", CHAPTERS[0])
    assert proc.returncode == 0, proc.stderr
    assert {r["exercise"] for r in _rows(out)} == {ex.id for ex in ASSIGNMENTS[CHAPTERS[0]]}
    assert autograder("grade-batch", str(tmp_path / "nowhere"), "--csv", str(out)).returncode == 2


def test_hostile_submissions_do_not_stop_the_rest(tmp_path):
    first = ASSIGNMENTS[CHAPTERS[0]][:3]
    hostile = {
        "loops": "while True:\n    pass\n",
        "exits": "import os\nos._exit(3)\n",
        "kills": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
        "bombs": "hoard = bytearray(64 * 1024**3)\n",
        "crashes": "import sys\nsys.setrecursionlimit(10**6)\ndef f(): return f()\nf()\n",
    }
    for name, code in hostile.items():
        for ex in first:
            _write(tmp_path / name / ex.module, code + ex.stub_path.read_text(encoding="utf-8"))
    for ex in first:
        _write(tmp_path / "honest" / ex.module, ex.solution_path.read_text(encoding="utf-8"))
    result = grade_batch(tmp_path, jobs=2, catalog=fast_catalog(), progress=False)
    assert result.students == sorted([*hostile, "honest"])
    assert result.total("honest") == sum(ex.points for ex in first)
    for name in hostile:
        assert result.total(name) == 0, (name, [v.first_failure for v in result.verdicts[name].values()])
        assert all(v.first_failure for v in result.verdicts[name].values())
