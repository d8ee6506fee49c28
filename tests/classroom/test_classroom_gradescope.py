"""`autograder gradescope build`: the zip, and its run_autograder run locally on Gradescope's layout.

The zip is unpacked into ROOT/source as Gradescope does, a submission is laid
into ROOT/submission, and ROOT/source/run_autograder runs with AUTOGRADER_ROOT=ROOT
(this Python stands in for the one setup.sh installs).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

from autograder.classroom.answers import release_source, with_answers
from autograder.classroom.course import build_notebook
from classroom_cases import ASSIGNMENTS, CATALOG, autograder, env, reference_answers

CHAPTERS = list(ASSIGNMENTS)
TEST_KEYS = {"name", "score", "max_score", "status", "output", "visibility"}


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    proc = autograder("gradescope", "build", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def _run(zip_path, tmp_path, files: dict[str, str]) -> dict:
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
    for info in zipfile.ZipFile(zip_path).infolist():  # extractall drops the mode bits
        mode = info.external_attr >> 16
        if mode:
            os.chmod(root / "source" / info.filename, mode)
    for relative, text in files.items():
        path = root / "submission" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "submission").mkdir(parents=True, exist_ok=True)
    run_env = {**env(), "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    run_env.pop("PYTHONPATH", None)
    proc = subprocess.run([str(root / "source" / "run_autograder")], env=run_env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_the_zip_has_what_gradescope_runs(zip_path):
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        config = json.loads(zf.read("lib/config.json"))
    assert {"setup.sh", "run_autograder", "requirements.txt", "lib/autograder/grader.py",
            "lib/autograder/classroom/gradescope.py", "lib/exercises/catalog.toml", "lib/workbench/backend.py"} <= names
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert not any("__pycache__" in n or n.startswith("lib/workbench/app") for n in names)
    assert config["exercises"] == CATALOG.ids and config["assignments"] == CHAPTERS


def test_setup_sh_is_valid_bash(zip_path, tmp_path):
    with zipfile.ZipFile(zip_path) as zf:
        zf.extract("setup.sh", tmp_path)
    assert subprocess.run(["bash", "-n", str(tmp_path / "setup.sh")]).returncode == 0


def _check_results(data: dict):
    assert set(data) >= {"score", "tests", "output", "visibility"}
    for test in data["tests"]:
        assert TEST_KEYS <= set(test), test
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("visible", "after_published")
        assert 0 <= test["score"] <= test["max_score"]
    assert data["score"] == sum(t["score"] for t in data["tests"])
    json.dumps(data)  # plain JSON


def test_notebooks_of_every_chapter_get_full_marks(zip_path, tmp_path):
    files = {f"{a}.ipynb": json.dumps(with_answers(build_notebook(a, ASSIGNMENTS[a]), reference_answers(a)))
             for a in CHAPTERS}
    data = _run(zip_path, tmp_path, files)
    _check_results(data)
    assert data["score"] == sum(ex.points for ex in CATALOG)
    assert all(t["status"] == "passed" for t in data["tests"])
    hidden = [t for t in data["tests"] if t["visibility"] == "after_published"]
    assert hidden and all(not t["name"].endswith(": loads") for t in hidden)
    shown = [t for t in data["tests"] if t["visibility"] == "visible"]
    assert len(shown) == len(CATALOG.ids) and all(t["name"].endswith(": loads") for t in shown)


def test_exercise_files_partly_done_and_a_cheat(zip_path, tmp_path):
    right, untouched, cheat = CATALOG.ids[0], CATALOG.ids[1], CATALOG.ids[2]
    files = {
        CATALOG[right].module: CATALOG[right].solution_path.read_text(encoding="utf-8"),
        os.path.basename(CATALOG[untouched].module): CATALOG[untouched].stub_path.read_text(encoding="utf-8"),
        # the reference inside the autograder's own copy of the engine, where Gradescope puts it
        CATALOG[cheat].module: f"exec(open({str(tmp_path / 'autograder/source/lib/solutions' / CATALOG[cheat].module)!r})"
                               ".read())\n",
    }
    data = _run(zip_path, tmp_path, files)
    _check_results(data)
    by_exercise = {}
    for test in data["tests"]:
        by_exercise.setdefault(test["name"].split(":")[0], []).append(test)
    assert sum(t["score"] for t in by_exercise[right]) == CATALOG[right].points
    assert sum(t["score"] for t in by_exercise[untouched]) == 0
    assert "unchanged" in by_exercise[untouched][0]["output"]
    assert sum(t["score"] for t in by_exercise[cheat]) == 0
    assert "not allowed while graded" in by_exercise[cheat][0]["output"], by_exercise[cheat][0]["output"]
    assert data["score"] == CATALOG[right].points


def test_an_empty_upload_says_what_to_upload(zip_path, tmp_path):
    data = _run(zip_path, tmp_path, {})
    _check_results(data)
    assert data["score"] == 0 and "No answer found" in data["output"] and f"{CHAPTERS[0]}.ipynb" in data["output"]


def test_build_takes_assignments_and_languages(tmp_path):
    out = tmp_path / "zh.zip"
    proc = autograder("gradescope", "build", str(out), "--assignments", CHAPTERS[0], "--lang", "zh", "--visible")
    assert proc.returncode == 0, proc.stderr
    config = json.loads(zipfile.ZipFile(out).read("lib/config.json"))
    assert config["lang"] == "zh" and config["visible"] and config["assignments"] == [CHAPTERS[0]]
    exercise = ASSIGNMENTS[CHAPTERS[0]][0]
    assert config["starts"][exercise.id]
    assert release_source(exercise, "zh") != release_source(exercise, "en")
    shutil.rmtree(tmp_path, ignore_errors=True)
