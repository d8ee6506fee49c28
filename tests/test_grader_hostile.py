"""Hostile files: a verdict in bounded time that names the problem, and a grader that survives.

Infinite loops, os._exit, sys.exit, a segfault, memory bombs, floods of output,
background processes, monkeypatched numpy, forbidden imports, reads of stdin.
They are graded with the exercise's time limit lowered to HOSTILE_TIMEOUT (the
grader's behaviour does not depend on the number), so the whole module stays quick.
"""

import dataclasses
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from autograder.catalog import Catalog
from autograder.grader import grade
from submission_cases import CATALOG, HOSTILE, HOSTILE_TIMEOUT, SUBMISSIONS, failing_check, graded, result_of

SLACK = 5.0  # seconds past the time limit that a verdict may take (start-up, a rerun of the rest)


@pytest.fixture(scope="module", autouse=True)
def _grade_all_at_once():
    graded(HOSTILE)


def _case(case_id):
    return next(c for c in HOSTILE if c.id == case_id)


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.id)
def test_a_hostile_file_gets_a_verdict_in_bounded_time(case):
    result = result_of(case)
    assert result.elapsed < case.timeout + SLACK
    if case.passes:
        failures = "\n".join(f"{c.name}: {c.text()}" for c in result.checks if not c.passed)
        assert result.passed, failures
        return
    assert not result.passed and result.status == "failed"
    check = failing_check(result, case.check)
    english = check.text("en")
    for words in case.words:
        assert words in english, f"{words!r} not in: {english}"
    chinese = check.text("zh")
    assert chinese.strip() and chinese != english
    assert "Traceback" not in english


def test_a_hang_costs_only_its_own_class():
    result = result_of(_case("affine/evil_loop_forward"))
    assert all(c.passed for c in result.checks if c.symbol == "MatMul")
    assert all(not c.passed for c in result.checks if c.symbol == "Affine")


def test_numpy_patched_by_the_file_cannot_change_the_verdict():
    result = result_of(_case("affine/evil_monkeypatch"))
    failing = {c.name for c in result.checks if not c.passed}
    assert {"forward: Affine", "backward: Affine"} <= failing


def test_a_flood_of_prints_is_capped_and_counted():
    result = result_of(_case("affine/evil_print_flood"))
    assert result.passed
    assert 0 < len(result.output) <= 20_000
    assert result.output_dropped > 19_000_000  # 20 MB printed, 20 000 characters kept


def test_a_flood_written_to_fd_1_does_not_reach_the_result():
    result = result_of(_case("affine/evil_fd_flood"))
    assert result.passed and "yyyy" not in result.output


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_detached_background_process_does_not_outlive_the_grading(tmp_path, monkeypatch):
    marker = f"313.{uuid.uuid4().int % 10**6:06d}"
    pidfile = tmp_path / "pid"
    monkeypatch.setenv("DLFS2_TEST_SLEEP", marker)
    monkeypatch.setenv("DLFS2_TEST_PIDFILE", str(pidfile))
    quick = Catalog([dataclasses.replace(CATALOG["affine"], timeout=HOSTILE_TIMEOUT)])
    result = grade("affine", SUBMISSIONS / "affine" / "evil_background.py", catalog=quick)
    assert result.passed
    pid = int(pidfile.read_text())  # the file did start it
    deadline = time.monotonic() + 2
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), f"the file's background process {pid} (sleep {marker}) outlived the grading"


def test_the_grader_survives_and_grades_the_next_file():
    for case in HOSTILE:
        result_of(case)
    result = grade("affine", SUBMISSIONS / "affine" / "ok_matmul_operator.py")
    assert result.passed


def test_the_command_line_reports_a_crash_as_json():
    proc = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "grade", "affine",
         str(SUBMISSIONS / "affine" / "evil_segfault.py"), "--json"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["passed"] is False
    messages = {c["name"]: c["message"] for c in report["checks"]}
    # the crash is told once, by the first check it stops; the others point there
    backward = next(c for c in report["checks"] if c["name"] == "backward: MatMul")
    assert backward["status"] == "blocked" and backward["message"].startswith("not run: same cause as")
    root = messages[backward["blocked_by"]]
    assert "SIGSEGV" in root and "MatMul.backward" in root
    assert all(c["passed"] for c in report["checks"] if c["name"].endswith(": Affine"))
