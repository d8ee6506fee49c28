"""Where each name a demo needs comes from: the learner's file, an exercise's reference, or a fallback.

A name is looked up in the catalog: the exercise whose symbols hold it defines it. On the
learner's layers the demo uses that exercise's file in the workspace, and only once the
workspace records it as passing; with ``--reference`` it uses the exercise's reference
(solutions/). A name no exercise defines yet comes from the demo's fallback module (the
book's `common` stand-in, or a book-shaped reference in this package).

The child process imports everything as the grader's child does: the references' folder and
the book's `common` stand-in on sys.path, so a learner's file that imports
``from common.layers import Embedding`` runs as written. On the learner's layers each needed
exercise's module (``ch04.cbow``) is their file, for every importer: the `common` stand-in
re-exports it too, so their CBOW runs on their Embedding.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder import resources


@dataclass(frozen=True)
class Source:
    name: str
    module: str  # imported in the child, `name` read from it
    exercise: str | None = None  # the exercise defining `name`, if any
    learner_file: str | None = None  # the learner's file of that exercise, when it is used
    status: str | None = None  # that exercise's recorded status in the workspace

    @property
    def origin(self) -> str:
        """'learner', 'reference' (an exercise's) or 'fallback' (no exercise defines it yet)."""
        if self.learner_file:
            return "learner"
        return "reference" if self.exercise else "fallback"


@dataclass(frozen=True)
class Plan:
    sources: tuple[Source, ...]
    reference: bool

    @property
    def blocked(self) -> list[Source]:
        """The learner's exercises the demo needs that are not passing yet."""
        return [s for s in self.sources if s.learner_file and s.status != "passed"]

    @property
    def overrides(self) -> dict[str, str]:
        """module → the learner's file that stands for it in the child."""
        return {s.module: s.learner_file for s in self.sources if s.learner_file}

    def to_json(self) -> dict:
        return {"reference": self.reference, "sources": [asdict(s) for s in self.sources]}

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(tuple(Source(**s) for s in data["sources"]), data["reference"])


def module_of(exercise) -> str:
    """The import name of an exercise's module: ch04/cbow.py → ch04.cbow."""
    return exercise.module.removesuffix(".py").replace("/", ".")


def defining_exercise(catalog, name: str):
    """The first exercise (book order) whose symbols include `name`, or None."""
    for exercise in catalog:
        if any(symbol.name == name for symbol in exercise.symbols):
            return exercise
    return None


def plan(demo, workspace, reference: bool) -> Plan:
    """Where each of `demo`'s needs comes from, for this workspace."""
    catalog = workspace.catalog
    progress = workspace.progress()
    sources = []
    for need in demo.needs:
        exercise = defining_exercise(catalog, need.name)
        if exercise is None:
            sources.append(Source(need.name, need.fallback))
        elif reference:
            sources.append(Source(need.name, module_of(exercise), exercise.id))
        else:
            sources.append(Source(need.name, module_of(exercise), exercise.id,
                                  str(workspace.file_for(exercise)), workspace.status(exercise, progress)))
    return Plan(tuple(sources), reference)


def child_sys_path() -> list[str]:
    """What the grader's child puts first on sys.path: the references and the book's `common` stand-in."""
    return [str(resources.solutions_root()), str(resources.compat_root()), str(resources.bare_root())]


class _LearnerFiles(importlib.abc.MetaPathFinder):
    """Answers each overridden module name with the learner's file."""

    def __init__(self, overrides: dict[str, str]):
        self.overrides = overrides

    def find_spec(self, fullname, path=None, target=None):
        file = self.overrides.get(fullname)
        return importlib.util.spec_from_file_location(fullname, file) if file else None


def install(plan_: Plan) -> None:
    """In the child: the import path of the grader's child, and the learner's files for their modules."""
    for path in reversed(child_sys_path()):
        if path not in sys.path:
            sys.path.insert(0, path)
    if plan_.overrides:
        sys.meta_path.insert(0, _LearnerFiles(plan_.overrides))


def resolve(plan_: Plan) -> dict:
    """name → the object, imported (call `install` first)."""
    return {s.name: getattr(importlib.import_module(s.module), s.name) for s in plan_.sources}


def describe(source: Source) -> str:
    """One line saying where a name came from, for the demo's log."""
    if source.origin == "learner":
        return f"{source.name}: {Path(source.learner_file).name} ({source.exercise})"
    if source.origin == "reference":
        return f"{source.name}: reference ({source.exercise})"
    return f"{source.name}: reference ({source.module})"
