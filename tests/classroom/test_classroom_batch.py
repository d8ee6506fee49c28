"""`autograder grade-batch`: a class of folders and notebooks graded on one machine into one CSV.

A broken or hostile submission never stops the rest. Hanging answers are graded
in-process with the time limit lowered; the CLI run holds no hanging answer.
"""

from __future__ import annotations

import csv
import json

import pytest

from autograder.classroom.answers import find_in_folder, with_answers
from autograder.classroom.batch import grade_batch
from autograder.classroom.course import build_notebook
from autograder.donothing import VARIANTS
from classroom_cases import (ASSIGNMENTS, CATALOG, FIRST_PERIOD_ONLY, autograder, do_nothing, fast_catalog,
                             one_change, reference_answers)

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
        assert by[("ada", ex.id)]["max_score"] == f"{ex.points:.2f}"
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


def test_every_do_nothing_answer_scores_0(tmp_path):
    """One student per do-nothing variant, every exercise of the catalog in the workbench's layout."""
    for variant in VARIANTS:
        for ex in CATALOG:
            if variant in (answers := do_nothing(ex)):
                _write(tmp_path / "class" / variant / ex.module, answers[variant])
    out = tmp_path / "grades.csv"
    proc = autograder("grade-batch", str(tmp_path / "class"), "--jobs", "2", "--csv", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    rows = _rows(out)
    assert {r["student"] for r in rows} == set(VARIANTS) and len(rows) == len(VARIANTS) * len(CATALOG.ids)
    earning = [(r["student"], r["exercise"], r["score"], r["message"]) for r in rows if r["score"] != "0.00"]
    assert not earning, earning


@pytest.fixture(scope="module")
def renamed_and_partial(tmp_path_factory):
    """ann: preprocess earning 3.33 of 10, svd right; ben: lstm and clip_grads under other names, and notes."""
    root = tmp_path_factory.mktemp("renamed")
    exercise_id, old, new = FIRST_PERIOD_ONLY
    _write(root / "ann" / CATALOG[exercise_id].module, one_change(CATALOG[exercise_id], old, new))
    _write(root / "ann" / CATALOG["svd"].module, CATALOG["svd"].solution_path.read_text(encoding="utf-8"))
    _write(root / "ben" / "my_lstm.py", CATALOG["lstm"].solution_path.read_text(encoding="utf-8"))
    _write(root / "ben" / "ch06" / "clip.py", CATALOG["clip_grads"].solution_path.read_text(encoding="utf-8"))
    _write(root / "ben" / "notes.txt", "to do\n")
    chapters = sorted({f"ch{CATALOG[e].chapter:02d}" for e in (exercise_id, "svd", "lstm", "clip_grads")})
    out = root / "grades.csv"
    proc = autograder("grade-batch", str(root), "--jobs", "2", "--csv", str(out), "--json", "--quiet",
                      "--assignments", ",".join(chapters))
    assert proc.returncode == 0, proc.stderr
    return {(r["student"], r["exercise"]): r for r in _rows(out)}, json.loads(proc.stdout)


def test_scores_show_two_decimals_that_add_up(renamed_and_partial):
    rows, data = renamed_and_partial
    exercise_id = FIRST_PERIOD_ONLY[0]
    assert rows[("ann", exercise_id)]["score"] == "3.33" and rows[("ann", exercise_id)]["max_score"] == "10.00"
    assert rows[("ann", "svd")]["score"] == "10.00"
    ann = next(s for s in data["students"] if s["student"] == "ann")
    assert ann["score"] == 13.33  # the sum of the scores shown, not 13.3330078125
    assert [e["score"] for e in ann["exercises"] if e["exercise"] == exercise_id] == [3.33]


def test_files_under_other_names_are_graded_or_named(renamed_and_partial):
    rows, _ = renamed_and_partial
    assert rows[("ben", "lstm")]["score"] == "10.00" and rows[("ben", "clip_grads")]["score"] == "10.00"
    missing = rows[("ben", "time_lstm")]
    assert missing["status"] == "missing" and "matched to no exercise: notes.txt" in missing["message"], missing
    assert "notes.txt" not in rows[("ann", "time_lstm")]["message"]


def test_find_in_folder_matches_the_obvious_names(tmp_path):
    """By module path and file name; then an id in the name (the longest), the one file in a folder named
    after the exercise, the names a file defines; whatever is left is named."""
    text = {ex.id: ex.solution_path.read_text(encoding="utf-8") for ex in CATALOG}
    _write(tmp_path / "ch01" / "affine.py", text["affine"])  # the module path
    _write(tmp_path / "sigmoid.py", text["sigmoid"])  # the file name
    _write(tmp_path / "my_time_lstm_v2.py", text["time_lstm"])  # lstm and time_lstm in the name: the longer
    _write(tmp_path / "clip_grads" / "answer.py", "def clip_grads(grads, max_norm):\n    pass\n")  # its folder
    _write(tmp_path / "lstm_cell.py", text["lstm"])
    _write(tmp_path / "work" / "mine.py", text["time_dropout"])  # defines TimeDropout
    _write(tmp_path / "helpers.py", "def plot(x):\n    return x\n")  # answers nothing
    _write(tmp_path / "ch01" / "__init__.py", "")
    _write(tmp_path / "readme.md", "hi\n")
    _write(tmp_path / "__pycache__" / "x.cpython-311.pyc", "")
    found = find_in_folder(tmp_path, list(CATALOG))
    assert found.files == {"affine": "ch01/affine.py", "sigmoid": "sigmoid.py", "time_lstm": "my_time_lstm_v2.py",
                           "lstm": "lstm_cell.py", "clip_grads": "clip_grads/answer.py",
                           "time_dropout": "work/mine.py"}
    assert found.answers["time_lstm"] == text["time_lstm"]
    assert found.unmatched == ["helpers.py", "readme.md"]


def test_the_rate_counts_only_answers_that_were_graded(tmp_path, capsys):
    """Missing answers are settled at once: counted in the rate, they promised 400000 answers a minute."""
    from autograder.classroom.progress import Progress

    bar = Progress(4, "answers", stream=__import__("io").StringIO())
    bar.advance(3, timed=False)
    assert bar.line().endswith("   0.0/min")
    bar.advance()
    assert bar.done == 4 and bar.timed == 1
    # a class whose only student answered nothing: every answer missing, none graded
    (tmp_path / "class" / "fay").mkdir(parents=True)
    grade_batch(tmp_path / "class", jobs=1, chapters=[1], progress=True)
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines and lines[-1].endswith("   0.0/min"), lines
