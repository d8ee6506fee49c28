"""The speed check times the learner's calls and the reference's in turns, in the same child,
so that the machine's load falls on both alike: a correct file is never called slow because
the machine got busier, and a slow one still is. No assertion here depends on how long anything took."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.catalog import load_catalog
from autograder.grader import grade

CATALOG = load_catalog()
BURN = "import sys\nprint('burning', flush=True)\nwhile True:\n    pass\n"


@pytest.fixture
def busy_machine():
    """Two processes spinning on the CPU (this machine's cores and more), each started for sure:
    it has said so before the test goes on."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for burner in burners:
            assert burner.stdout.readline().strip() == "burning"
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def speed_checks(result):
    return [c for c in result.checks if c.kind == "speed"]


@pytest.mark.parametrize("exercise", ["affine", "time_layers"])
def test_the_reference_graded_against_itself_is_never_slower_while_the_machine_is_busy(exercise, busy_machine):
    result = grade(exercise, CATALOG[exercise].solution_path)
    checks = speed_checks(result)
    assert checks and all(c.passed for c in checks), [c.text() for c in checks]
    for check in checks:  # both timed in this run, the sizes named being the timed ones
        assert "timed in turns" in check.text() and "轮流计时" in check.text("zh")
        assert check.details["reference"] > 0 and check.details["seconds"] > 0


def test_the_reference_is_timed_in_the_learners_child_not_taken_from_its_cached_run(tmp_path):
    copy = tmp_path / "affine.py"
    copy.write_text(CATALOG["affine"].solution_path.read_text(encoding="utf-8"), encoding="utf-8")
    from autograder import grader, sandbox

    exercise = CATALOG["affine"]
    plan = grader.build_plan(exercise)
    outcome = sandbox.run(copy, plan, *sandbox.sandboxing(exercise))
    timed = [rec for rec in outcome.trace["probes"].values() if "speed" in rec]
    assert timed and all(rec["speed.reference.fastest"] > 0 for rec in timed)
    # a time within the limit needs no cause: four times the batch is timed only beyond it
    assert all("speed.large" not in rec and "speed.reference.large" not in rec for rec in timed)


def test_a_python_loop_over_the_rows_is_still_slower_than_the_reference_while_the_machine_is_busy(tmp_path,
                                                                                                  busy_machine):
    source = CATALOG["affine"].solution_path.read_text(encoding="utf-8")
    line = "        return np.dot(x, W) + b\n"
    assert source.count(line) == 1
    slow = tmp_path / "affine.py"  # every element of every row by its own dot product
    slow.write_text(source.replace(line, "        return np.array([[np.dot(row, column) for column in W.T] "
                                         "for row in x]) + b\n"), encoding="utf-8")
    result = grade("affine", slow)
    assert result.passed  # right, and slow: the speed check is reported, not scored
    check = speed_checks(result)[0]
    assert check.status == "reported" and not check.passed
    text = check.text()
    assert "slower than the reference" in text and "at N=20, D=300, H=300" in text, text
    assert "比参考实现慢" in check.text("zh")
