"""Where the catalog, the stubs and the reference solutions live.

In a clone (or an editable install) they are the top-level folders
``exercises/`` and ``solutions/``; in an installed wheel setuptools maps the
same folders to ``autograder/_exercises`` and ``autograder/_solutions``.
"""

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _root(folder: str) -> Path:
    in_clone = _PACKAGE.parent / folder
    if (in_clone / "ch01").is_dir():
        return in_clone
    packaged = _PACKAGE / f"_{folder}"
    if (packaged / "ch01").is_dir():
        return packaged
    raise FileNotFoundError(f"cannot find the {folder}/ folder next to {_PACKAGE}")


def exercises_root() -> Path:
    """The pristine exercises folder: catalog, instructions, stubs."""
    return _root("exercises")


def solutions_root() -> Path:
    """The reference solutions, importable as ``ch01.affine`` once on sys.path."""
    return _root("solutions")


def compat_root() -> Path:
    """Holds the ``common`` package, so code pasted from the book imports as written."""
    return _PACKAGE / "compat"


def bare_root() -> Path:
    """Holds the book's chapter modules under the bare names its scripts import them by (``seq2seq``)."""
    return _PACKAGE / "compat" / "bare"


def clone_root() -> Path | None:
    """The repository root when running from a clone, else None."""
    root = _PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "exercises").is_dir() else None
