"""`autograder classroom init`: the generated nbgrader course, read as a lecturer and a student would.

Every chapter of the catalog is an assignment; each is checked the same way, and
the notebooks are released and validated by the real nbgrader.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from autograder.catalog import load_catalog
from autograder.classroom import answers
from autograder.classroom.course import build_notebook, helper_modules
from autograder.classroom.grading import reference_checks
from autograder.stubs import make_stub
from classroom_cases import ASSIGNMENTS, CATALOG, autograder, nbgrader, release

CHAPTERS = list(ASSIGNMENTS)


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell):
    return answers.cell_source(cell)


def _notebook(course, assignment, step="source"):
    return json.loads((course / step / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))


def test_init_writes_one_assignment_per_chapter(course):
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.CourseDirectory.course_id" in config and "ClearHiddenTests" in config
    assert sorted(p.name for p in (course / "source").iterdir()) == CHAPTERS
    for assignment in CHAPTERS:
        assert (course / "source" / assignment / f"{assignment}.ipynb").is_file()
        assert (course / "release" / assignment / f"{assignment}.ipynb").is_file()


def test_init_takes_a_list_of_assignments_and_refuses_unknown_ones(tmp_path):
    proc = autograder("classroom", "init", str(tmp_path / "one"), "--assignments", CHAPTERS[0])
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (tmp_path / "one" / "source").iterdir()] == [CHAPTERS[0]]
    proc = autograder("classroom", "init", str(tmp_path / "bad"), "--assignments", "ch99")
    assert proc.returncode == 2 and "ch99" in proc.stderr


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_the_source_notebook_has_instructions_an_answer_and_test_cells_per_exercise(course, assignment):
    nb = _notebook(course, assignment)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = nb["cells"]
    intro = _source(cells[0])
    chapter = int(assignment[2:])
    exercises = ASSIGNMENTS[assignment]
    assert intro.startswith(f"# Chapter {chapter}: {len(exercises)} exercise")
    imported = set().union(*(answers.imported_modules(answers.answer_source(ex)) for ex in exercises))
    graded = {answers.module_name(ex) for ex in exercises}
    assert ("**your own**" in intro) == bool(imported & graded)  # says what `from chNN.x import Y` gives
    assert ("reference of that earlier exercise" in intro) == bool(imported - graded)
    assert _meta(cells[1])["locked"] and "from autograder.classroom import kernel" in _source(cells[1])
    by_id = {_meta(c).get("grade_id"): c for c in cells}
    for n, exercise in enumerate(exercises, start=1):
        instructions = _source(by_id[f"{exercise.id}-instructions"])
        assert instructions.startswith(f"## {n}. {exercise.title_in('en')} (`{exercise.id}`, {exercise.points:g} points)")
        assert _meta(by_id[f"{exercise.id}-instructions"])["locked"]
        if exercise.hints:
            hints = _source(by_id[f"{exercise.id}-hints"])
            assert hints.count("<details>") == len(exercise.hints) and exercise.hints[0]["en"] in hints
        answer = by_id[exercise.id]
        assert _meta(answer)["solution"] and not _meta(answer)["grade"] and not _meta(answer)["locked"]
        assert _source(answer) == answers.answer_source(exercise)
        assert "### BEGIN SOLUTION" in _source(answer) and "from workbench" not in _source(answer)
        tests = [c for c in cells if _meta(c).get("grade_id", "").startswith(f"{exercise.id}-check-")]
        expected = reference_checks(exercise)
        assert [c["metadata"]["dlfs2"]["check"] for c in tests] == [share.name for share in expected]
        # the engine's shares, in hundredths: they add up to the exercise's points exactly
        assert [_meta(c)["points"] for c in tests] == [share.points for share in expected]
        assert sum(round(_meta(c)["points"] * 100) for c in tests) == round(exercise.points * 100)
        for cell, share in zip(tests, expected):
            meta = _meta(cell)
            assert meta["grade"] and meta["locked"] and not meta["solution"] and meta["points"] > 0
            assert round(meta["points"], 2) == meta["points"], meta["points"]  # 1.67, never 1.6669921875
            shown = f"{meta['points']:.2f}".rstrip("0").rstrip(".")
            assert f": {share.title} ({shown} point" in _source(cell).splitlines()[0], _source(cell)
            code = [line for line in _source(cell).splitlines() if line.strip() and not line.startswith("#")]
            assert code[-1].startswith("assert check("), _source(cell)  # a test cell ends in assert
            assert "### BEGIN HIDDEN TESTS" in _source(cell)
            ast.parse(_source(cell))


def test_a_generated_notebook_reads_as_a_student_expects(course):
    """Look at one cell of each kind of the ch01 release, as text."""
    assignment = CHAPTERS[0]
    exercise = ASSIGNMENTS[assignment][0]
    nb = release(course, assignment)
    text = {(_meta(c).get("grade_id") or ""): _source(c) for c in nb["cells"]}
    assert "Run the first code cell" in text["intro"]
    assert "your own" in text["intro"]
    answer = text[exercise.id]
    assert "raise NotImplementedError()" in answer and "# YOUR CODE HERE" in answer
    assert "### BEGIN SOLUTION" not in answer
    first_test = text[f"{exercise.id}-check-01"]
    total = len(reference_checks(exercise))
    assert first_test.splitlines()[0].startswith(f"# Test 1 of {total} for {exercise.id}: loads (")
    assert first_test.splitlines()[1] == f"check({exercise.id!r}, 'loads')"
    assert "assert" not in first_test and "HIDDEN" not in first_test  # the hidden part stays with the instructor


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_the_release_answers_are_the_workbench_starting_files(course, assignment):
    """nbgrader's ClearSolutions and autograder.stubs make the same starting code from one source."""
    nb = release(course, assignment)
    by_id = {_meta(c).get("grade_id"): c for c in nb["cells"]}
    for exercise in ASSIGNMENTS[assignment]:
        workbench_stub = make_stub(exercise.solution_path.read_text(encoding="utf-8"))
        assert _source(by_id[exercise.id]) + "\n" == answers.for_notebooks(workbench_stub) or \
            _source(by_id[exercise.id]) == answers.for_notebooks(workbench_stub)
        assert answers.is_untouched(exercise, _source(by_id[exercise.id]))
    for cell in nb["cells"]:
        assert "HIDDEN TESTS" not in _source(cell) and "BEGIN SOLUTION" not in _source(cell)


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_a_release_never_holds_the_reference_of_what_it_grades(course, assignment):
    graded = ASSIGNMENTS[assignment]
    graded_names = {s.name for ex in graded for s in ex.symbols}
    bodies = {answers.normalized(answers.reference_module(ex)) for ex in graded}
    for path in (course / "release" / assignment).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert answers.normalized(text) not in bodies
        assert not (answers.defined_names(text) & graded_names), f"{path} defines a graded name"
    # and what the notebook imports is there: own classes from the notebook, earlier chapters' references
    modules = set().union(*(answers.imported_modules(answers.answer_source(ex)) for ex in graded))
    for module in modules:
        package, name = module.split(".")
        helper = course / "release" / assignment / package / f"{name}.py"
        assert helper.is_file(), f"{module} is imported by the {assignment} notebook but not shipped"
        dep = next(ex for ex in CATALOG if answers.module_name(ex) == module)
        if dep in graded:
            assert "import __main__" in helper.read_text(encoding="utf-8")


def test_an_earlier_chapters_helper_is_its_reference():
    catalog = load_catalog()
    for assignment, exercises in ASSIGNMENTS.items():
        files = helper_modules(assignment, exercises, catalog)
        for relative, text in files.items():
            if relative.endswith("__init__.py") or "import __main__" in text:
                continue
            dep = next(ex for ex in catalog if ex.module == relative)
            assert dep.chapter < int(assignment[2:])
            assert answers.reference_module(dep).strip() in text


def test_the_chinese_course_speaks_chinese(tmp_path):
    proc = autograder("classroom", "init", str(tmp_path), "--lang", "zh", "--assignments", CHAPTERS[0])
    assert proc.returncode == 0, proc.stderr
    nb = json.loads((tmp_path / "source" / CHAPTERS[0] / f"{CHAPTERS[0]}.ipynb").read_text(encoding="utf-8"))
    exercise = ASSIGNMENTS[CHAPTERS[0]][0]
    text = {(_meta(c).get("grade_id") or ""): _source(c) for c in nb["cells"]}
    assert text["intro"].startswith("# 第 1 章")
    assert exercise.title_in("zh") in text[f"{exercise.id}-instructions"]
    assert "lang='zh'" in text[f"{exercise.id}-check-01"]
    for ex in ASSIGNMENTS[CHAPTERS[0]]:  # every check named in Chinese, in the comment and in the call
        for k, share in enumerate(reference_checks(ex, lang="zh"), start=1):
            cell = text[f"{ex.id}-check-{k:02d}"]
            assert share.title != share.name  # ch01's checks all have a Chinese name
            assert f"：{share.title}（" in cell and f"check({ex.id!r}, {share.title!r}, lang='zh')" in cell, cell
    config = (tmp_path / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "在这里写你的代码" in config
    assert re.search(r"[\u4e00-\u9fff]", text[exercise.id])  # the formula comments in Chinese


def test_every_source_notebook_passes_nbgrader_validate(course):
    """The reference answers pass every test cell inside a real kernel, for every chapter."""
    notebooks = [str(course / "source" / a / f"{a}.ipynb") for a in CHAPTERS]
    proc = nbgrader(course, "validate", *notebooks)
    assert proc.stdout.count("Success! Your notebook passes all the tests.") == len(CHAPTERS), proc.stdout[-3000:]


def test_build_notebook_is_plain_nbformat_4():
    nbformat = pytest.importorskip("nbformat")
    assignment = CHAPTERS[0]
    nb = nbformat.from_dict(build_notebook(assignment, ASSIGNMENTS[assignment]))
    nbformat.validate(nb)
