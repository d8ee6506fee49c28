"""Every check can fail, and says why: one known bug per file, each with its diagnosis.

The table (submission_cases.BUGS) names, for each bad file or mutant of a
reference solution (submission_cases.MUTANTS), the check that must
fail and the words its English message must contain ("transpose", "N = 4",
"replaced by a new array", "dout", ...). The Chinese message must be there too,
and differ. The last tests make sure the table stays complete: every bad file is
in it, every kind of check fails somewhere, every message template is reached.
"""

import json

import pytest

from autograder.messages import TEMPLATES
from submission_cases import (ALSO_PASSING, BOOK, BOOK_BROKEN, BUGS, HOSTILE, MUTANTS, NOTED, SOLUTIONS, STUBS,
                              SUBMISSIONS, VARIANTS, failing_check, graded, message_keys, result_of)


# The first test's setup grades every case of the module at once (two at a time): its
# time grows with the catalog, so the module's limit is the batch's, not one test's.
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module", autouse=True)
def _grade_all_at_once():
    graded(BUGS)


@pytest.mark.parametrize("case", BUGS, ids=lambda c: f"{c.id}:{c.check}")
def test_a_known_bug_fails_with_its_diagnosis(case):
    result = result_of(case)
    assert not result.passed
    assert result.status == "failed"
    check = failing_check(result, case.check)
    # skipped: a check that waits on another's fix; reported: shown, not scored (precision)
    assert check.status in ("failed", "skipped", "reported")
    english = check.text("en")
    for words in case.words:
        assert words in english, f"{words!r} not in: {english}"
    chinese = check.text("zh")
    assert chinese.strip() and chinese != english
    for words in case.zh:
        assert words in chinese, f"{words!r} not in: {chinese}"
    assert "Traceback" not in english and "Traceback" not in chinese
    for name in ALSO_PASSING.get(case.id, []):
        other = next(c for c in result.checks if c.name == name)
        assert other.passed, f"{name} should pass for {case.id}: {other.text()}"


def test_a_gradcheck_failing_where_backward_is_wrong_says_so_in_one_line():
    result = result_of(next(c for c in BUGS if c.id == "simple_cbow/bad_no_half"))
    gradcheck = next(c for c in result.checks if c.name == "gradcheck: SimpleCBOW")
    assert gradcheck.status == "blocked" and gradcheck.details["blocked_by"] == "backward: SimpleCBOW"
    assert "dW_in; the bug is in backward (see backward: SimpleCBOW)" in gradcheck.text()
    assert "反向传播: SimpleCBOW" in gradcheck.text("zh") and "dW_in" in gradcheck.text("zh")
    assert not gradcheck.passed  # shown once, scored as before


def test_every_bad_file_is_in_the_table():
    """Every bad file on disk and every mutant is a case of BUGS, and every case of BUGS is one of them."""
    listed = {(case.exercise, case.file) for case in BUGS}
    on_disk = {(p.parent.name, p.name) for p in SUBMISSIONS.glob("*/bad_*.py")}
    every = {(m.exercise, f"{m.name}.py") for m in MUTANTS}
    assert len(every) == len(MUTANTS), "two mutants with one name"
    # noted_: pass with a note (NOTED); ok_: right answers written as their changes (VARIANTS)
    assert all(name.startswith(("bad_", "noted_", "ok_")) for _, name in every)
    mutants = {m for m in every if m[1].startswith("bad_")}
    assert not on_disk & mutants, f"both a file and a mutant: {sorted(on_disk & mutants)}"
    assert on_disk | mutants == listed
    assert all(case.path.is_file() for case in BUGS)


def test_every_kind_of_check_is_proven_able_to_fail():
    kinds = {case.check.split(":")[0] for case in BUGS}
    assert kinds >= {"loads", "interface", "forward", "backward", "gradcheck", "conventions",
                     "update", "in place", "training"}


def test_the_json_report_of_a_failed_grade_carries_both_languages():
    case = next(c for c in BUGS if c.id == "softmax_with_loss/bad_no_batch_division")
    result = result_of(case)
    english, chinese = result.to_json("en"), result.to_json("zh")
    json.dumps(english), json.dumps(chinese)
    assert english["passed"] is False and english["score"] < english["max_score"]
    by_name = {c["name"]: c for c in english["checks"]}
    assert "N = 4" in by_name["backward: SoftmaxWithLoss (class-index labels)"]["message"]
    zh_by_name = {c["name"]: c for c in chinese["checks"]}
    assert "批大小" in zh_by_name["backward: SoftmaxWithLoss (class-index labels)"]["message"]


# Message templates that no submission can reach, and why.
UNREACHABLE = {
    # a module body always runs in the file, so an error while loading always has its line
    "loads.import_error_noline",
    # under the 2 GB address-space limit an allocation fails with MemoryError (error.memory);
    # only the kernel's OOM killer (SIGKILL from outside) leads to this one
    "run.memory",
    # every check has its own "ok" sentence
    "check.ok",
}
# Reached by the diagnosis's own tests (tests/test_engine.py) until a chapter's exercise reaches them:
# the Time* losses (ch05) divide by N·T and mask.sum(); a directional check fails while the sampled
# elements happen to be right only for a tensor larger than the sample; no probe so far raises in
# float16 or overflows as early as (or earlier than, short of 1000) a reference that overflows too.
UNIT_TESTED = {"diag.averaged_by", "diag.not_averaged_by", "gradcheck.bad_direction", "precision.raised",
               "precision.finite_below", "precision.reference_overflow", "speed.generic", "speed.skipped",
               "speed.pending", "precision.error", "speed.not_measured",
               # which of these a slow file gets depends on the machine's load while it is timed
               "speed.slow", "speed.loop_over_batch",
               # tests/test_speed_check.py: the reference timed beside the file, or (where it cannot be) apart
               "speed.in_turns", "speed.apart",
               # tests/test_lengths.py: a value wrong only at the second length, an error outside the file's lines
               "lengths.differs", "lengths.raised_noline",
               # tests/test_engine.py: one masked position given a gradient (the mutant has several)
               "backward.masked_one",
               # tests/test_engine.py: int() of an array on a line the fix cannot be written into
               "error.to_scalar_any",
               # tests/test_results_as_they_come.py: a check not decided yet, in a verdict so far
               "check.checking"}
PREFIXES = ("loads.", "run.", "error.", "interface.", "forward.", "backward.", "gradcheck.", "conventions.",
            "update.", "inplace.", "fit.", "diag.", "check.", "precision.", "svd.", "sampler.", "dropout.",
            "nofull.", "inplace_update.", "match.", "speed.", "seed.", "lengths.")


def test_every_message_of_the_grader_is_reached_by_some_submission():
    everything = BUGS + HOSTILE + VARIANTS + BOOK + BOOK_BROKEN + SOLUTIONS + STUBS + NOTED  # notes are messages too
    reached = set()
    for result in graded(everything).values():
        for check in result.checks:
            reached |= message_keys(check.message)
            assert check.text("en").strip() and check.text("zh").strip()
    wanted = {key for key in TEMPLATES if key.startswith(PREFIXES)} - UNREACHABLE - UNIT_TESTED
    assert not wanted - reached, f"never produced by any test submission: {sorted(wanted - reached)}"


# the same keys and fields in every language: tests/test_text.py
