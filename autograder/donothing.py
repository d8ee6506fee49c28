"""Answers that do nothing, generated from an exercise's reference, and the checks they pass.

Scoring (``autograder.scoring``) gives no points to an answer that passes nothing beyond
what these pass. Every function and method but ``__init__`` is rewritten:

- ``start``: the exercise's starting file as handed out;
- ``pass``: its body is ``pass`` (returns None, writes nothing);
- ``zeros``: returns zeros shaped like the reference's result, computed on copies, so
  nothing the reference writes (grads, saved state, arguments) is kept;
- ``inputs``: returns its first argument unchanged.
"""

from __future__ import annotations

import ast
import copy
import json
import os
from pathlib import Path

from autograder.catalog import Exercise

VARIANTS = ("start", "pass", "zeros", "inputs")

_ZEROS_HELPER = '''
import copy as _donothing_copy
import numpy as _donothing_numpy


def _donothing_zeros(value):
    if isinstance(value, _donothing_numpy.ndarray):
        return _donothing_numpy.zeros_like(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_donothing_zeros(v) for v in value)
    if isinstance(value, dict):
        return {}
    if isinstance(value, str):
        return ""
    if isinstance(value, (bool, _donothing_numpy.bool_)) or value is None:
        return value
    if isinstance(value, (int, float, complex, _donothing_numpy.number)):
        return type(value)(0)
    return value
'''


def variant_sources(exercise: Exercise) -> dict[str, str]:
    """Each do-nothing answer's source, by variant name."""
    tree = ast.parse(exercise.solution_path.read_text(encoding="utf-8"))
    sources = {"start": exercise.stub_path.read_text(encoding="utf-8")} if exercise.stub_path.is_file() else {}
    return {**sources, "pass": _rewrite(tree, _pass_body), "zeros": _ZEROS_HELPER + "\n" + _rewrite(tree, _zeros_body),
            "inputs": _rewrite(tree, _inputs_body)}


def _rewrite(tree: ast.Module, body_of) -> str:
    tree = copy.deepcopy(tree)
    for node in tree.body:
        functions = [node] if isinstance(node, ast.FunctionDef) else \
            [n for n in node.body if isinstance(n, ast.FunctionDef)] if isinstance(node, ast.ClassDef) else []
        for fn in functions:
            if fn.name != "__init__":
                fn.body = body_of(fn)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _parameters(fn: ast.FunctionDef) -> list[str]:
    args = fn.args
    return [a.arg for a in args.posonlyargs + args.args][1 if _is_method(fn) else 0:]


def _is_method(fn: ast.FunctionDef) -> bool:
    positional = fn.args.posonlyargs + fn.args.args
    return bool(positional) and positional[0].arg == "self"


def _pass_body(fn):
    return [ast.Pass()]


def _inputs_body(fn):
    names = _parameters(fn)
    return [ast.Return(ast.Name(names[0], ast.Load()) if names else ast.Constant(None))]


def _zeros_body(fn):
    """`def _donothing_reference(<args>): <body>` inside, then `return zeros(_donothing_reference(<copies>))`."""
    inner = ast.FunctionDef(name="_donothing_reference", args=fn.args, body=fn.body, decorator_list=[],
                            returns=None, type_params=[])
    a = fn.args
    parts = [f"_donothing_copy.deepcopy({x.arg})" for x in a.posonlyargs + a.args]
    if a.vararg:
        parts.append(f"*_donothing_copy.deepcopy({a.vararg.arg})")
    parts += [f"{x.arg}=_donothing_copy.deepcopy({x.arg})" for x in a.kwonlyargs]
    if a.kwarg:
        parts.append(f"**_donothing_copy.deepcopy({a.kwarg.arg})")
    call = ast.parse(f"_donothing_zeros(_donothing_reference({', '.join(parts)}))", mode="eval").body
    return [inner, ast.Return(call)]


# -- the checks they pass, once per reference version ------------------------------------

_memory: dict[str, frozenset[str]] = {}


def free_checks(exercise: Exercise, reference_key: str, grade_raw) -> frozenset[str]:
    """The names of the checks that some do-nothing answer passes.

    `grade_raw(path)` grades a file without scoring it; `reference_key` names the reference
    and engine version the answers derive from, for the cache on disk.
    """
    if reference_key in _memory:
        return _memory[reference_key]
    cache = _cache_dir() / f"{reference_key}.json"
    try:
        names = frozenset(json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        names = _grade_variants(exercise, grade_raw)
        _store(cache, names)
    _memory[reference_key] = names
    return names


def _grade_variants(exercise: Exercise, grade_raw) -> frozenset[str]:
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dlfs2-donothing-"))
    try:
        passed: set[str] = set()
        for name, source in variant_sources(exercise).items():
            path = folder / name / exercise.module
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
            passed |= {c.name for c in grade_raw(path).checks if c.passed}
        return frozenset(passed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dlfs2-workbench" / "donothing"


def _store(path: Path, names: frozenset[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(f".{os.getpid()}.tmp")
        staging.write_text(json.dumps(sorted(names)), encoding="utf-8")
        os.replace(staging, path)
    except OSError:
        pass  # no writable cache: the answers are graded again next time
