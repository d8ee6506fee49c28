"""`pytest` inside a workspace grades the learner's files: one test per check.

A workspace's conftest.py loads this plugin (``workbench init`` writes it). Each
exercise file becomes a collector whose items are the exercise's checks, with
the grader's own one-sentence messages as failure reports; each file is graded
once per session, in the same sandbox as everywhere else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.checks import checks_for
from autograder.loads import NAME as LOADS


class CheckFailed(Exception):
    pass


def _workspace(config):
    from workbench.workspace import Workspace, find_workspace

    cached = getattr(config, "_dlfs2_workspace", None)
    if cached is None:
        cached = find_workspace(Path(config.rootpath)) or Workspace(Path(config.rootpath))
        config._dlfs2_workspace = cached
    return cached


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".py":
        return None
    workspace = _workspace(parent.config)
    exercise = workspace.exercise_for(file_path)
    if exercise is None:
        return None
    return ExerciseFile.from_parent(parent, path=file_path, exercise_id=exercise.id)


class ExerciseFile(pytest.File):
    def __init__(self, *args, exercise_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise_id = exercise_id
        self._result = None

    def collect(self):
        exercise = _workspace(self.config).catalog[self.exercise_id]
        for name in [LOADS] + [check.title() for check in checks_for(exercise)]:
            yield CheckItem.from_parent(self, name=name)

    def result(self):
        if self._result is None:
            from autograder.grader import grade

            workspace = _workspace(self.config)
            self._result = grade(self.exercise_id, self.path, lang=workspace.language(), catalog=workspace.catalog)
            workspace.record(self._result)
        return self._result


class CheckItem(pytest.Item):
    def runtest(self):
        result = self.parent.result()
        check = next(c for c in result.checks if c.name == self.name)
        if not check.passed:
            raise CheckFailed(check.text(_workspace(self.config).language()))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return f"{self.parent.exercise_id} · {self.name}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.parent.exercise_id}: {self.name}"
