"""`autograder report` reads what the class's tools produced: an nbgrader course graded by `classroom grade`
(the verdicts in its autograded notebooks), its ungraded submissions, and Gradescope's results.json files."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from autograder.classroom import gradescope
from autograder.classroom.answers import for_notebooks
from autograder.classroom.class_report import ClassVerdicts, build_report, read_class
from autograder.classroom.gradebook import grade_assignment
from classroom_cases import ASSIGNMENTS, CATALOG, reference_answers, submit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the mutants of tests/
from mutants import mutated_source  # noqa: E402
from planted_class import BY_ID, KINDS  # noqa: E402

FIRST = "ch01"
# student → the bug planted in each exercise (None: the reference)
PLANTS = {
    "rep-a": {"softmax": "softmax/bad_softmax_axis0", "softmax_with_loss": "softmax_with_loss/bad_double_division"},
    "rep-b": {"softmax": "softmax/bad_softmax_axis0", "softmax_with_loss": None},
    "rep-c": {"softmax": None, "softmax_with_loss": "softmax_with_loss/bad_double_division"},
}


def planted_counts() -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for plants in PLANTS.values():
        for exercise, mutant in plants.items():
            if mutant:
                out.setdefault(exercise, Counter())[KINDS[mutant]] += 1
    return out


def answers_of(plants: dict) -> dict[str, str]:
    answers = {}
    for exercise, mutant in plants.items():
        source = mutated_source(BY_ID[mutant]) if mutant else CATALOG[exercise].solution_path.read_text("utf-8")
        answers[exercise] = for_notebooks(source)
    return answers


def report_counts(report) -> dict[str, dict[str, int]]:
    return {ex.id: {row.diagnosis.id: row.count for row in ex.diagnoses} for ex in report.exercises}


@pytest.fixture(scope="module")
def graded_course(course):
    right = reference_answers(FIRST)
    for student, plants in PLANTS.items():
        submit(course, student, FIRST, {**right, **answers_of(plants)})
    grade_assignment(course, FIRST, jobs=2, progress=False, students=list(PLANTS))
    return course


def test_a_course_graded_by_classroom_grade_is_read_from_its_autograded_notebooks(graded_course):
    graded = read_class(graded_course, assignment=FIRST)
    assert graded.graded == 0 and "nbgrader" in graded.source  # read, not graded again
    students = {s: v for s, v in graded.verdicts.items() if s in PLANTS}
    assert set(students) == set(PLANTS)
    report = build_report(ClassVerdicts(students, graded.source), lang="zh", assignment=FIRST)
    counts = report_counts(report)
    assert {ex: counts[ex] for ex in planted_counts()} == {ex: dict(c) for ex, c in planted_counts().items()}
    others = [ex for ex in ASSIGNMENTS[FIRST] if ex.id not in ("softmax", "softmax_with_loss")]
    assert all(next(e for e in report.exercises if e.id == ex.id).passed == len(PLANTS) for ex in others)


def test_an_ungraded_course_has_its_submissions_graded_first(tmp_path, course):
    copy = tmp_path / "course"
    (copy / "submitted").mkdir(parents=True)
    (copy / "nbgrader_config.py").write_text((course / "nbgrader_config.py").read_text())
    for student in PLANTS:
        src = course / "submitted" / student
        if not src.is_dir():
            submit(course, student, FIRST, {**reference_answers(FIRST), **answers_of(PLANTS[student])})
        dst = copy / "submitted" / student / FIRST
        dst.mkdir(parents=True)
        for file in (course / "submitted" / student / FIRST).iterdir():
            (dst / file.name).write_bytes(file.read_bytes())
    graded = read_class(copy, assignment=FIRST, jobs=2)
    assert graded.graded > 0 and "graded now" in graded.source
    counts = report_counts(build_report(graded, assignment=FIRST))
    assert {ex: counts[ex] for ex in planted_counts()} == {ex: dict(c) for ex, c in planted_counts().items()}


def test_gradescope_results_carry_the_diagnoses_the_report_counts(tmp_path):
    root = tmp_path / "autograder"
    (root / "source" / "lib").mkdir(parents=True)
    exercises = ["softmax", "softmax_with_loss"]
    (root / "source" / "lib" / "config.json").write_text(json.dumps({"exercises": exercises, "lang": "en"}))
    export = tmp_path / "export"
    for student, plants in PLANTS.items():
        submission = root / "submission"
        if submission.exists():
            for file in sorted(submission.rglob("*"), reverse=True):
                file.unlink() if file.is_file() else file.rmdir()
        for exercise, source in answers_of(plants).items():
            path = submission / CATALOG[exercise].module
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
        data = gradescope.results(root, jobs=2)
        assert all(t.get("extra_data", {}).get("exercise") in exercises for t in data["tests"])
        out = export / student / "results" / "results.json"
        out.parent.mkdir(parents=True)
        out.write_text(json.dumps(data), encoding="utf-8")
    graded = read_class(export)
    assert sorted(graded.verdicts) == sorted(PLANTS) and graded.graded == 0
    counts = report_counts(build_report(graded))
    assert counts == {ex: dict(planted_counts().get(ex, {})) for ex in exercises}
    single = read_class(export / "rep-a" / "results" / "results.json")  # one results.json alone
    twice = KINDS[PLANTS["rep-a"]["softmax_with_loss"]]
    assert report_counts(build_report(single)) == {"softmax": {KINDS["softmax/bad_softmax_axis0"]: 1},
                                                   "softmax_with_loss": {twice: 1}}
