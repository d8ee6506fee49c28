"""One digest of the engine (autograder.engine), found by walking imports: it covers every module of
ours that a grading run imports, in the child and in the parent, and nothing is listed by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autograder import engine, resources
from autograder.catalog import load_catalog
from autograder.grader import grade

ROOT = Path(engine.__file__).resolve().parent.parent
PRINT_MODULES = '''
import sys as _sys
print("MODULES:" + "|".join(sorted({m.__file__ for m in list(_sys.modules.values()) if getattr(m, "__file__", None)})))
'''


def _ours(paths) -> set[Path]:
    """The project's own modules among `paths`: the reference solutions (digested apart) and the
    installed packages (a virtual environment inside the clone, as CI makes one) left out."""
    solutions = resources.solutions_root().resolve()
    installed = {Path(p).resolve() for p in sys.path if "site-packages" in p}
    found = {Path(p).resolve() for p in paths}
    return {p for p in found if p.is_relative_to(ROOT) and not p.is_relative_to(solutions) and p.suffix == ".py"
            and not any(p.is_relative_to(site) for site in installed)}


def test_the_digest_covers_every_module_a_grading_child_imports(tmp_path):
    # a file that imports the book's whole `common` (what a learner's file and the trainer step may
    # import) and prints what the child has imported by then: the child's own modules included
    names = [p.stem for p in (resources.compat_root() / "common").glob("*.py") if p.stem != "__init__"]
    source = load_catalog()["affine"].solution_path.read_text(encoding="utf-8")
    learner = tmp_path / "affine.py"
    learner.write_text(source + "".join(f"\nimport common.{n}" for n in sorted(names)) + "\n" + PRINT_MODULES)
    output = grade("affine", learner).output
    line = next(l for l in output.splitlines() if l.startswith("MODULES:"))
    imported = _ours(line[len("MODULES:"):].split("|")) - {learner.resolve()}
    assert len(imported) > 20 and resources.compat_root() / "common" / "trainer.py" in imported
    assert imported <= set(engine.files()), sorted(imported - set(engine.files()))


def test_the_digest_covers_every_module_the_parent_grades_with():
    code = ("import sys; from autograder.grader import grade; from autograder.catalog import load_catalog; "
            "grade('affine', load_catalog()['affine'].solution_path); "
            "print('|'.join(m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True).stdout
    imported = _ours(shown.strip().splitlines()[-1].split("|"))
    assert ROOT / "autograder" / "checks" / "layer.py" in imported
    assert imported <= set(engine.files()), sorted(imported - set(engine.files()))


def test_the_digest_changes_with_any_walked_file_and_is_taken_once(tmp_path):
    assert engine.digest() is engine.digest()  # once per program: the grading path's start reads it
    assert engine.digest() == engine.digest_of(engine.files())
    files = list(engine.files())
    for k in (0, len(files) // 2, len(files) - 1):
        changed = tmp_path / files[k].name
        changed.write_bytes(files[k].read_bytes() + b"\n")
        assert engine.digest_of([*files[:k], changed, *files[k + 1:]]) != engine.digest()
