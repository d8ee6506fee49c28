"""`pytest` inside a workspace: one test per check, with the grader's messages."""

import os
import subprocess
import sys
from pathlib import Path

from autograder.catalog import load_catalog
from autograder.checks import checks_for
from workbench import cli
from workbench.workspace import init_workspace

pytest_plugins = ["pytester"]

BIN = Path(sys.executable).parent
catalog = load_catalog()


def check_count(exercise_id: str) -> int:
    return 1 + len(checks_for(catalog[exercise_id]))


def test_pytest_in_a_workspace_grades_the_learners_files(pytester):
    workspace, _ = init_workspace(pytester.path)
    affine = catalog["affine"]
    workspace.file_for(affine).write_text(affine.solution_path.read_text())
    result = pytester.runpytest_subprocess("-q", "-rs", "ch01/affine.py", "ch01/sigmoid.py")
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == check_count("affine")
    # the untouched starting file is "not started", not a failure per check
    assert outcomes["skipped"] == check_count("sigmoid") and "failed" not in outcomes
    result.stdout.fnmatch_lines(["*sigmoid not started (ch01/sigmoid.py is the starting file)*"])


def test_unfinished_parts_are_skipped_and_wrong_ones_fail(pytester):
    workspace, _ = init_workspace(pytester.path)
    sigmoid = workspace.file_for("sigmoid")
    sigmoid.write_text(sigmoid.read_text().replace("# YOUR CODE HERE", "# started", 1))  # touched, nothing written
    affine = catalog["affine"]
    workspace.file_for(affine).write_text(
        affine.solution_path.read_text().replace("np.sum(dout, axis=0)", "dout[0]"))  # a db bug
    result = pytester.runpytest_subprocess("-q", "-rs", "ch01/sigmoid.py", "ch01/affine.py")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 1 and outcomes["skipped"] >= 1 and outcomes["passed"] >= 2
    result.stdout.fnmatch_lines(["*sigmoid · forward: sigmoid*not implemented yet*"])
    result.stdout.fnmatch_lines(["*affine · backward: Affine*db*"])


def test_pytest_messages_follow_the_workspace_language(pytester):
    workspace, _ = init_workspace(pytester.path)
    workspace.update_settings(lang="zh")
    affine = catalog["affine"]
    workspace.file_for(affine).write_text(affine.solution_path.read_text().replace("np.sum(dout, axis=0)", "dout[0]"))
    result = pytester.runpytest_subprocess("-rs", "ch01/sigmoid.py", "ch01/affine.py")
    result.stdout.fnmatch_lines(["*ch01/sigmoid.py*sigmoid 尚未开始*"])
    result.stdout.fnmatch_lines(["*affine · *Affine*当 N=4*db*"])
    result.stdout.fnmatch_lines(["*工作区*"])  # the header says which workspace is graded


def test_a_pytest_without_the_workbench_says_so_in_one_sentence(tmp_path):
    """The quick start's venv is not active: `pytest` is another Python's, which has no workbench."""
    workspace, _ = init_workspace(tmp_path / "ws")
    shadow = tmp_path / "shadow" / "workbench"  # a Python in which `workbench` does not import
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'workbench'\")\n")
    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}
    proc = subprocess.run([sys.executable, "-m", "pytest"], cwd=workspace.root, env=env, capture_output=True,
                          text=True, timeout=120)
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 4
    assert "Traceback" not in output and len(output.splitlines()) == 1, output
    assert "workbench test" in output


def test_workbench_test_runs_this_pythons_pytest_in_the_workspace(tmp_path):
    workspace, _ = init_workspace(tmp_path / "ws")
    env = {**os.environ, "PATH": "/nonexistent"}  # no pytest on PATH: the workbench's own Python runs it
    proc = subprocess.run([str(BIN / "workbench"), "--workspace", str(workspace.root), "test", "-q", "ch01/sigmoid.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # all skipped: nothing failed
    assert f"{check_count('sigmoid')} skipped" in proc.stdout


def test_workbench_test_without_pytest_says_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util

    workspace, _ = init_workspace(tmp_path / "ws")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pytest" else real(name, *a))
    assert cli.main(["--workspace", str(workspace.root), "test"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pip install pytest" in err and "Traceback" not in err
