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
from autograder.donothing import VARIANTS
from classroom_cases import (ASSIGNMENTS, CATALOG, FIRST_PERIOD_ONLY, autograder, do_nothing, env, one_change,
                             reference_answers)

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
    for value in [data["score"]] + [t[key] for t in data["tests"] for key in ("score", "max_score")]:
        assert round(value, 2) == value, value  # 6.67, never 6.66602
    assert round(data["score"] * 100) == sum(round(t["score"] * 100) for t in data["tests"])
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
    by_exercise = _by_exercise(data)
    assert round(sum(t["score"] for t in by_exercise[right]), 2) == CATALOG[right].points
    assert sum(t["score"] for t in by_exercise[untouched]) == 0
    assert "unchanged" in by_exercise[untouched][0]["output"]
    assert sum(t["score"] for t in by_exercise[cheat]) == 0
    assert "not allowed while graded" in by_exercise[cheat][0]["output"], by_exercise[cheat][0]["output"]
    assert data["score"] == CATALOG[right].points


def test_an_empty_upload_says_what_to_upload(zip_path, tmp_path):
    data = _run(zip_path, tmp_path, {})
    _check_results(data)
    assert data["score"] == 0 and "No answer found" in data["output"] and f"{CHAPTERS[0]}.ipynb" in data["output"]


def _by_exercise(data: dict) -> dict[str, list[dict]]:
    by_exercise: dict[str, list[dict]] = {}
    for test in data["tests"]:
        by_exercise.setdefault(test["name"].split(":")[0], []).append(test)
    return by_exercise


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_do_nothing_answer_scores_0(zip_path, tmp_path, variant):
    """Each generated do-nothing answer of every exercise, uploaded as exercise files."""
    files = {ex.module: answers[variant] for ex in CATALOG if variant in (answers := do_nothing(ex))}
    data = _run(zip_path, tmp_path, files)
    _check_results(data)
    assert data["score"] == 0, [(t["name"], t["score"]) for t in data["tests"] if t["score"]]
    if variant == "pass":  # clip_grads' `pass` passes three checks, and earns nothing for them (it scored 7.5)
        clip = _by_exercise(data)["clip_grads"]
        assert any("an answer that does nothing passes as well" in t["output"] for t in clip), clip
        assert all(t["status"] == "failed" and t["score"] == 0 for t in clip)


def test_scores_are_the_engines_hundredths(zip_path, tmp_path):
    """preprocess's three checks are worth 3.34, 3.33 and 3.33; one passing forward earns 3.33 and
    loads, which passes, earns nothing while the other forward fails."""
    exercise_id, old, new = FIRST_PERIOD_ONLY
    exercise = CATALOG[exercise_id]
    data = _run(zip_path, tmp_path, {exercise.module: one_change(exercise, old, new)})
    _check_results(data)
    tests = _by_exercise(data)[exercise_id]
    assert [t["max_score"] for t in tests] == [3.34, 3.33, 3.33]
    assert [t["score"] for t in tests] == [0.0, 3.33, 0.0]
    assert tests[0]["status"] == "failed" and "no points yet" in tests[0]["output"], tests[0]
    assert data["score"] == 3.33 and f"{exercise_id}: 3.33/10 (failed)" in data["output"], data["output"]


def test_files_under_other_names_are_found_or_named(zip_path, tmp_path):
    lstm, clip = CATALOG["lstm"], CATALOG["clip_grads"]
    files = {"my_lstm.py": lstm.solution_path.read_text(encoding="utf-8"),  # defines LSTM
             "homework/clip.py": clip.solution_path.read_text(encoding="utf-8"),  # defines clip_grads
             "scratch.py": "x = 1\n", "notes.txt": "to do\n"}
    data = _run(zip_path, tmp_path, files)
    _check_results(data)
    by_exercise = _by_exercise(data)
    assert round(sum(t["score"] for t in by_exercise["lstm"]), 2) == lstm.points
    assert round(sum(t["score"] for t in by_exercise["clip_grads"]), 2) == clip.points
    unanswered = by_exercise[CATALOG.ids[0]][0]["output"]
    assert "no answer handed in" in unanswered and "matched to no exercise: notes.txt, scratch.py" in unanswered


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
