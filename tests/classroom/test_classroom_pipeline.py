"""The real pipeline: nbgrader generate_assignment → submitted/ → autograde → export → feedback.

First nbgrader's own `autograde` (the test cells in the student's kernel), then
`autograder classroom grade` on the same submissions (outside the kernel): honest
submissions get the same scores both ways; a student who patched the checker in
a cell of their own wins under nbgrader's autograde and gets 0 under classroom grade.
Then every chapter is graded with classroom grade: the reference full marks, the
untouched release 0, a partly right submission in between, every generated
do-nothing answer 0 (and a few of them in the kernel, by nbgrader autograde);
nbgrader export's grades.csv shows two decimals that add up; a Chinese course
names its checks in Chinese.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from autograder.classroom.answers import answer_source
from autograder.classroom.gradebook import grade_assignment
from autograder.classroom.grading import reference_checks
from autograder.donothing import VARIANTS
from classroom_cases import (ASSIGNMENTS, CATALOG, FIRST_PERIOD_ONLY, autograder, do_nothing, gradebook_scores,
                             nbgrader, one_change, partly_right, reference_answers, submit)

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


# -- do-nothing answers earn nothing ----------------------------------------------------

@pytest.fixture(scope="module")
def do_nothing_graded(course):
    """Every chapter handed in as each generated do-nothing answer, graded by classroom grade."""
    for assignment in CHAPTERS:
        students = []
        for variant in VARIANTS:
            sources = {ex.id: answers[variant] for ex in ASSIGNMENTS[assignment]
                       if variant in (answers := do_nothing(ex))}
            students.append(f"dn-{variant}-{assignment}")
            submit(course, students[-1], assignment, sources)
        grade_assignment(course, assignment, jobs=2, progress=False, students=students)


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_every_do_nothing_answer_scores_0_through_classroom_grade(course, do_nothing_graded, assignment):
    for variant in VARIANTS:
        scores = gradebook_scores(course, assignment, f"dn-{variant}-{assignment}")
        assert scores == {ex.id: 0 for ex in ASSIGNMENTS[assignment]}, (variant, scores)


IN_THE_KERNEL = ("clip_grads", "lstm")  # scored 7.5/10 and 5/10 as `pass` bodies before the one score


@pytest.fixture(scope="module")
def do_nothing_in_the_kernel(course):
    """clip_grads and lstm handed in as do-nothing answers, graded by nbgrader autograde (the test cells
    in the student's kernel)."""
    assignment = f"ch{CATALOG[IN_THE_KERNEL[0]].chapter:02d}"
    assert all(ex in {e.id for e in ASSIGNMENTS[assignment]} for ex in IN_THE_KERNEL)
    for variant in ("pass", "inputs"):
        submit(course, f"kernel-{variant}", assignment, {ex: do_nothing(CATALOG[ex])[variant] for ex in IN_THE_KERNEL})
    nbgrader(course, "autograde", assignment, "--student", "kernel-*", "--force")
    return assignment


def test_do_nothing_answers_score_0_in_the_kernel(course, do_nothing_in_the_kernel):
    assignment = do_nothing_in_the_kernel
    for variant in ("pass", "inputs"):
        scores = gradebook_scores(course, assignment, f"kernel-{variant}")
        assert {ex: scores[ex] for ex in IN_THE_KERNEL} == dict.fromkeys(IN_THE_KERNEL, 0), (variant, scores)
    nb = json.loads((course / "autograded" / "kernel-pass" / assignment / f"{assignment}.ipynb")
                    .read_text(encoding="utf-8"))
    loads = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "clip_grads-check-01")
    printed = "".join("".join(o["text"]) if isinstance(o["text"], list) else o["text"]
                      for o in loads["outputs"] if o.get("output_type") == "stream")
    assert printed.startswith("✘ loads:") and "an answer that does nothing passes as well" in printed, printed


# -- two decimals that add up -----------------------------------------------------------

def test_grades_csv_shows_two_decimals_that_add_up(course):
    """A chapter with preprocess earning 3.33 (of 3.34 + 3.33 + 3.33) and every other exercise right."""
    exercise_id, old, new = FIRST_PERIOD_ONLY
    assignment = f"ch{CATALOG[exercise_id].chapter:02d}"
    sources = {**reference_answers(assignment), exercise_id: one_change(CATALOG[exercise_id], old, new)}
    submit(course, "two-decimals", assignment, sources)
    results = grade_assignment(course, assignment, jobs=2, progress=False, students=["two-decimals"])
    others = sum(ex.points for ex in ASSIGNMENTS[assignment] if ex.id != exercise_id)
    assert round(results[0].score * 100) == 333 + round(others * 100)
    assert [share.points for share in reference_checks(CATALOG[exercise_id])] == [3.34, 3.33, 3.33]
    assert gradebook_scores(course, assignment, "two-decimals")[exercise_id] == 3.33
    nbgrader(course, "export", "--to", "grades.csv")
    rows = list(csv.DictReader(io.StringIO((course / "grades.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if (r["assignment"], r["student_id"]) == (assignment, "two-decimals"))
    assert row["raw_score"] == f"{3.33 + others:.2f}" and row["max_score"] == f"{others + 10:.2f}", row
    for r in rows:  # every score of every student: two decimals, never 9.999999999999998
        assert all(re.fullmatch(r"\d+\.\d\d", r[key]) for key in ("raw_score", "score", "max_score")), r


# -- one language per course ------------------------------------------------------------

CBOW = "simple_cbow"
# backward wrong, forward right: the gradient check refers to the backward check by its name
NO_HALF = ("dh = self.out_layer.backward(ds) * 0.5", "dh = self.out_layer.backward(ds)")


@pytest.fixture(scope="module")
def chinese_course(tmp_path_factory):
    assignment = f"ch{CATALOG[CBOW].chapter:02d}"
    root = tmp_path_factory.mktemp("zh-course")
    proc = autograder("classroom", "init", str(root), "--lang", "zh", "--assignments", assignment)
    assert proc.returncode == 0, proc.stderr
    nbgrader(root, "generate_assignment", assignment, "--force")
    submit(root, "zh-student", assignment, {CBOW: one_change(CATALOG[CBOW], *NO_HALF, lang="zh")})
    grade_assignment(root, assignment, jobs=2, progress=False)
    return root, assignment


def test_a_chinese_course_names_its_checks_in_chinese(chinese_course):
    """The test cells, what they print and what the messages refer to: one name per check, in Chinese."""
    root, assignment = chinese_course
    titles = [share.title for share in reference_checks(CATALOG[CBOW], lang="zh")]
    nb = json.loads((root / "autograded" / "zh-student" / assignment / f"{assignment}.ipynb")
                    .read_text(encoding="utf-8"))
    tests = [c for c in nb["cells"]
             if c["metadata"].get("nbgrader", {}).get("grade_id", "").startswith(f"{CBOW}-check-")]
    assert len(tests) == len(titles)
    printed = []
    for cell, title in zip(tests, titles):
        source = "".join(cell["source"])
        assert f"check({CBOW!r}, {title!r}, lang='zh')" in source and f"：{title}（" in source, source
        printed.append(cell["outputs"][0]["text"])
        assert printed[-1][2:].startswith(f"{title}: "), printed[-1]
    assert "反向传播: SimpleCBOW" in titles
    referred = [text for text in printed if "见 反向传播: SimpleCBOW" in text]  # the gradcheck points at backward
    assert referred, printed
    assert not any(re.search(r"\b(loads|forward|backward|gradcheck|interface|conventions)\b", t.split(": ")[0])
                   for t in printed), printed

