"""`pytest` inside a workspace: one test per check, with the grader's messages."""

import pytest

from autograder.catalog import load_catalog
from workbench.workspace import init_workspace

pytest_plugins = ["pytester"]


def test_pytest_in_a_workspace_grades_the_learners_files(pytester):
    workspace, _ = init_workspace(pytester.path)
    affine = load_catalog()["affine"]
    workspace.file_for(affine).write_text(affine.solution_path.read_text())
    result = pytester.runpytest_subprocess("-q", "ch01/affine.py", "ch01/sigmoid.py")
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == 11 + 2  # every affine check; sigmoid's loads and (empty) interface
    assert outcomes["failed"] == 6
    result.stdout.fnmatch_lines(["*sigmoid*forward: sigmoid*not implemented yet*"])


def test_pytest_messages_follow_the_workspace_language(pytester):
    workspace, _ = init_workspace(pytester.path)
    workspace.update_settings(lang="zh")
    result = pytester.runpytest_subprocess("-q", "ch01/sigmoid.py")
    result.stdout.fnmatch_lines(["*尚未实现*"])
