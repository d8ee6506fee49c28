"""The real pipeline: nbgrader generate_assignment → submitted/ → autograde → export → feedback.

First nbgrader's own `autograde` (the test cells in the student's kernel), then
`autograder classroom grade` on the same submissions (outside the kernel): honest
submissions get the same scores both ways; a student who patched the checker in
a cell of their own wins under nbgrader's autograde and gets 0 under classroom grade.
Then every chapter is graded with classroom grade: the reference full marks, the
untouched release 0, a partly right submission in between.
"""

from __future__ import annotations

import csv
import io

import pytest

from autograder.classroom.answers import answer_source
from autograder.classroom.gradebook import grade_assignment
from classroom_cases import ASSIGNMENTS, autograder, gradebook_scores, nbgrader, partly_right, reference_answers, submit

CHAPTERS = list(ASSIGNMENTS)
FIRST = CHAPTERS[0]
PATCH_CHECKER = (
    "# a cell of the student's own, above the answers: every test cell passes in this kernel\n"
    "check = lambda *args, **kwargs: True\n"
)


def _partial(assignment):
    """The first exercise right, the rest untouched; a lone exercise with one part left undone
    (None where every check needs every part)."""
    exercises = ASSIGNMENTS[assignment]
    if len(exercises) > 1:
        return {exercises[0].id: answer_source(exercises[0])}
    half = partly_right(exercises[0])
    return {exercises[0].id: half} if half else None


def _export(course) -> dict[tuple[str, str], float]:
    proc = nbgrader(course, "export", "--to", "grades.csv")
    assert proc.returncode == 0
    rows = csv.DictReader(io.StringIO((course / "grades.csv").read_text(encoding="utf-8")))
    return {(row["assignment"], row["student_id"]): float(row["raw_score"]) for row in rows}


@pytest.fixture(scope="module")
def first_chapter_both_ways(course):
    """ch01 handed in by four students, graded by nbgrader autograde, then by classroom grade."""
    full = reference_answers(FIRST)
    submit(course, "nb-right", FIRST, full)
    submit(course, "nb-untouched", FIRST, {})
    submit(course, "nb-partly", FIRST, _partial(FIRST))
    first = ASSIGNMENTS[FIRST][0].id
    submit(course, "nb-cheat", FIRST, {}, before={first: PATCH_CHECKER})
    nbgrader(course, "autograde", FIRST, "--student", "nb-*", "--force")
    in_kernel = _export(course)
    proc = autograder("classroom", "grade", str(course), FIRST, "--jobs", "2", "--student", "nb-right",
                      "--student", "nb-untouched", "--student", "nb-partly", "--student", "nb-cheat")
    assert proc.returncode == 0, proc.stderr
    outside = _export(course)
    return in_kernel, outside


def test_nbgrader_autograde_scores_right_untouched_and_partly_right(first_chapter_both_ways):
    in_kernel, _ = first_chapter_both_ways
    total = sum(ex.points for ex in ASSIGNMENTS[FIRST])
    assert in_kernel[(FIRST, "nb-right")] == total
    assert in_kernel[(FIRST, "nb-untouched")] == 0
    assert 0 < in_kernel[(FIRST, "nb-partly")] < total


def test_classroom_grade_agrees_with_nbgrader_on_honest_submissions(first_chapter_both_ways):
    in_kernel, outside = first_chapter_both_ways
    for student in ("nb-right", "nb-untouched", "nb-partly"):
        assert outside[(FIRST, student)] == pytest.approx(in_kernel[(FIRST, student)], abs=1e-9), student


def test_a_patched_checker_wins_in_the_kernel_and_scores_0_outside_it(first_chapter_both_ways):
    in_kernel, outside = first_chapter_both_ways
    assert in_kernel[(FIRST, "nb-cheat")] == sum(ex.points for ex in ASSIGNMENTS[FIRST])  # why classroom grade
    assert outside[(FIRST, "nb-cheat")] == 0


def test_feedback_shows_the_verdicts_and_never_a_hidden_test(course, first_chapter_both_ways):
    nbgrader(course, "generate_feedback", FIRST, "--student", "nb-*", "--force")
    html = (course / "feedback" / "nb-partly" / FIRST / f"{FIRST}.html").read_text(encoding="utf-8")
    first, second = ASSIGNMENTS[FIRST][0], ASSIGNMENTS[FIRST][-1]
    assert "HIDDEN TESTS" not in html and "assert check(" not in html
    assert "✔ loads" in html
    assert "starting code is unchanged" in html  # the untouched exercises say why they score 0
    assert f"for {first.id}: loads" in html and f"for {second.id}: loads" in html  # the test cells are there


@pytest.fixture(scope="module")
def every_chapter(course):
    """Every chapter handed in right, untouched and partly right, graded by classroom grade."""
    for assignment in CHAPTERS:
        submit(course, f"all-right-{assignment}", assignment, reference_answers(assignment))
        submit(course, f"all-untouched-{assignment}", assignment, {})
        submit(course, f"all-partly-{assignment}", assignment, _partial(assignment) or {})
        results = grade_assignment(course, assignment, jobs=2, progress=False,
                                   students=[f"all-{kind}-{assignment}" for kind in ("right", "untouched", "partly")])
        VERDICTS[assignment] = {r.student: r for r in results}
    return _export(course)


VERDICTS: dict[str, dict] = {}  # assignment → student → StudentResult, for the failures' messages


def _said(assignment: str, student: str) -> str:
    """Each exercise's score and first failing check, as classroom grade saw it."""
    result = VERDICTS.get(assignment, {}).get(student)
    if result is None:
        return "not graded"
    return "; ".join(f"{v.exercise} {v.score:g}/{v.max_score:g} {v.status} {v.first_failure[:300]}"
                     for verdicts in result.verdicts.values() for v in verdicts.values())


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_classroom_grade_scores_every_chapter(course, every_chapter, assignment):
    total = sum(ex.points for ex in ASSIGNMENTS[assignment])
    student = f"all-right-{assignment}"
    assert every_chapter[(assignment, student)] == total, _said(assignment, student)
    assert every_chapter[(assignment, f"all-untouched-{assignment}")] == 0
    scores = gradebook_scores(course, assignment, f"all-right-{assignment}")
    assert scores == {ex.id: ex.points for ex in ASSIGNMENTS[assignment]}


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_a_partly_right_submission_scores_in_between(every_chapter, assignment):
    if _partial(assignment) is None:
        pytest.skip(f"{assignment} has one exercise whose every check needs all of its code")
    total = sum(ex.points for ex in ASSIGNMENTS[assignment])
    assert 0 < every_chapter[(assignment, f"all-partly-{assignment}")] < total


def test_the_autograded_notebook_has_every_test_cell_with_its_verdict(course, every_chapter):
    import json

    path = course / "autograded" / f"all-partly-{FIRST}" / FIRST / f"{FIRST}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    tests = [c for c in nb["cells"] if "-check-" in c["metadata"].get("nbgrader", {}).get("grade_id", "")]
    assert tests and all(c["outputs"] and c["outputs"][0]["name"] == "stdout" for c in tests)
    assert all("HIDDEN" not in "".join(c["source"]) for c in tests)
    assert any(c["outputs"][0]["text"].startswith("✔") for c in tests)
    assert any(c["outputs"][0]["text"].startswith("✘") for c in tests)


def test_classroom_grade_says_what_to_do_when_the_course_is_not_ready(tmp_path):
    proc = autograder("classroom", "init", str(tmp_path), "--assignments", FIRST)
    assert proc.returncode == 0
    proc = autograder("classroom", "grade", str(tmp_path), FIRST)
    assert proc.returncode == 1 and "nbgrader generate_assignment" in proc.stderr
