"""`autograder grade`: one grade, one child, forked by the program itself (no fork server), with what a
fork server's child has (its own session, the run's token, the children's settings), and the caches
that spare it the parsing of the catalog and the text store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import cache, forkserver, sandbox
from autograder.catalog import load_catalog

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not sandbox.fork_server_wanted(), reason="forked children only on Linux, CPU")

# printed by the graded file's child: who forked it, and what it was given
REPORT = '''
import os
parent = open(f"/proc/{os.getppid()}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
print("PARENT", parent)
print("SELF", open("/proc/self/cmdline", "rb").read().replace(b"\\0", b" ").decode())
print("TOKEN", os.environ.get("DLFS2_SANDBOX_RUN"))
print("SESSION", os.getsid(0) == os.getpid(), "BLAS", os.environ.get("OPENBLAS_NUM_THREADS"))
'''

# a program it starts in a session of its own (it has the run's token), and a forked daemon in a
# session of its own (it has not: the program's first environment): neither may outlive the grade
LITTERER = '''
import os, subprocess, time
sleeper = subprocess.Popen(["sleep", "300"], start_new_session=True)
daemon = os.fork()
if daemon == 0:
    os.setsid()
    while True:
        time.sleep(1)
print("PIDS", sleeper.pid, daemon)
'''


def grade(path: Path, *extra: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "autograder"), "grade", "sigmoid", str(path), "--json", *extra],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def sigmoid_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "sigmoid.py"
    path.write_text(load_catalog()["sigmoid"].solution_path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _gone(pid: int, timeout: float = 60.0) -> bool:
    """Whether process `pid` ends (a hang guard: no test bets on when)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True  # a zombie: ended, not reaped yet by whoever adopted it
        except OSError:
            return True
        time.sleep(0.05)
    return False


def test_one_grade_forks_its_one_child_itself(tmp_path):
    proc = grade(sigmoid_with(tmp_path, REPORT))
    assert proc.returncode == 0, proc.stderr
    output = json.loads(proc.stdout)["output"]
    lines = dict(line.split(" ", 1) for line in output.strip().splitlines())
    # its parent is the program (not a fork server), and it is a fork of it (not a fresh interpreter)
    assert "grade sigmoid" in lines["PARENT"] and lines["SELF"] == lines["PARENT"]
    token = lines["TOKEN"]
    assert len(token) == 32 and token != forkserver.PLACEHOLDER
    assert lines["SESSION"] == "True BLAS 1"


def test_what_one_grade_starts_ends_with_it(tmp_path):
    proc = grade(sigmoid_with(tmp_path, LITTERER))
    assert proc.returncode == 0, proc.stderr
    output = json.loads(proc.stdout)["output"]
    sleeper, daemon = (int(pid) for pid in output.split("PIDS", 1)[1].split())
    for pid in (sleeper, daemon):
        assert _gone(pid), f"process {pid} outlived the grade"


def test_without_the_fork_server_one_grade_starts_a_fresh_child(tmp_path):
    proc = grade(sigmoid_with(tmp_path, REPORT), env={"DLFS2_FORKSERVER": "0"})
    assert proc.returncode == 0, proc.stderr
    output = json.loads(proc.stdout)["output"]
    assert "_child.py" in output.split("SELF", 1)[1].splitlines()[0]


def test_a_cache_that_cannot_be_read_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []
    assert cache.remembered("probe", "k", lambda: calls.append(1) or {"a": [1, 2]}) == {"a": [1, 2]}
    assert cache.remembered("probe", "k", lambda: calls.append(1) or {"a": [3]}) == {"a": [1, 2]} and calls == [1]
    (cache.folder("probe") / "k.json").write_text("{ cut sh", encoding="utf-8")
    assert cache.remembered("probe", "k", lambda: {"b": 1}) == {"b": 1}
    assert cache.digest(b"a", b"bc") != cache.digest(b"ab", b"c")  # each part's length is in the key


def test_the_catalog_and_the_texts_read_from_the_cache_are_the_files(tmp_path):
    """A fresh program with an empty cache and one with a warm one load the same catalog and texts; the
    warm one reads the catalog as checked and expanded before, without the schema or the presets."""
    script = ("import json, sys\nfrom autograder import catalog\nfrom autograder.text import TEMPLATES\n"
              "c = catalog.load_catalog()\n"
              "print(json.dumps(catalog._kept(list(c)), sort_keys=True), len(TEMPLATES), TEMPLATES['check.ok']['zh'])\n"
              "print(sorted({'autograder.schema', 'autograder.presets'} & set(sys.modules)))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert list((tmp_path / "dlfs2-workbench").iterdir())  # written
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    cold_catalog, cold_modules = cold.stdout.splitlines()
    warm_catalog, warm_modules = warm.stdout.splitlines()
    assert cold_catalog == warm_catalog
    assert cold_modules == "['autograder.presets', 'autograder.schema']" and warm_modules == "[]"


def test_the_catalog_read_back_is_the_catalog_checked():
    """Every field of every exercise, probe and check, as the catalog's cached form gives it back."""
    from autograder import catalog as catalog_module

    checked = catalog_module._checked(catalog_module.resources.exercises_root() / "catalog.toml",
                                      (catalog_module.resources.exercises_root() / "catalog.toml").read_bytes())
    read_back = [catalog_module._from_kept(entry) for entry in json.loads(json.dumps(catalog_module._kept(checked)))]
    assert read_back == checked  # the dataclasses' fields, probes included
    for fresh, kept in zip(checked, read_back):
        for a, b in zip(fresh.probes, kept.probes):
            assert a.steps == b.steps and [dict(c) for c in a.checks] == [dict(c) for c in b.checks]
            assert all(type(c) is type(d) for c, d in zip(a.checks, b.checks))
