"""Correct code passes, however it is written; an untouched stub is "not implemented yet".

The variants (tests/submissions/<id>/ok_*.py) take other but equivalent routes:
@ instead of np.dot, the naive sigmoid that overflows with only a warning, Momentum
as v = αv + g, Adam in the book's lr_t form, cross-entropy without the 1e-7, ...
The book files (tests/submissions/book/<id>.py) are written the way the book's
common/ and ch01/ code is, imports of the book's `common` package included.
"""

import re

import pytest

from autograder.grader import grade
from submission_cases import (BOOK, BOOK_BROKEN, CATALOG, CHAPTER_1, NOTED, SOLUTIONS, STUBS, SUBMISSIONS, VARIANTS,
                              failing_check, graded, result_of)

CORRECT = VARIANTS + BOOK + SOLUTIONS


# The first test's setup grades every case of the module at once (two at a time): its
# time grows with the catalog, so the module's limit is the batch's, not one test's.
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module", autouse=True)
def _grade_all_at_once():
    graded(CORRECT + STUBS + BOOK_BROKEN)


def _failures(result):
    return "\n".join(f"{c.name}: {c.text()}" for c in result.checks if not c.passed)


@pytest.mark.parametrize("case", CORRECT, ids=lambda c: c.id)
def test_a_correct_submission_passes(case):
    result = result_of(case)
    assert result.passed, _failures(result)
    assert result.status == "passed"
    assert result.score == result.max_score
    assert all(c.status == "passed" for c in result.checks if c.scored)


# the Transformer's layers, which the book describes in prose only (§8.5.2): their ok_* variants stand alone
PROSE_ONLY = {"scaled_dot_attention", "self_attention", "transformer_block"}


def test_every_chapter_1_exercise_has_variants_and_a_book_file():
    with_variants = {case.exercise for case in VARIANTS}
    assert set(CATALOG.ids) <= with_variants
    # the book prints code for every other exercise (svd's randomized_svd aside: the book calls sklearn)
    assert sorted(p.stem for p in (SUBMISSIONS / "book").glob("*.py")) == sorted(set(CATALOG.ids) - PROSE_ONLY)


@pytest.mark.parametrize("case", BOOK_BROKEN, ids=lambda c: f"{c.id}:{c.check}")
def test_a_book_file_broken_by_numpy_2_gets_its_line_and_fix(case):
    result = result_of(case)
    assert not result.passed
    check = failing_check(result, case.check)
    for words in case.words:
        assert words in check.text(), f"{words!r} not in {check.text()}"
    for words in case.zh:
        assert words in check.text("zh"), f"{words!r} not in {check.text('zh')}"
    assert "Traceback" not in check.text()


def test_a_book_file_broken_by_numpy_2_passes_once_fixed_as_its_verdict_says(tmp_path):
    """The fix the verdict names, made on each line it names, is right: the book's file passes."""
    for name in sorted({case.file for case in BOOK_BROKEN}):
        source = (SUBMISSIONS / "book" / name).read_text(encoding="utf-8")
        lines = source.splitlines(keepends=True)
        result = result_of(next(c for c in BOOK_BROKEN if c.file == name))
        for check in result.checks:
            found = re.search(r"on line (\d+) \(`(.*?)`\).*as in `(.*?)`", check.text())
            if found:
                number, code, fixed = int(found[1]), found[2], found[3]
                assert lines[number - 1].strip() == code
                lines[number - 1] = lines[number - 1].replace(code, fixed)
        path = tmp_path / name
        path.write_text("".join(lines), encoding="utf-8")
        fixed_result = grade(name[:-3], path)
        assert fixed_result.passed, _failures(fixed_result)


@pytest.mark.parametrize("case", NOTED, ids=lambda c: c.id)
def test_code_that_breaks_an_unpromised_convention_passes_with_a_note(case):
    result = result_of(case)
    assert result.passed, _failures(result)
    check = next(c for c in result.checks if c.name.startswith(case.check))
    for words in case.words:
        assert words in check.text(), f"{words!r} not in {check.text()}"
    assert "注意" in check.text("zh")


@pytest.mark.parametrize("exercise", [i for i in CATALOG.ids if i not in PROSE_ONLY])
def test_the_book_files_are_written_as_in_the_book(exercise):
    text = (SUBMISSIONS / "book" / f"{exercise}.py").read_text(encoding="utf-8")
    # the book's preamble: its files append the parent folder (os.pardir, or '..' as ch04/cbow.py) and
    # import from common (ch05/simple_rnnlm.py imports numpy first)
    assert re.search(r"import sys(, os)?\nsys\.path\.append\((os\.pardir|'\.\.')\)\s*(#.*)?\n(import numpy as np\n)?"
                     r"from common\.", text)
    assert "workbench" not in text  # only what the book's own files have: common.*


def test_the_naive_sigmoid_passes_and_its_overflow_is_only_a_note():
    for case_id in ("sigmoid/ok_naive", "book/sigmoid"):
        result = result_of(next(c for c in VARIANTS + BOOK if c.id == case_id))
        check = next(c for c in result.checks if c.name == "forward: sigmoid (inputs around ±1000)")
        assert check.passed
        assert "note" in check.text() and "overflow" in check.text()
        assert "注意" in check.text("zh")
    stable = result_of(next(c for c in VARIANTS if c.id == "sigmoid/ok_where_stable"))
    assert not any("note" in c.text() for c in stable.checks)


@pytest.mark.parametrize("case", STUBS, ids=lambda c: c.id)
def test_an_untouched_stub_is_not_implemented_yet(case):
    result = result_of(case)
    assert not result.passed
    assert result.status == "not_implemented", _failures(result)
    assert "not implemented yet" in result.summary().render("en")
    failing = [c for c in result.checks if not c.passed]
    assert failing
    for check in failing:
        assert check.status in ("not_implemented", "skipped"), f"{check.name}: {check.text()}"
        if check.status == "not_implemented":
            assert "not implemented yet" in check.text("en"), check.text()
            assert "尚未实现" in check.text("zh")
        assert "Traceback" not in check.text()
    assert any(c.status == "not_implemented" for c in failing)
