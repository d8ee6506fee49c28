"""The command-line contracts others rely on (DESIGN.md), run as real commands."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.catalog import load_catalog

BIN = Path(sys.executable).parent
catalog = load_catalog()


def run(*args, cwd=None, env=None):
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_grade_json_contract_for_a_passing_solution():
    proc = run("autograder", "grade", "affine", str(catalog["affine"].solution_path), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["exercise"] == "affine" and data["passed"] is True
    assert data["score"] == data["max_score"] > 0
    assert data["checks"] and all({"name", "passed", "message"} <= set(c) for c in data["checks"])


def test_grade_exit_1_and_not_implemented_for_the_stub():
    proc = run("autograder", "grade", "affine", str(catalog["affine"].stub_path), "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["passed"] is False and data["status"] == "not_implemented"
    assert any("not implemented yet" in c["message"] for c in data["checks"])


def test_grade_in_chinese():
    proc = run("autograder", "grade", "affine", str(catalog["affine"].stub_path), "--lang", "zh")
    assert proc.returncode == 1
    assert "尚未实现" in proc.stdout


@pytest.mark.parametrize("args", [
    ("grade", "no_such_exercise", __file__),
    ("grade", "affine", "/no/such/file.py"),
    ("grade", "affine"),
    ("frobnicate",),
])
def test_usage_errors_exit_2_with_a_sentence_not_a_traceback(args):
    proc = run("autograder", *args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.strip()


def test_list_json_names_stub_and_solution_of_every_exercise():
    proc = run("autograder", "list", "--json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == catalog.ids
    for row in rows:
        assert {"id", "chapter", "title", "stub", "solution"} <= set(row)
        assert Path(row["stub"]).is_file() and Path(row["solution"]).is_file()


def test_workbench_init_check_hint_reset(tmp_path):
    ws = tmp_path / "my workspace"
    proc = run("workbench", "init", str(ws))
    assert proc.returncode == 0, proc.stderr
    learner_file = ws / "ch01" / "affine.py"
    assert learner_file.read_text() == catalog["affine"].stub_path.read_text()

    proc = run("workbench", "check", "affine", cwd=ws)
    assert proc.returncode == 1 and "not implemented yet" in proc.stdout

    learner_file.write_text(catalog["affine"].solution_path.read_text())
    proc = run("workbench", "check", "affine", cwd=ws)
    assert proc.returncode == 0, proc.stdout
    assert "all 11 checks passed" in proc.stdout

    first = run("workbench", "hint", "affine", cwd=ws).stdout
    second = run("workbench", "hint", "affine", cwd=ws).stdout
    assert first.count("Hint") == 1 and second.count("Hint") == 2

    proc = run("workbench", "reset", "affine", cwd=ws)
    assert proc.returncode == 0
    assert learner_file.read_text() == catalog["affine"].stub_path.read_text()
    backups = list((ws / ".workbench" / "backups").glob("affine.*.py"))
    assert len(backups) == 1 and backups[0].read_text() == catalog["affine"].solution_path.read_text()

    proc = run("workbench", "--workspace", str(ws), "--lang", "zh", "check", "affine")
    assert "尚未实现" in proc.stdout


def test_workbench_check_all_reports_every_exercise(tmp_path):
    run("workbench", "init", str(tmp_path))
    proc = run("workbench", "check", "--all", cwd=tmp_path)
    assert proc.returncode == 1
    for exercise in catalog:
        assert f"{exercise.id}: not implemented yet" in proc.stdout
    total = len(catalog)
    assert proc.stdout.strip().splitlines()[-1] == f"{total} exercises: 0 passing, 0 failing, {total} not started"


def test_workbench_check_all_ends_with_where_you_stand(tmp_path):
    run("workbench", "--lang", "zh", "init", str(tmp_path))
    affine, sigmoid = catalog["affine"], catalog["sigmoid"]
    (tmp_path / affine.module).write_text(affine.solution_path.read_text())
    (tmp_path / sigmoid.module).write_text(sigmoid.solution_path.read_text().replace("1 + ", "2 + "))
    proc = run("workbench", "check", "--all", cwd=tmp_path)
    total = len(catalog)
    assert proc.stdout.strip().splitlines()[-1] == \
        f"共 {total} 个练习：1 个已通过，1 个未通过，{total - 2} 个未开始"


def test_workbench_init_in_chinese_writes_chinese_starting_files(tmp_path):
    proc = run("workbench", "--lang", "zh", "init", str(tmp_path / "ws"))
    assert proc.returncode == 0 and "工作区已创建" in proc.stdout
    text = (tmp_path / "ws" / "ch01" / "affine.py").read_text(encoding="utf-8")
    assert text.startswith('"""MatMul 层和 Affine 层') and "# 在这里写你的代码" in text
    proc = run("workbench", "list", cwd=tmp_path / "ws")
    assert "未开始" in proc.stdout and "已通过" not in proc.stdout  # the Chinese stubs count as not started


def test_workbench_outside_a_workspace_says_how_to_make_one(tmp_path):
    proc = run("workbench", "check", "affine", cwd=tmp_path)
    assert proc.returncode == 2 and "workbench init" in proc.stderr


def test_grading_one_exercise_through_the_cli_is_quick():
    # A smoke bound only (the real measurement is benchmarks/grade_latency.py): a
    # regression to many seconds per grade would make the workbench unusable.
    run("autograder", "grade", "affine", str(catalog["affine"].solution_path))  # warm the reference cache
    start = time.monotonic()
    proc = run("autograder", "grade", "affine", str(catalog["affine"].solution_path))
    assert proc.returncode == 0
    assert time.monotonic() - start < 10


def test_workbench_list_into_a_closed_pipe_is_no_traceback(tmp_path, monkeypatch):
    from workbench import cli

    class ClosedPipe:  # `workbench list | head -1`, once head has gone
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    run("workbench", "init", str(tmp_path))
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert cli.main(["--workspace", str(tmp_path), "list"]) == 0
