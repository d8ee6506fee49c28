"""One backend, no cycle: autograder.backend is the leaf every side imports for its arrays,
and the engine (autograder) never imports the app (workbench)."""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import autograder

ENGINE = Path(autograder.__file__).resolve().parent
PROJECT_PACKAGES = ("autograder", "workbench", "corpora", "exercises", "solutions", "common", "ch0")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import statement in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def test_the_engine_never_imports_the_app():
    offenders = [f"{path.relative_to(ENGINE.parent)}:{line}: import {name}"
                 for path in sorted(ENGINE.rglob("*.py"))
                 for line, name in _imports(path)
                 if name == "workbench" or name.startswith("workbench.")]
    assert offenders == [], "\n".join(offenders)


def test_the_backend_is_a_leaf():
    project = [name for _, name in _imports(ENGINE / "backend.py")
               if name.startswith(".") or name.startswith(PROJECT_PACKAGES)]
    assert project == []


def test_the_learners_alias_is_the_same_backend():
    import autograder.backend
    import workbench.backend

    for name in ("np", "GPU", "to_cpu", "to_gpu", "gpu_requested"):
        assert getattr(workbench.backend, name) is getattr(autograder.backend, name)
    assert autograder.gpu_requested is autograder.backend.gpu_requested


def test_the_parent_reads_the_gpu_switch_without_importing_cupy(tmp_path):
    # a cupy that refuses to import: the grader's parent reads DLFS2_GPU and sizes its limits
    # without it; the first use of `np` tries it, and falls back to numpy
    (tmp_path / "cupy").mkdir()
    (tmp_path / "cupy" / "__init__.py").write_text("raise RuntimeError('cupy was imported')\n")
    script = textwrap.dedent("""
        import sys
        import autograder.sandbox
        assert autograder.sandbox.default_memory() is None      # the GPU's limits: no address-space cap
        assert autograder.gpu_requested()
        assert 'cupy' not in sys.modules and 'autograder.backend' in sys.modules
        from autograder.backend import np, GPU
        import numpy
        assert np is numpy and GPU is False
        print('ok')
    """)
    env = {"DLFS2_GPU": "1", "PYTHONPATH": f"{tmp_path}:{ENGINE.parent}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
