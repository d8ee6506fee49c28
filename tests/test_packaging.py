"""The project works from a built wheel, not only from a clone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this tree, unpacked into a folder of its own (no clone around)."""
    dist = tmp_path_factory.mktemp("dist")
    target = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(dist)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-3000:]}")
    wheel = next(dist.glob("dlfs2_workbench-*.whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                              str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    return target


def test_the_wheel_holds_every_module_of_the_tree(installed):
    for package in ("workbench", "autograder", "corpora"):
        for source in (ROOT / package).rglob("*.py"):
            relative = source.relative_to(ROOT)
            assert (installed / relative).is_file(), f"{relative} is missing from the wheel: list its package in pyproject.toml"
    for data in ("workbench/app.tcss", "autograder/_exercises/catalog.toml", "autograder/_exercises/ch01/affine.zh.md",
                 "autograder/text/en.toml", "autograder/text/zh.toml",  # every word a learner reads
                 "autograder/_exercises/conftest.py"):  # the conftest a workspace gets
        assert (installed / data).is_file(), data


def run_installed(target, code, cwd):
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_workbench_init_and_grading_from_the_wheel(installed, tmp_path):
    code = f"""
import autograder, workbench.cli
assert autograder.__file__.startswith({str(installed)!r}), autograder.__file__
from autograder import resources
assert resources.solutions_root().is_relative_to({str(installed)!r})
raise SystemExit(workbench.cli.main(['init', 'learner']))
"""
    proc = run_installed(installed, code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stub = tmp_path / "learner" / "ch01" / "affine.py"
    assert "raise NotImplementedError()" in stub.read_text()

    grade = f"""
import json, sys
from autograder.grader import grade
from autograder.catalog import load_catalog
ex = load_catalog()['affine']
assert ex.instructions('zh').startswith('# ')
print(json.dumps([grade('affine', {str(stub)!r}).status, grade('affine', str(ex.solution_path)).status]))
"""
    proc = run_installed(installed, grade, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == '["not_implemented", "passed"]'
