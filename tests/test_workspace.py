"""The learner's workspace never loses a file and survives broken state."""

import json
import os
import shutil
import stat
import subprocess

import pytest

from autograder import resources
from autograder.grader import grade
from autograder.stubs import make_stub
from workbench import workspace as workspace_module
from workbench.workspace import (OLD_CONFTESTS, Workspace, atomic_write, find_workspace,
                                 init_workspace)


@pytest.fixture
def workspace(tmp_path):
    ws, written = init_workspace(tmp_path / "ws")
    assert len(written) == len(ws.catalog)
    return ws


def test_init_never_overwrites_a_learners_file(workspace):
    affine = workspace.file_for("affine")
    affine.write_text("# my own work\n")
    _, written = init_workspace(workspace.root)
    assert written == [] and affine.read_text() == "# my own work\n"


def test_save_backs_up_what_it_replaces(workspace):
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text("version 1\n")
    backup = workspace.save(exercise, "version 2\n")
    assert backup.read_text() == "version 1\n"
    assert workspace.file_for(exercise).read_text() == "version 2\n"
    assert workspace.save(exercise, "version 2\n") is None  # nothing changed, nothing to back up


def test_reset_restores_the_stub_and_keeps_every_version(workspace):
    exercise = workspace.catalog["sigmoid"]
    for version in ("a", "b"):
        workspace.file_for(exercise).write_text(version)
        workspace.reset(exercise)
    backups = sorted(p.read_text() for p in (workspace.state_dir / "backups").glob("sigmoid.*.py"))
    assert backups == ["a", "b"]
    assert workspace.is_untouched(exercise)


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", '{"exercises": {"affine": {"status": "bogus"}}}', ""])
def test_corrupt_progress_is_rebuilt_from_grading(workspace, garbage):
    (workspace.state_dir / "progress.json").write_text(garbage)
    assert workspace.progress() == {}
    exercise = workspace.catalog["affine"]
    workspace.file_for(exercise).write_text(exercise.solution_path.read_text())
    workspace.record(grade("affine", workspace.file_for(exercise)))
    data = json.loads((workspace.state_dir / "progress.json").read_text())
    assert data["exercises"]["affine"]["status"] == "passed"
    assert workspace.status(exercise) == "passed"
    assert workspace.next_exercise().id == "nodes"


def test_untouched_stub_counts_as_not_started(workspace):
    assert all(workspace.status(ex) == "not_started" for ex in workspace.catalog)


def test_hints_are_revealed_one_at_a_time_up_to_the_last(workspace):
    exercise = workspace.catalog["affine"]
    shown = [workspace.reveal_hint(exercise) for _ in range(len(exercise.hints) + 2)]
    assert shown == list(range(1, len(exercise.hints) + 1)) + [len(exercise.hints)] * 2


def test_language_setting_is_saved(workspace):
    assert workspace.language() == "en"
    workspace.update_settings(lang="zh")
    assert Workspace(workspace.root).language() == "zh"


def test_find_workspace_from_a_subfolder(workspace):
    assert find_workspace(workspace.root / "ch01").root == workspace.root


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "file.py"
    target.write_text("old")

    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # not text: the write fails before the rename
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.py"]


NOT_UTF8 = b"# caf\xe9 in latin-1\nx = 1\n"


def test_a_file_that_is_not_utf8_is_backed_up_byte_for_byte(workspace):
    exercise = workspace.catalog["affine"]
    path = workspace.file_for(exercise)
    path.write_bytes(NOT_UTF8)
    # the editor shows it decoded with U+FFFD; saving that text must not crash and must keep the original
    shown = NOT_UTF8.decode("utf-8", errors="replace")
    backup = workspace.save(exercise, shown)
    assert backup.read_bytes() == NOT_UTF8
    assert path.read_bytes() == shown.encode("utf-8")
    path.write_bytes(NOT_UTF8)
    assert workspace.reset(exercise).read_bytes() == NOT_UTF8
    assert workspace.is_untouched(exercise)


@pytest.mark.parametrize("settings", [
    {"hints": []},
    {"hints": "three"},
    {"hints": {"affine": "two"}},
    {"hints": {"affine": True}},
    {"hints": {"affine": -4}},
    {"lang": ["zh"]},
    {"lang": 7},
    {"last_opened": ["x"]},
])
def test_settings_of_the_wrong_shape_fall_back_to_defaults(workspace, settings):
    (workspace.state_dir / "settings.json").write_text(json.dumps(settings))
    exercise = workspace.catalog["affine"]
    assert workspace.hints_shown(exercise) == 0
    assert workspace.language() == "en"
    assert workspace.reveal_hint(exercise) == 1
    assert workspace.hints_shown(exercise) == 1


def test_progress_entries_with_numbers_of_the_wrong_type_are_cleaned(workspace):
    (workspace.state_dir / "progress.json").write_text(json.dumps(
        {"exercises": {"affine": {"status": "failed", "score": "lots", "graded_at": [1], "total_checks": 3}}}))
    assert workspace.progress() == {"affine": {"status": "failed", "total_checks": 3}}


def test_pristine_is_computed_once_per_exercise(workspace, monkeypatch):
    exercise = workspace.catalog["affine"]
    first, chinese = workspace.pristine(exercise), workspace.pristine(exercise, "zh")
    monkeypatch.setattr("workbench.workspace.make_stub", lambda *args: pytest.fail("stub made again"))
    assert workspace.pristine(exercise) is first and workspace.pristine(exercise, "zh") is chinese
    assert workspace.is_untouched(exercise)


# -- the starting files in the workspace's language ------------------------------------------------
def test_a_chinese_workspace_gets_chinese_starting_files(tmp_path):
    workspace, _ = init_workspace(tmp_path / "ws", lang="zh")
    exercise = workspace.catalog["affine"]
    text = workspace.file_for(exercise).read_text(encoding="utf-8")
    assert text == make_stub(exercise.solution_path.read_text(encoding="utf-8"), "zh")
    assert "MatMul 层和 Affine 层" in text and "在这里写你的代码" in text
    assert workspace.is_untouched(exercise) and workspace.status(exercise) == "not_started"
    workspace.update_settings(lang="en")  # switched later: the Chinese file is still the untouched starting file
    assert workspace.is_untouched(exercise)
    workspace.reset(exercise)  # a reset writes the starting file in the language of now
    assert workspace.file_for(exercise).read_text(encoding="utf-8") == exercise.stub_path.read_text(encoding="utf-8")


# -- files follow the umask ------------------------------------------------------------------------
@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_permissions_the_umask_allows(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        workspace, _ = init_workspace(tmp_path / "ws")
        workspace.update_settings(lang="en")
        backup = workspace.reset(workspace.catalog["affine"])
    finally:
        os.umask(old)
    files = [workspace.file_for("affine"), workspace.root / "conftest.py", workspace.root / "pytest.ini",
             workspace.state_dir / "settings.json", workspace.state_dir / "workspace.toml", backup]
    assert {str(f.relative_to(workspace.root)): oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == \
        {str(f.relative_to(workspace.root)): oct(mode) for f in files}


def test_a_rewritten_file_keeps_its_mode(tmp_path):
    target = tmp_path / "file.py"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


# -- pytest in a workspace -------------------------------------------------------------------------
def test_the_conftest_of_an_earlier_version_is_brought_up_to_date(workspace):
    conftest = workspace.root / "conftest.py"
    assert conftest.read_text() == (resources.exercises_root() / "conftest.py").read_text()  # as made
    conftest.write_text(OLD_CONFTESTS[0])
    workspace.create_missing()
    assert conftest.read_text() == (resources.exercises_root() / "conftest.py").read_text()  # one text
    conftest.write_text("# my own conftest\n")  # a learner's own is never touched
    workspace.create_missing()
    assert conftest.read_text() == "# my own conftest\n"


# -- the default workspace of a clone ---------------------------------------------------------------
@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A git repository laid out like a clone of the project, with its exercises/ committed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "clone"
    shutil.copytree(resources.exercises_root(), root / "exercises", ignore=shutil.ignore_patterns("__pycache__", ".workbench"))
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q", str(root)], check=True)
    subprocess.run(git + ["add", "."], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "clone"], cwd=root, check=True)
    monkeypatch.setattr(resources, "clone_root", lambda: root)
    return root


def git_status(root) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True,
                          text=True, check=True).stdout


def test_in_a_clone_the_default_workspace_is_untracked_and_made_on_first_run(clone):
    workspace = find_workspace(clone)
    assert workspace.root == clone / "workspace" and not workspace.root.exists()
    assert find_workspace(clone / "exercises").root == workspace.root  # the starting files are no workspace
    workspace.create_missing()
    workspace.file_for("affine").write_text("# my work\n")
    workspace.record(grade("affine", workspace.file_for("affine")))
    assert git_status(clone) == ""  # nothing of the learner's in git status, nothing for git pull to collide with
    assert find_workspace(clone / "workspace" / "ch01").root == workspace.root
    assert find_workspace(clone / "exercises" / "ch01").root == workspace.root


def test_work_done_in_exercises_with_an_earlier_version_moves_to_the_new_workspace(clone):
    old = Workspace(clone / "exercises")
    old.ensure_state()  # what earlier versions did: exercises/ was the workspace
    (clone / "exercises" / "ch01" / "affine.py").write_text("# my affine\n")
    old.update_settings(lang="zh", hints={"affine": 2})
    old.backup(old.catalog["affine"])
    workspace = find_workspace(clone)
    workspace.create_missing()
    assert workspace.adopted == [workspace.file_for("affine")]
    assert workspace.file_for("affine").read_text() == "# my affine\n"
    assert workspace.is_untouched(workspace.catalog["sigmoid"])
    assert workspace.language() == "zh" and workspace.hints_shown(workspace.catalog["affine"]) == 2
    assert len(list((workspace.state_dir / "backups").glob("affine.*.py"))) == 1
    assert (clone / "exercises" / "ch01" / "affine.py").read_text() == "# my affine\n"  # left as it was
    workspace.create_missing()
    assert Workspace(workspace.root).adopted == []  # only once


def test_the_real_clone_defaults_to_its_workspace_folder():
    clone = resources.clone_root()
    if clone is None:
        pytest.skip("not run from a clone")
    assert workspace_module.clone_workspace_root() == clone / "workspace"
    assert find_workspace(clone / "exercises" / "ch01").root == clone / "workspace"


WRITER = """
import sys
from workbench.workspace import Workspace
ws = Workspace(sys.argv[1])
for i in range(int(sys.argv[3])):
    ws.update_settings(**{f"{sys.argv[2]}-{i}": i})
"""


def test_processes_on_one_workspace_never_lose_each_others_settings(workspace):
    """`workbench serve`: one process per browser tab, all writing settings.json."""
    import subprocess
    import sys

    processes, writes = 4, 25
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(workspace.root), f"tab{n}", str(writes)])
                for n in range(processes)]
    assert [child.wait(timeout=120) for child in children] == [0] * processes
    settings = workspace.settings()
    assert {f"tab{n}-{i}" for n in range(processes) for i in range(writes)} <= set(settings)
