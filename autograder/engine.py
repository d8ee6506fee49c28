"""Which engine this is: one digest of every module of ours that grading runs.

The modules are found by walking imports, not listed: from the grading child
(autograder._child), the parent's grading (autograder.grader), and what a learner's
file may import of ours (the book's `common` package, workbench.backend), every
`import`/`from … import` in their source — function-level and
`importlib.import_module("…")` ones included — that resolves to a file on the
child's path (autograder/compat, the project root). The reference solutions are
not engine code: what depends on them digests them itself (grader._reference_key).

Computed once per program: the grading path's first call pays for it (the files
are read and parsed once), every later one reads the cached value. A changed file
takes effect in a new program, as the program's own modules do.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

from autograder import resources

# where grading starts: the child, the parent, and our modules a learner's file imports ("pkg.*": all of pkg)
ENTRIES = ("autograder._child", "autograder.grader", "common.*", "workbench.backend")


def _roots() -> tuple[Path, ...]:
    # the child's sys.path, less the solutions (autograder.sandbox.run's request)
    return (resources.compat_root(), Path(__file__).resolve().parent.parent)


def _find(name: str, roots) -> Path | None:
    parts = name.split(".")
    for root in roots:
        base = root.joinpath(*parts)
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return path
    return None


# what an import looks like, at any depth of a module's code; read by pattern, not parsed (parsing the
# fifty-odd files costs a grading's hot start a few hundred ms): text that only looks like an import
# (in a docstring) can add a file to the digest, never leave one out
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.M)
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_DYNAMIC = re.compile(r"import_module\(\s*[\"']([\w.]+)[\"']")


def _imported(source: str, module: str, is_package: bool) -> set[str]:
    """Every module name `module`'s source imports (`from a import b`: a, and a.b if b is a module)."""
    package = module if is_package else module.rpartition(".")[0]
    names = set(_DYNAMIC.findall(source))
    for listed in _IMPORT.findall(source):
        names.update(part.split()[0] for part in listed.split(",") if part.split())
    for dots, base, listed in _FROM.findall(source):
        if dots:
            anchor = package.split(".")[: package.count(".") + 2 - len(dots)] if package else []
            base = ".".join(anchor + ([base] if base else []))
        names.add(base)
        listed = listed.split("#")[0].strip("() \t")
        names.update(f"{base}.{part.split()[0]}" for part in listed.replace("\n", ",").split(",")
                     if part.split() and part.split()[0].isidentifier())
    return {package for name in names if name for package in _with_packages(name)}


def _with_packages(name: str) -> list[str]:
    """a.b.c, and a and a.b: importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts) + 1)]


def _entries(roots) -> list[str]:
    names = []
    for entry in ENTRIES:
        if entry.endswith(".*"):
            package = entry[:-2]
            folder = _find(package, roots)
            names.append(package)
            if folder is not None:
                names += [f"{package}.{p.stem}" for p in sorted(folder.parent.glob("*.py")) if p.stem != "__init__"]
        else:
            names.append(entry)
    return names


@functools.cache
def files() -> tuple[Path, ...]:
    """The source files of every module of ours that grading imports, in a fixed order."""
    roots = _roots()
    ours = {p.stem for root in roots for p in root.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    seen: dict[str, Path] = {}
    todo = [package for entry in _entries(roots) for package in _with_packages(entry)]
    while todo:
        name = todo.pop()
        if name in seen or name.partition(".")[0] not in ours:
            continue  # done, or the standard library, numpy …: not ours to digest
        path = _find(name, roots)
        if path is None:
            continue  # a name imported from a module, not a module
        seen[name] = path
        source = path.read_text(encoding="utf-8")
        todo += [n for n in _imported(source, name, path.name == "__init__.py") if n not in seen]
    return tuple(sorted(set(seen.values())))


@functools.cache
def digest() -> str:
    """A hex digest of the engine's code: equal digests, the same grading code.

    Walking the imports reads and searches some sixty files: a program that grades once (the CLI)
    reads the files' list and digest from the cache instead, while every file on it and every
    folder that holds one (where a new module would appear) is as it was then (size, mtime, inode).
    """
    from autograder import cache

    roots = _roots()
    key = cache.digest(b"engine", *(str(root).encode() for root in roots))

    def walked():
        paths = files()
        return {"files": [str(p) for p in paths], "stats": _stats(paths), "digest": digest_of(paths)}

    kept = cache.remembered("engine", key, walked)
    try:
        if kept["stats"] == _stats([Path(p) for p in kept["files"]]):
            return kept["digest"]
    except (KeyError, TypeError):
        pass
    fresh = walked()
    cache.forget("engine", key)
    cache.remembered("engine", key, lambda: fresh)
    return fresh["digest"]


def _stats(paths) -> list:
    """(size, mtime, inode) of each file, then of each folder holding one (sorted): [] entries for missing ones."""
    folders = sorted({str(Path(p).parent) for p in paths} | {str(root) for root in _roots()})

    def stat(path):
        try:
            st = os.stat(path)
        except OSError:
            return []
        return [st.st_size, st.st_mtime_ns, st.st_ino]

    return [stat(p) for p in paths] + [stat(f) for f in folders]


def digest_of(paths) -> str:
    """The digest of these source files: their places under the project and their bytes."""
    project = _roots()[-1]
    hashed = hashlib.sha256()
    for path in paths:
        place = path.relative_to(project).as_posix() if path.is_relative_to(project) else path.name
        hashed.update(place.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()
