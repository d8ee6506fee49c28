"""`pytest` inside a workspace grades the learner's files: one test per check.

A workspace's conftest.py imports these hooks (``workbench init`` writes it;
``workbench test`` runs pytest there with the workbench's own Python). Each
exercise file becomes a collector whose items are the exercise's checks, with
the grader's own one-sentence messages as failure reports; each file is graded
once per session, in the same sandbox as everywhere else.

An exercise not started yet is no failure: the checks of an untouched starting
file are reported as skipped, and so is every check of a file that still
raises NotImplementedError there (or that a failure elsewhere kept from running).
A check that passes but earns no points (the scoring rule: nothing beyond what a
do-nothing answer passes, or a supporting check whose behaviour checks fail) is
skipped with that reason, so the passed tests count only the learner's own work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.checks import checks_for
from autograder.loads import NAME as LOADS

__all__ = ["pytest_collect_file", "pytest_report_header"]

# check statuses that are no failure of this check, reported as skipped: not written yet, not run
# (skipped, or blocked by the same cause as a failing check), or failed but not scored (reported)
NOT_RUN = ("not_implemented", "skipped", "blocked", "reported")


class CheckFailed(Exception):
    pass


def _workspace(config, path: Path):
    """The workspace a file belongs to: the nearest folder above it with workspace state, or
    else with a conftest.py (the one that brought these hooks: exercises/ in a clone)."""
    from workbench.workspace import MARKER, STATE_DIR, Workspace

    cache = config.__dict__.setdefault("_dlfs2_workspaces", {})
    folders = list(Path(path).resolve().parents)
    root = next((f for f in folders if (f / STATE_DIR / MARKER).is_file()), None) \
        or next((f for f in folders if (f / "conftest.py").is_file()), None)
    if root is None:
        return None
    if root not in cache:
        cache[root] = Workspace(root)
    return cache[root]


def pytest_report_header(config):
    from workbench import strings

    workspace = _workspace(config, Path(config.rootpath) / "conftest.py")
    if workspace is None:
        return None
    return strings.get("pytest.header", workspace.language(), path=str(workspace.root))


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".py":
        return None
    workspace = _workspace(parent.config, file_path)
    exercise = workspace.exercise_for(file_path) if workspace is not None else None
    if exercise is None:
        return None
    return ExerciseFile.from_parent(parent, path=file_path, workspace=workspace, exercise_id=exercise.id)


class ExerciseFile(pytest.File):
    def __init__(self, *args, workspace, exercise_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.exercise_id = exercise_id
        self._result = None
        self._untouched = None

    def collect(self):
        exercise = self.workspace.catalog[self.exercise_id]
        for name in [LOADS] + [check.title() for check in checks_for(exercise)]:
            yield CheckItem.from_parent(self, name=name)

    def result(self):
        if self._result is None:
            from autograder.grader import grade

            workspace = self.workspace
            exercise = workspace.catalog[self.exercise_id]
            self._untouched = workspace.is_untouched(exercise)
            self._result = grade(self.exercise_id, self.path, lang=workspace.language(), catalog=workspace.catalog)
            workspace.record(self._result)
        return self._result

    @property
    def untouched(self) -> bool:
        """Whether the file is the starting file as written (known once graded)."""
        return bool(self._untouched)


class CheckItem(pytest.Item):
    def runtest(self):
        from workbench import strings

        result = self.parent.result()
        workspace = self.parent.workspace
        lang = workspace.language()
        check = next(c for c in result.checks if c.name == self.name)
        exercise, module = self.parent.exercise_id, workspace.catalog[self.parent.exercise_id].module
        if result.status == "not_implemented" and self.parent.untouched:
            # day one: the starting file as written is "not started", not one failure per check
            _skip(strings.get("pytest.not_started", lang, id=exercise, file=module))
        if check.passed and check.unearned:
            # passed, but not the learner's own work yet (autograder.scoring): no test to count
            _skip(f"{exercise} · {_name(check, lang)}: " + "; ".join(
                n.render(lang) for n in result.notes if n.key.startswith("score.")))
        if check.passed:
            return
        if check.status in NOT_RUN:
            _skip(f"{exercise} · {_name(check, lang)}: {check.text(lang)}")
        raise CheckFailed(check.text(lang))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            check = next((c for c in self.parent.result().checks if c.name == self.name), None)
            name = _name(check, self.parent.workspace.language()) if check is not None else self.name
            return f"{self.parent.exercise_id} · {name}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"{self.parent.exercise_id}: {self.name}"  # line 0: skips are reported at the file


def _skip(reason: str):
    """Skip the running check, reported at the learner's file (not at this plugin's line)."""
    try:
        raise pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without that keyword: the reason is what matters
        pytest.skip(reason)


def _name(check, lang: str) -> str:
    from workbench.strings import check_name

    return check_name(check, lang)
