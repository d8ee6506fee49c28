"""The learner's workspace never loses a file and survives broken state."""

import json

import pytest

from autograder.grader import grade
from workbench.workspace import Workspace, atomic_write, find_workspace, init_workspace


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
    first = workspace.pristine(exercise)
    monkeypatch.setattr("workbench.workspace.make_stub", lambda text: pytest.fail("stub made again"))
    assert workspace.pristine(exercise) is first
    assert workspace.is_untouched(exercise)


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
