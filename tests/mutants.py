"""Known-bad submissions written as edits of a reference solution, not as copies of it.

A copy of solutions/ch01/affine.py with one line changed goes stale the day the
reference changes: it keeps testing yesterday's code. A Mutant says only what the
bug changes — (old, new) text — and is applied to the reference as it is now, so
the bad submission follows the reference; an edit that no longer applies fails
loudly (StaleMutant) instead of quietly testing something else.

    Mutant("affine", "bad_db_not_summed", "np.sum(dout, axis=0)", "dout",
           within="Affine.backward", bug="db = dout, not summed over the batch.")

The built file is the reference with the edits made and its module docstring
replaced by one line, "Bug: <bug>"; everything else (the `### BEGIN/END SOLUTION`
lines included) stays, so line numbers are the reference's, shifted only by the
lines an edit adds or removes.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from autograder.catalog import load_catalog


class StaleMutant(Exception):
    """An edit of a mutant no longer matches its reference solution."""


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One bug, as edits of the reference solution of `exercise`.

    old, new: replace `old` by `new`; `old` must occur exactly `count` times (all are
    replaced). For a bug that needs several edits, `old` is a tuple of (old, new) or
    (old, new, count) tuples, made in order, and `new` is left out.
    within: a top-level class or function, or "Class.method": the edits apply to its
    text only (an `old` that stands in MatMul and Affine alike names one of them).
    Otherwise they apply to the whole file after its docstring.
    bug: one sentence, the built file's docstring ("Bug: " is put before it; "Correct variant: " for
    a mutant named ok_*, a right answer written another way, which must pass).
    """

    exercise: str
    name: str  # the file name without .py, as in the case table: "bad_db_not_summed"
    old: str | tuple
    new: str | None = None
    count: int = 1
    bug: str = dataclasses.field(default="", kw_only=True)
    within: str = dataclasses.field(default="", kw_only=True)

    def __post_init__(self):
        if not self.bug or "\n" in self.bug or '"""' in self.bug or "\\" in self.bug:
            raise ValueError(f"mutant {self.id}: bug must be one line of plain text, got {self.bug!r}")
        if isinstance(self.old, str) == (self.new is None):
            raise ValueError(f"mutant {self.id}: give old and new, or a tuple of (old, new) edits alone")

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.name}"

    @property
    def edits(self) -> tuple[tuple[str, str, int], ...]:
        if isinstance(self.old, str):
            return ((self.old, self.new, self.count),)
        return tuple((e[0], e[1], e[2] if len(e) > 2 else 1) for e in self.old)

    def reference(self) -> Path:
        return load_catalog()[self.exercise].solution_path


def mutated_source(mutant: Mutant, reference: str | None = None) -> str:
    """The reference's text (read from the catalog's solution unless given) with the bug in it."""
    if reference is None:
        reference = mutant.reference().read_text(encoding="utf-8")
    lines = reference.splitlines(keepends=True)
    tree = ast.parse(reference)
    first = tree.body[0] if tree.body else None
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        raise StaleMutant(f"mutant {mutant.id}: {mutant.reference()} has no module docstring to replace")
    start, end = _region(mutant, tree, first.end_lineno, len(lines))
    text = "".join(lines[start:end])
    where = f"{mutant.within or 'the file'} of {mutant.reference()}"
    for old, new, count in mutant.edits:
        found = text.count(old)
        if found != count:
            raise StaleMutant(f"mutant {mutant.id}: {old!r} stands {found} times in {where}, "
                              f"not {count}: update the mutant to the reference")
        text = text.replace(old, new)
    docstring = f'"""{"Correct variant" if mutant.name.startswith("ok_") else "Bug"}: {mutant.bug}"""\n'
    return "".join(lines[:first.lineno - 1]) + docstring + "".join(lines[first.end_lineno:start]) + text \
        + "".join(lines[end:])


def _region(mutant: Mutant, tree: ast.Module, after_docstring: int, line_count: int) -> tuple[int, int]:
    """The line slice [start, end) that the edits of `mutant` apply to."""
    if not mutant.within:
        return after_docstring, line_count
    body, node = tree.body, None
    for part in mutant.within.split("."):
        node = next((n for n in body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == part), None)
        if node is None:
            raise StaleMutant(f"mutant {mutant.id}: {mutant.reference()} has no {mutant.within}")
        body = node.body
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return first - 1, node.end_lineno


def build(mutant: Mutant, directory: Path) -> Path:
    """Write the mutant to directory/<exercise>/<name>.py; returns that path."""
    path = Path(directory) / mutant.exercise / f"{mutant.name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(mutated_source(mutant), encoding="utf-8")
    return path
